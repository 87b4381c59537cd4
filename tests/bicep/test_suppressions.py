"""Inline suppressions written as Bicep comments, end to end through the linter."""

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

SET = """resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {{
  name: 'vmss-flex-spg'
  location: 'westeurope'
  properties: {{
    orchestrationMode: 'Flexible'
{comment}    singlePlacementGroup: {spg}
    platformFaultDomainCount: 1
  }}
}}
"""


def _lint(path):
    result = Linter(Registry.default(), Options()).lint_file(str(path))
    return [
        (f.rule_id, f.line, f.col, f.path.rsplit("/", 1)[-1])
        for f in result.findings
        if f.suppression is None and (f.severity != "note" or f.rule_id.startswith("ORCH90"))
    ]


def test_directive_with_a_reason_suppresses_the_next_line(tmp_path):
    path = tmp_path / "main.bicep"
    path.write_text(
        SET.format(
            comment="    // arm-orchlint-disable-next-line ORCH206 -- accepted by the platform team\n", spg="true"
        )
    )
    assert _lint(path) == []


def test_without_the_directive_the_finding_is_there(tmp_path):
    path = tmp_path / "main.bicep"
    path.write_text(SET.format(comment="", spg="true"))
    assert _lint(path) == [("ORCH206", 6, 5, "main.bicep")]


def test_directive_without_a_reason_is_reported_and_suppresses_nothing(tmp_path):
    path = tmp_path / "main.bicep"
    path.write_text(SET.format(comment="    // arm-orchlint-disable-next-line ORCH206\n", spg="true"))
    assert sorted(_lint(path)) == [("ORCH206", 7, 5, "main.bicep"), ("ORCH906", 6, 5, "main.bicep")]


def test_unused_directive_is_reported(tmp_path):
    path = tmp_path / "main.bicep"
    path.write_text(
        SET.format(comment="    // arm-orchlint-disable-next-line ORCH206 -- kept from an older version\n", spg="false")
    )
    assert _lint(path) == [("ORCH905", 6, 5, "main.bicep")]


def test_directive_inside_a_module_file(tmp_path):
    (tmp_path / "modules").mkdir()
    module = tmp_path / "modules" / "vmss.bicep"
    module.write_text(
        "param singlePlacementGroup bool\n\n"
        + SET.format(
            comment="    // arm-orchlint-disable-next-line ORCH206 -- the caller decides\n", spg="singlePlacementGroup"
        )
    )
    main = tmp_path / "main.bicep"
    main.write_text(
        "module vmss 'modules/vmss.bicep' = {\n  name: 'vmss'\n  params: {\n    singlePlacementGroup: true\n  }\n}\n"
    )
    assert _lint(main) == []
    # the same module without the directive: the finding is in the module file
    module.write_text("param singlePlacementGroup bool\n\n" + SET.format(comment="", spg="singlePlacementGroup"))
    assert _lint(main) == [("ORCH206", 8, 5, "vmss.bicep")]


def test_unused_directive_inside_a_module_file_is_reported_there(tmp_path):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "vmss.bicep").write_text(
        "param singlePlacementGroup bool\n\n"
        + SET.format(
            comment="    // arm-orchlint-disable-next-line ORCH206 -- the caller decides\n", spg="singlePlacementGroup"
        )
    )
    main = tmp_path / "main.bicep"
    main.write_text(
        "module vmss 'modules/vmss.bicep' = {\n  name: 'vmss'\n  params: {\n    singlePlacementGroup: false\n  }\n}\n"
    )
    assert _lint(main) == [("ORCH905", 8, 5, "vmss.bicep")]
