"""The real-world corpus: every file is read without a crash, in one run.

The corpus lives in ../shared/corpus beside the checkout (present in CI); these tests skip
with a reason when it is absent.
"""

import json


from arm_orchlint.engine import Linter
from arm_orchlint.registry import Registry

from .conftest import CORPUS, lint, needs_shared

pytestmark = needs_shared(CORPUS)


def corpus_files():
    return sorted(p for p in (CORPUS / "files").rglob("*") if p.is_file() and p.suffix.lower() in (".json", ".jsonc", ".bicep", ".bicepparam"))


def test_every_corpus_file_lints_without_an_internal_error(capsys):
    linter = Linter(Registry.default())
    files = corpus_files()
    assert len(files) > 400
    for path in files:
        linter.lint_file(str(path))
    err = capsys.readouterr().err
    assert "internal error" not in err, err


def test_whole_corpus_in_one_cli_run_gives_valid_json():
    code, out = lint([CORPUS / "files"])
    assert code in (0, 1)
    data = json.loads(out)
    assert data["summary"]["files"] > 200
