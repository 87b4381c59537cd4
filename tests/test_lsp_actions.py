"""Suppression edits of the language server's code actions (unit level)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("lsprotocol", reason="the lsp extra is not installed")

from arm_orchlint.lint.engine import Linter  # noqa: E402
from arm_orchlint.lint.fixing import apply_edits  # noqa: E402
from arm_orchlint.lint.text import lint_text  # noqa: E402
from arm_orchlint.lsp.actions import suppression_edit  # noqa: E402
from arm_orchlint.rules.registry import Registry  # noqa: E402

from .conftest import FIXTURES  # noqa: E402


def suppressed_once(path, text: str, rule: str) -> str:
    linter = Linter(Registry.default())
    (finding,) = [f for f in lint_text(linter, str(path), text).findings if f.rule_id == rule]
    edit = suppression_edit(finding, text)
    assert edit is not None
    new = apply_edits(text, [edit])
    after = lint_text(Linter(Registry.default()), str(path), new).findings
    assert [f for f in after if f.rule_id == rule and f.suppression is None] == []
    # the new directive is well formed and used (other rules' directives may be unused)
    assert [f.rule_id for f in after if f.rule_id in ("ORCH905", "ORCH906") and rule in f.message] == []
    assert [f.rule_id for f in after if f.rule_id == "ORCH906"] == []
    return new


def test_a_second_rule_joins_the_directive_above(tmp_path):
    text = (FIXTURES / "ORCH206" / "bad.bicep").read_text()
    text = text.replace(
        "    singlePlacementGroup", "    // arm-orchlint-disable-next-line ORCH101 -- ok\n    singlePlacementGroup"
    )
    new = suppressed_once(tmp_path / "t.bicep", text, "ORCH206")
    assert "// arm-orchlint-disable-next-line ORCH101,ORCH206 -- ok\n" in new


def test_crlf_text_keeps_its_line_ends(tmp_path):
    text = (FIXTURES / "ORCH206" / "bad.bicep").read_text().replace("\n", "\r\n")
    new = suppressed_once(tmp_path / "t.bicep", text, "ORCH206")
    assert "-- <reason>\r\n    singlePlacementGroup" in new


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        {"owner": "team"},
        {"arm-orchlint": {}},
        {"arm-orchlint": {"ignore": {}}},
        {"arm-orchlint": {"ignore": {"ORCH101": "accepted"}}},
    ],
)
def test_metadata_levels_that_exist_are_kept(tmp_path, metadata):
    data = json.loads((FIXTURES / "ORCH206" / "bad.json").read_text())
    data["resources"][0] = {"metadata": metadata, **data["resources"][0]}
    new = suppressed_once(tmp_path / "t.json", json.dumps(data, indent=2), "ORCH206")
    meta = json.loads(new)["resources"][0]["metadata"]
    assert meta["arm-orchlint"]["ignore"]["ORCH206"] == "<reason>"
    for key, value in metadata.items():
        if key != "arm-orchlint":
            assert meta[key] == value
    if metadata.get("arm-orchlint", {}).get("ignore"):
        assert meta["arm-orchlint"]["ignore"]["ORCH101"] == "accepted"


def test_jsonc_gets_a_comment(tmp_path):
    text = (FIXTURES / "ORCH206" / "bad.json").read_text()
    new = suppressed_once(tmp_path / "t.jsonc", text, "ORCH206")
    assert '        // arm-orchlint-disable-next-line ORCH206 -- <reason>\n        "singlePlacementGroup"' in new


def test_diagnostic_columns_are_utf16_code_units(tmp_path):
    from arm_orchlint.lsp.convert import LineIndex, diagnostic

    text = (FIXTURES / "ORCH206" / "bad.json").read_text()
    text = text.replace('"singlePlacementGroup": true,', '"tags": "é😀", "singlePlacementGroup": true,')
    registry = Registry.default()
    (finding,) = [f for f in lint_text(Linter(registry), str(tmp_path / "t.json"), text).findings]
    rng = diagnostic(finding, registry).range
    line = text.split("\n")[rng.start.line]
    prefix = line[: line.index('"singlePlacementGroup"')]
    assert rng.start.character == len(prefix.encode("utf-16-le")) // 2  # the emoji counts 2
    # and back: the same position is the code-point offset of the key
    index = LineIndex(text)
    assert text[index.offset(rng.start) :].startswith('"singlePlacementGroup"')
    assert index.position(index.offset(rng.start)) == rng.start
