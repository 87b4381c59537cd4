"""Inline suppressions in JSONC and resource metadata (Bicep follows when its front end lands)."""

import json

from arm_orchlint.front.json.comments import json_comments
from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.lint.suppress import directives_from_comments
from arm_orchlint.rules.registry import Registry

TEMPLATE = """{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {{
      "type": "Microsoft.Compute/virtualMachineScaleSets",
      "apiVersion": "2021-03-01",
      "name": "vmss",
      "location": "westeurope",{metadata}
      "properties": {{
        "orchestrationMode": "Flexible",
{before}        "singlePlacementGroup": true,
        "platformFaultDomainCount": 1
      }}
    }}
  ]
}}
"""


def lint(tmp_path, before="", metadata="", name="t.jsonc", **options):
    path = tmp_path / name
    path.write_text(TEMPLATE.format(before=before, metadata=metadata))
    result = Linter(Registry.default(entry_points=False), Options(**options)).lint_file(str(path))
    return result.findings


def active(findings):
    return sorted((f.rule_id, f.line) for f in findings if f.suppression is None)


def test_unsuppressed(tmp_path):
    assert active(lint(tmp_path)) == [("ORCH206", 12)]


def test_comment_suppresses_next_line_with_reason(tmp_path):
    findings = lint(tmp_path, before="        // arm-orchlint-disable-next-line ORCH206 -- accepted in OPS-1\n")
    assert active(findings) == []
    (f,) = [f for f in findings if f.rule_id == "ORCH206"]
    assert f.suppression.kind == "inSource" and f.suppression.justification == "accepted in OPS-1"


def test_rule_names_and_lists(tmp_path):
    before = "        // arm-orchlint-disable-next-line ORCH002, flexible-single-placement-group -- both\n"
    findings = lint(tmp_path, before=before)
    # ORCH206 is suppressed by name; ORCH002 suppresses nothing there.
    assert active(findings) == [("ORCH905", 12)]


def test_without_reason_does_not_suppress(tmp_path):
    for before in (
        "        // arm-orchlint-disable-next-line ORCH206\n",
        "        // arm-orchlint-disable-next-line ORCH206 --   \n",
    ):
        findings = lint(tmp_path, before=before)
        assert active(findings) == [("ORCH206", 13), ("ORCH906", 12)]


def test_unused_suppression(tmp_path):
    before = "        // arm-orchlint-disable-next-line ORCH206 -- fine\n\n"
    assert active(lint(tmp_path, before=before)) == [("ORCH206", 14), ("ORCH905", 12)]


def test_unused_only_when_the_rule_is_enabled(tmp_path):
    before = "        // arm-orchlint-disable-next-line ORCH206 -- fine\n\n"
    assert active(lint(tmp_path, before=before, ignore=["ORCH206"])) == []
    assert (
        active(lint(tmp_path, before=before, per_file_ignores=[("*.jsonc", ["ORCH206"])], config_root=str(tmp_path)))
        == []
    )
    # and the unused-suppression rule itself can be switched off
    assert active(lint(tmp_path, before=before, ignore=["ORCH905"])) == [("ORCH206", 14)]


def test_unknown_rule_is_reported(tmp_path):
    before = "        // arm-orchlint-disable-next-line ORCH999 -- typo\n"
    assert active(lint(tmp_path, before=before)) == [("ORCH206", 13), ("ORCH905", 12)]


def test_trailing_comment_is_not_a_directive(tmp_path):
    findings = lint(tmp_path, before='        "zones": [], // arm-orchlint-disable-next-line ORCH206 -- no\n')
    assert ("ORCH206", 13) in active(findings)


def test_comment_in_string_is_ignored():
    text = '{"a": "// arm-orchlint-disable-next-line ORCH206 -- no", /* block */\n  // real\n}'
    comments = json_comments("x", text)
    assert [(c.span.line, c.span.col, c.text, c.alone) for c in comments] == [
        (1, 58, "/* block */", False),
        (2, 3, "// real", True),
    ]
    assert directives_from_comments("x", comments) == []


def test_metadata_suppression(tmp_path):
    meta = '\n      "metadata": {"arm-orchlint": {"ignore": {"ORCH206": "migration tracked in OPS-2"}}},'
    findings = lint(tmp_path, metadata=meta, name="t.json")
    assert active(findings) == []
    (f,) = [f for f in findings if f.rule_id == "ORCH206"]
    assert f.suppression.justification == "migration tracked in OPS-2"


def test_metadata_without_reason_and_unused(tmp_path):
    meta = '\n      "metadata": {"arm-orchlint": {"ignore": {"ORCH206": "", "ORCH002": "not needed"}}},'
    findings = lint(tmp_path, metadata=meta, name="t.json")
    assert active(findings) == [("ORCH206", 13), ("ORCH905", 10), ("ORCH906", 10)]


def test_suppressed_findings_do_not_fail_the_run(tmp_path):
    from .test_formats import run_cli

    path = tmp_path / "t.jsonc"
    path.write_text(
        TEMPLATE.format(before="        // arm-orchlint-disable-next-line ORCH206 -- accepted\n", metadata="")
    )
    code, out = run_cli("check", "--isolated", str(path))
    assert code == 0, out
    sarif = json.loads(run_cli("check", "--isolated", "--format", "sarif", str(path))[1])
    (result,) = sarif["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "accepted"}]


def test_bicep_comments_through_the_document(tmp_path):
    """Bicep documents carry their comments (``Document.comments``); the suppression code
    needs nothing else: no source bytes, no module files read again."""
    from arm_orchlint.core.findings import Finding
    from arm_orchlint.core.source import Span
    from arm_orchlint.front.document import Comment, Comments, Document
    from arm_orchlint.lint.suppress import apply_suppressions

    text = "// arm-orchlint-disable-next-line ORCH206 -- accepted"
    comments = Comments({"main.bicep": [Comment(Span("main.bicep", 2, 3, 2, 55), text, True)]})
    doc = Document(path="main.bicep", data={}, locator=None, kind="bicep", comments=comments)
    finding = Finding("ORCH206", "error", "m", "main.bicep", Span("main.bicep", 3, 17, 3, 42))
    registry = Registry.default(entry_points=False)
    extra = apply_suppressions(doc, [finding], registry.get, lambda *a: None, lambda rule_id: True)
    assert extra == [] and finding.suppression.justification == "accepted"
