"""``arm-orchlint show``: each scale set as the linter reads it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from .conftest import FIXTURES


def show(*args):
    result = CliRunner().invoke(cli, ["show", "--isolated", *[str(a) for a in args]], catch_exceptions=False)
    return result.exit_code, result.output


def test_text_names_each_value_and_where_it_came_from():
    code, out = show(
        FIXTURES / "ORCH206" / "eval-param-file.json", "-p", FIXTURES / "ORCH206" / "eval-param-file.parameters.json"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("scale set vmss-flex-spg (") and "API 2021-03-01" in lines[0]
    assert "  mode: Flexible" in lines
    assert any(
        line.startswith("  single placement group: true (from parameter 'singlePlacementGroup', parameter file at ")
        for line in lines
    )
    assert "  upgrade policy: Manual (not written: Azure's default)" in lines


def test_an_absent_mode_is_shown_as_assumed(tmp_path):
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2023-03-01",
                "name": "uni",
                "location": "westeurope",
                "zones": ["1", "2"],
                "sku": {"name": "Standard_D2s_v3", "capacity": 3},
                "properties": {"virtualMachineProfile": {}},
            }
        ],
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template, indent=2))
    code, out = show(path, "--format", "json")
    assert code == 0
    (view,) = json.loads(out)
    assert view["mode"] == {
        "value": "Uniform",
        "written": None,
        "how": "assumed",
        "assumed": True,
        "text": "Uniform (assumed: orchestrationMode is not set)",
    }
    # zonal Uniform: one fault domain and no single placement group by default
    assert view["fault_domains"] == {"value": 1, "written": False}
    assert view["single_placement_group"] == {"value": False, "written": False}
    assert view["zones"] == {"value": ["1", "2"], "written": True}
    assert view["capacity"] == {"value": 3, "written": True}


def test_bicep_module_argument_is_named():
    code, out = show(FIXTURES / "ORCH206" / "bad-module.bicep")
    assert code == 0
    assert "(from parameter 'singlePlacementGroup', module argument at " in out
    assert "  deployed by the module at " in out and "bad-module.bicep:1" in out


def test_not_a_template_is_one_error_line(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "x"}')
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 2
    assert "not an ARM template or Bicep file" in result.output


def test_the_readme_example_is_current(monkeypatch):
    from .conftest import REPO

    command = "$ arm-orchlint show fixtures/ORCH206/eval-param-default.json\n"
    readme = (REPO / "README.md").read_text()
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(REPO)
    code, out = show("fixtures/ORCH206/eval-param-default.json")
    assert (code, out) == (0, shown)
