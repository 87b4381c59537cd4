"""The bundled examples (the README's first command lints them) keep showing what they are for."""

import json

from .conftest import REPO, lint


def test_examples_show_their_mistakes_and_the_clean_one_stays_clean():
    code, out = lint([REPO / "examples"])
    data = json.loads(out)
    by_file = {}
    for f in data["findings"]:
        by_file.setdefault(f["path"].replace("\\", "/").split("examples/")[-1], set()).add(f["rule"])
    assert code == 1
    assert by_file == {
        "flexible-web-tier.json": {"ORCH206", "ORCH201", "ORCH408"},
        "uniform-legacy.json": {"ORCH002", "ORCH003"},
        "web-tier.bicep": {"ORCH201", "ORCH701", "ORCH702"},
    }
