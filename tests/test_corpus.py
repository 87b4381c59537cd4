"""The real-world corpus: every file is read without a crash, in one run.

The corpus lives in ../shared/corpus beside the checkout (present in CI); these tests skip
with a reason when it is absent.
"""

import json
import os
from pathlib import Path

import pytest

from arm_orchlint.lint.engine import Linter
from arm_orchlint.rules.registry import Registry

from .conftest import CORPUS, SHARED, needs_shared

pytestmark = needs_shared(CORPUS)


def corpus_files():
    return sorted(
        p
        for p in (CORPUS / "files").rglob("*")
        if p.is_file() and p.suffix.lower() in (".json", ".jsonc", ".bicep", ".bicepparam")
    )


def test_every_corpus_file_lints_without_an_internal_error(capsys):
    linter = Linter(Registry.default())
    files = corpus_files()
    assert len(files) > 400
    for path in files:
        linter.lint_file(str(path))
    err = capsys.readouterr().err
    assert "internal error" not in err, err


SUMMARY = Path(__file__).with_name("corpus_summary.json")
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def test_whole_corpus_in_one_sarif_run_matches_the_checked_in_summary():
    """One CLI run over the corpus with --format sarif: valid SARIF, no internal error, and
    the count of findings per rule and level equal to tests/corpus_summary.json.

    A rule change that adds (or removes) findings on real templates shows up here and in
    review.  After a deliberate change, regenerate the summary with one command:

        ARM_ORCHLINT_UPDATE_SUMMARY=1 python -m pytest tests/test_corpus.py -k summary
    """
    import jsonschema
    from click.testing import CliRunner

    from arm_orchlint.cli.app import cli

    result = CliRunner().invoke(cli, ["check", "--format", "sarif", str(CORPUS / "files")])
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.stderr, result.stderr
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    counts: dict[str, int] = {}
    for res in sarif["runs"][0]["results"]:
        key = f"{res['ruleId']} {res.get('level', 'warning')}"
        counts[key] = counts.get(key, 0) + 1
    assert len(sarif["runs"][0]["artifacts"] if "artifacts" in sarif["runs"][0] else corpus_files()) > 200
    summary = {"files": len(corpus_files()), "results": sum(counts.values()), "by_rule": dict(sorted(counts.items()))}
    if os.environ.get("ARM_ORCHLINT_UPDATE_SUMMARY") == "1":
        SUMMARY.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        return
    expected = json.loads(SUMMARY.read_text(encoding="utf-8"))
    if summary != expected:
        old, new = expected.get("by_rule", {}), summary["by_rule"]
        changes = [
            f"  {k}: {old.get(k, 0)} -> {new.get(k, 0)}"
            for k in sorted(set(old) | set(new))
            if old.get(k, 0) != new.get(k, 0)
        ]
        if expected.get("files") != summary["files"]:
            changes.insert(0, f"  files: {expected.get('files')} -> {summary['files']}")
        pytest.fail(
            "findings on the corpus changed (rule level: before -> after):\n"
            + "\n".join(changes)
            + "\nIf intended, run: ARM_ORCHLINT_UPDATE_SUMMARY=1 python -m pytest tests/test_corpus.py -k summary"
        )
