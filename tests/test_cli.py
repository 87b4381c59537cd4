import json

from click.testing import CliRunner

from arm_orchlint import __version__
from arm_orchlint.cli.app import cli

from .conftest import FIXTURES, lint


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"arm-orchlint {__version__}"


def test_text_format_and_exit_code():
    result = run(str(FIXTURES / "ORCH206" / "bad.json"))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.endswith("[ORCH206]")
    assert ":12:9: error: " in first


def test_clean_file_exits_zero():
    result = run(str(FIXTURES / "ORCH206" / "good.json"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("No problems found in 1 file.")


def test_missing_path_is_a_usage_error():
    result = run("does/not/exist.json")
    assert result.exit_code == 2
    assert "path not found" in result.output


def test_invalid_json_is_a_finding_and_other_files_are_still_linted(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "resources": [\n    {"type": "x" "y"}\n  ]\n}\n')
    code, out = lint([broken, FIXTURES / "ORCH206" / "bad.json"])
    data = json.loads(out)
    rules = [(f["rule"], f["line"]) for f in data["findings"]]
    assert ("ORCH900", 3) in rules
    assert ("ORCH206", 12) in rules
    assert code == 1


def test_rules_listing_json():
    result = run("rules", "--format", "json")
    data = json.loads(result.output)
    assert {"id", "name", "severity", "modes", "summary"} <= set(data[0])


def test_explain():
    result = run("explain", "ORCH206")
    assert result.exit_code == 0
    assert "Bad:" in result.output and "Good:" in result.output
    assert run("explain", "flexible-single-placement-group").exit_code == 0
    assert run("explain", "NOPE123").exit_code == 2


def test_folder_skips_parameter_and_unrelated_json(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "t.parameters.json").write_text(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {}}'
    )
    code, out = lint([tmp_path])
    data = json.loads(out)
    assert data["files"] == [] and data["findings"] == []
    assert code == 0
