"""docs/error-model.md, row by row: each input problem is a finding (exit 0 or 1, the other
files still linted), each invocation problem is a tool error (exit 2, one line on stderr)."""

import builtins
import json
import os

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli
from arm_orchlint.front import files as documents
from arm_orchlint.front.json.load import MAX_NESTING_DEPTH

from .conftest import FIXTURES

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
OTHER = FIXTURES / "ORCH206" / "bad.json"  # one ORCH206 at 12:9


def template(props=None, resource_extra=None, **top):
    res = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": "x",
        "properties": {"orchestrationMode": "Flexible", **(props or {})},
    }
    res.update(resource_extra or {})
    return json.dumps({"$schema": SCHEMA, **top, "resources": [res]}, indent=1)


def run(paths, *args):
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args, *map(str, paths)])
    return result


def check(tmp_path, name, content, *args):
    """Lint the file together with a known-bad one; returns this file's findings as (rule, line, col, message, severity)."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run([path, OTHER], *args)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.stderr, result.stderr
    data = json.loads(result.stdout)
    assert any(f["rule"] == "ORCH206" and f["path"] == str(OTHER) for f in data["findings"])  # the other file is linted
    return [
        (f["rule"], f["line"], f["column"], f["message"], f["severity"])
        for f in data["findings"]
        if f["path"] == str(path)
    ]


def rules(found):
    return [f[0] for f in found]


# -- findings ------------------------------------------------------------------------------


def test_invalid_json_is_orch900_at_the_parser_position(tmp_path):
    found = check(tmp_path, "t.json", '{\n  "resources": [\n    {"type": 1,, }\n  ]\n}\n')
    assert [(r, line, col) for r, line, col, *_ in found] == [("ORCH900", 3, 18)]  # at the "}" after the stray comma
    assert found[0][3].startswith("invalid JSON:")


def test_bicep_syntax_error_is_orch908_and_the_rest_is_checked(tmp_path):
    text = (
        "resource x 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n name: 'x'\n properties: {\n"
        "  orchestrationMode: 'Flexible'\n  singlePlacementGroup: true\n  foo: ((\n }\n}\n"
    )
    found = check(tmp_path, "t.bicep", text)
    assert [(r, line) for r, line, *_ in found] == [("ORCH206", 5), ("ORCH908", 6)]


def test_wrong_type_is_orch008(tmp_path):
    found = check(tmp_path, "t.json", template({"platformFaultDomainCount": "many"}))
    assert rules(found) == ["ORCH008"] and '"many"' in found[0][3]


def test_duplicate_keys_are_orch909_at_the_earlier_key(tmp_path):
    text = template().replace(
        '"orchestrationMode": "Flexible"',
        '"singlePlacementGroup": true,\n  "orchestrationMode": "Flexible",\n  "singlePlacementGroup": false',
    )
    found = check(tmp_path, "t.json", text)
    assert rules(found) == ["ORCH909"]  # the last value (false) is the one checked: no ORCH206
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines, 1) if '"singlePlacementGroup": true' in l)
    later = next(i for i, l in enumerate(lines, 1) if '"singlePlacementGroup": false' in l)
    assert found[0][1:3] == (line, lines[line - 1].index('"') + 1) and found[0][4] == "warning"
    assert f"(line {later})" in found[0][3]


def test_duplicate_keys_differing_in_case(tmp_path):
    text = template().replace(
        '"orchestrationMode": "Flexible"', '"orchestrationMode": "Flexible", "OrchestrationMode": "Uniform"'
    )
    found = check(tmp_path, "t.json", text)
    assert [f[3] for f in found if f[0] == "ORCH909"][0].startswith(
        "'orchestrationMode' is given again later in this object as 'OrchestrationMode'"
    )


def test_duplicate_keys_outside_checked_resources_are_not_reported(tmp_path):
    text = json.dumps(
        {"$schema": SCHEMA, "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "v", "properties": {}}]}
    )
    text = text.replace('"properties": {}', '"properties": {"a": 1, "a": 2}')
    assert check(tmp_path, "t.json", text) == []


def test_unknown_function_is_unknown_and_no_finding(tmp_path):
    found = check(tmp_path, "t.json", template({"platformFaultDomainCount": "[frobnicate(7)]"}))
    assert found == []


def test_expression_syntax_error_is_orch902(tmp_path):
    found = check(tmp_path, "t.json", template({"platformFaultDomainCount": "[add(1, 2]"}))
    assert rules(found) == ["ORCH902"]


def test_variable_cycle_is_orch903(tmp_path):
    found = check(
        tmp_path,
        "t.json",
        template(
            {"platformFaultDomainCount": "[variables('a')]"},
            variables={"a": "[variables('b')]", "b": "[variables('a')]"},
        ),
    )
    assert "ORCH903" in rules(found) and not {"ORCH201", "ORCH202"} & set(rules(found))


@pytest.mark.parametrize(
    "raw,position",
    [
        (b'{"a": "\xc3\x28"}', (1, 8)),  # invalid UTF-8
        (b"\xff\xfe\x00\xd8", (1, 1)),  # UTF-16 BOM, then a lone surrogate cut short
        (b"PK\x03\x04\x00\x00binary", (1, 1)),  # NUL bytes: a binary file
    ],
)
def test_unreadable_encodings_are_orch900(tmp_path, raw, position):
    found = check(tmp_path, "t.json", raw)
    assert [(r, line, col) for r, line, col, *_ in found] == [("ORCH900", *position)]


def test_structure_is_orch907(tmp_path):
    found = check(tmp_path, "t.json", json.dumps({"$schema": SCHEMA, "resources": {"type": "x"}}))
    assert rules(found)[0] == "ORCH907" and "languageVersion" in found[0][3]
    found = check(tmp_path, "u.json", json.dumps({"$schema": SCHEMA, "resources": "none"}))
    assert rules(found) == ["ORCH907"] and "not str" in found[0][3]


def test_resource_entries_that_cannot_be_checked_are_orch907(tmp_path):
    resources = [
        None,
        7,
        {"apiVersion": "2024-03-01", "name": "a"},
        {"type": ["x"], "name": "b"},
        {"Type": "Microsoft.Network/publicIPAddresses", "name": "c"},
    ]
    found = check(tmp_path, "t.json", json.dumps({"$schema": SCHEMA, "resources": resources}, indent=1))
    messages = [(r, m) for r, _, _, m, *_ in found]
    assert messages == [
        ("ORCH907", "resource entry is null, not an object; it was not checked"),
        ("ORCH907", "resource entry is int, not an object; it was not checked"),
        ("ORCH907", "resource has no 'type' string; it was not checked"),
        ("ORCH907", "resource has no 'type' string; it was not checked"),
    ]  # a differently cased "Type" is a type (ARM reads property names ignoring case)


def test_symbolic_resource_entries_that_cannot_be_checked_are_orch907(tmp_path):
    doc = {"$schema": SCHEMA, "languageVersion": "2.0", "resources": {"a": "text", "b": {"name": "x"}}}
    found = check(tmp_path, "t.json", json.dumps(doc, indent=1))
    assert [r for r, *_ in found] == ["ORCH907", "ORCH907"]


def test_unreadable_file_is_orch900(tmp_path, monkeypatch):
    path = tmp_path / "t.json"
    path.write_text(template())
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    found = check(tmp_path, "t.json", template())
    assert [(r, m) for r, _, _, m, _ in found] == [("ORCH900", "cannot read file: Permission denied")]


def test_internal_error_on_one_file_is_a_finding_and_the_others_are_linted(tmp_path, monkeypatch):
    from arm_orchlint.lint import engine

    real = engine.Linter.lint_file

    def broken(self, path, *args, **kwargs):
        if path.endswith("boom.json"):
            raise ZeroDivisionError("simulated bug")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(engine.Linter, "lint_file", broken)
    path = tmp_path / "boom.json"
    path.write_text(template())
    result = run([path, OTHER])
    assert result.exit_code == 1
    assert "internal error on" in result.stderr and "ZeroDivisionError" in result.stderr
    data = json.loads(result.stdout)
    assert {f["rule"] for f in data["findings"]} == {"ORCH900", "ORCH206"}


# -- limits ----------------------------------------------------------------------------------


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 1024 * 1024)
    found = check(tmp_path, "t.json", template({"padding": "x" * (1024 * 1024)}))
    assert [(r, line, col) for r, line, col, *_ in found] == [("ORCH900", 1, 1)]
    assert "larger than the 1 MiB limit" in found[0][3]
    assert documents.MAX_FILE_BYTES == 1024 * 1024 and 64 * 1024 * 1024 == 67108864  # documented default: 64 MiB


@pytest.mark.parametrize("reported_size", [0, 10, None])
def test_a_file_is_read_whole_whatever_size_it_reports(tmp_path, monkeypatch, reported_size):
    """/proc-like files report size 0, and a file may grow after its size was asked for."""
    path = tmp_path / "t.json"
    content = template({"padding": "x" * 5000}).encode()
    path.write_bytes(content)
    real_fstat = os.fstat

    def fstat(fd):
        info = real_fstat(fd)
        if reported_size is None:
            return info
        return os.stat_result(
            (
                info.st_mode,
                info.st_ino,
                info.st_dev,
                info.st_nlink,
                info.st_uid,
                info.st_gid,
                reported_size,
                info.st_atime,
                info.st_mtime,
                info.st_ctime,
            )
        )

    monkeypatch.setattr(documents.os, "fstat", fstat)
    assert documents.read_bytes(str(path)) == content
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 4096)
    assert len(documents.read_bytes(str(path))) == 4097  # one byte past the limit: reported as too large


def test_default_limits_are_the_documented_ones():
    from arm_orchlint.evaluation.limits import Limits
    from arm_orchlint.lint.explore import MAX_EXPLORED_COMBINATIONS

    limits = Limits()
    assert (
        limits.max_expression_length,
        limits.max_expression_depth,
        limits.max_steps,
        limits.max_copy_count,
        limits.max_deployment_depth,
        limits.max_reference_depth,
    ) == (32768, 200, 2_000_000, 800, 10, 100)
    assert documents.MAX_FILE_BYTES == 64 * 1024 * 1024
    assert MAX_NESTING_DEPTH == 500 and MAX_EXPLORED_COMBINATIONS == 64
    text = documents.__file__.rsplit("arm_orchlint", 1)[0] + "docs/error-model.md"
    doc = open(text, encoding="utf-8").read()
    for shown in (
        "64 MiB",
        "500 levels",
        "32,768 characters",
        "200 levels",
        "2,000,000",
        "800",
        "10 levels",
        "100 levels",
        "| 64 |",
    ):
        assert shown in doc, shown


def nested(depth):
    return '{"a":' * depth + "1" + "}" * depth


def test_nesting_at_the_limit_is_read_everywhere(tmp_path):
    # 500 levels counted from the root: 4 are the template, resources, resource and properties.
    deep = nested(MAX_NESTING_DEPTH - 5)
    text = template({"singlePlacementGroup": True, "deep": "DEEP"}, {"metadata": "DEEP"}, variables={"v": "DEEP"})
    text = text.replace('"DEEP"', deep)
    found = check(tmp_path, "t.json", text)
    assert rules(found) == ["ORCH206"]


def test_nesting_100k_deep_in_properties_is_a_finding_at_level_501(tmp_path):
    text = template({"deep": "DEEP"}).replace('"DEEP"', nested(100_000))
    found = check(tmp_path, "t.json", text)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if '"deep"' in l)
    col = text.splitlines()[line - 1].index('"deep"') + len('"deep": ') + 1 + 5 * (MAX_NESTING_DEPTH - 4)
    assert [(r, l, c) for r, l, c, *_ in found] == [("ORCH900", line, col)]
    assert "deeper than 500 levels" in found[0][3]


def test_bicep_nesting_100k_deep_is_a_finding(tmp_path):
    text = (
        "resource x 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n name: 'x'\n properties: {\n x: "
        + "{\na: " * 100_000
        + "1"
        + "\n}" * 100_000
        + "\n}}\n"
    )
    found = check(tmp_path, "t.bicep", text)
    lines = text.splitlines()
    line = next(i for i in range(1, len(lines)) if sum(l.count("{") for l in lines[:i]) > MAX_NESTING_DEPTH)
    assert [(r, l) for r, l, *_ in found] == [("ORCH900", line)] and line == 502


@pytest.mark.parametrize(
    "value,expected",
    [
        ("[concat('" + "a" * 40000 + "')]", "over the limit of 32768"),
        ("[" + "add(1, " * 300 + "1" + ")" * 300 + "]", "deeper than 200 levels"),
    ],
)
def test_expression_limits(tmp_path, value, expected):
    found = check(tmp_path, "t.json", template({"platformFaultDomainCount": value}))
    assert rules(found) == ["ORCH901"] and expected in found[0][3]


def test_evaluation_steps_limit():
    from arm_orchlint.evaluation.expand import expand
    from arm_orchlint.evaluation.limits import Limits
    from arm_orchlint.front.document import Document

    data = json.loads(
        template({"platformFaultDomainCount": "[length(range(0, 500))]"}, {"copy": {"name": "c", "count": 50}})
    )
    result = expand(Document("t.json", data, None), limits=Limits(max_steps=1000))
    for resource in result.resources:  # bodies are evaluated when first read
        resource.body
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"]
    assert "after 1000 steps" in result.diagnostics[0].message


def test_copy_count_limit(tmp_path):
    found = check(tmp_path, "t.json", template(resource_extra={"copy": {"name": "c", "count": 801}}))
    assert rules(found) == ["ORCH901"] and "over ARM's limit of 800" in found[0][3]
    assert check(tmp_path, "u.json", template(resource_extra={"copy": {"name": "c", "count": 800}})) == []


def test_allowed_values_exploration_limit_is_a_note(tmp_path):
    text = template(
        {"platformFaultDomainCount": "[parameters('fd')]"},
        parameters={"fd": {"type": "int", "allowedValues": list(range(1, 101))}},
    )
    found = check(tmp_path, "t.json", text)
    assert [(r, s) for r, _, _, _, s in found] == [("ORCH901", "note")]
    assert "100 allowed values, over the exploration limit of 64" in found[0][3]


def test_allowed_values_trials_per_template_limit(tmp_path):
    params = {f"p{i}": {"type": "int", "allowedValues": list(range(1, 21))} for i in range(5)}
    props = {
        "platformFaultDomainCount": "[parameters('p0')]",
        "x": "[concat(parameters('p1'), parameters('p2'), parameters('p3'), parameters('p4'))]",
    }
    found = check(tmp_path, "t.json", template(props, parameters=params))
    notes = [f for f in found if f[0] == "ORCH901"]
    assert (
        len(notes) == 1 and notes[0][4] == "note" and "stops after 64 trials" in notes[0][3] and "'p4'" in notes[0][3]
    )
    assert "ORCH202" in rules(found)  # the trials that ran still report


def test_bicep_module_that_includes_itself(tmp_path):
    found = check(tmp_path, "self.bicep", "module m 'self.bicep' = {\n  name: 'm'\n}\n")
    assert [(r, line) for r, line, *_ in found] == [("ORCH901", 1)] and "includes itself" in found[0][3]


def test_linked_template_that_links_to_itself(tmp_path):
    text = json.dumps(
        {
            "$schema": SCHEMA,
            "resources": [
                {
                    "type": "Microsoft.Resources/deployments",
                    "apiVersion": "2022-09-01",
                    "name": "d",
                    "properties": {"mode": "Incremental", "templateLink": {"relativePath": "./t.json"}},
                }
            ],
        },
        indent=1,
    )
    found = check(tmp_path, "t.json", text)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if '"relativePath"' in l)
    assert [(r, l) for r, l, *_ in found] == [("ORCH901", line)] and "includes itself" in found[0][3]


# -- tool errors -----------------------------------------------------------------------------


def tool_error(*args, cwd=None):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


def test_missing_path_is_a_tool_error(tmp_path):
    assert "path not found" in tool_error("check", str(tmp_path / "nope.json"))


def test_bad_option_is_a_tool_error():
    assert "No such option" in tool_error("check", "--bogus", str(OTHER))
    assert "unknown format 'xml'" in tool_error("check", "--format", "xml", str(OTHER))


def test_bad_config_is_a_tool_error(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("select = 5\n")
    assert "select" in tool_error("check", "--config", str(config), str(OTHER))
    config.write_text("select = [\n")
    assert "arm-orchlint: error:" in tool_error("check", "--config", str(config), str(OTHER))


@pytest.mark.parametrize(
    "content,expected",
    [
        (None, "cannot read parameter file"),
        (b"{not json", "invalid JSON"),
        (json.dumps({"$schema": SCHEMA, "resources": []}).encode(), "not a parameter file"),
    ],
)
def test_bad_parameter_file_is_a_tool_error(tmp_path, content, expected):
    params = tmp_path / "p.json"
    if content is not None:
        params.write_bytes(content)
    assert expected in tool_error("check", "-p", str(params), str(OTHER))


@pytest.mark.parametrize("wrapped", [True, False])
def test_parameter_file_with_or_without_the_parameters_wrapper(tmp_path, wrapped):
    # Azure CLI reads parsed.get('parameters', parsed): the wrapper is optional (RW-PARAMS).
    tpl = tmp_path / "t.json"
    tpl.write_text(
        template(
            {"platformFaultDomainCount": "[parameters('fd')]"}, {"zones": ["1"]}, parameters={"fd": {"type": "int"}}
        )
    )
    values = {"fd": {"value": 2}}
    params = tmp_path / "p.json"
    params.write_text(
        json.dumps({"$schema": "x/deploymentParameters.json#", "parameters": values} if wrapped else values)
    )
    result = run([tpl], "-p", str(params))
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in found if f["severity"] == "error"] == ["ORCH201"]
    assert "is 2" in found[0]["message"] or any("is 2" in f["message"] for f in found)


def test_bad_param_option_is_a_tool_error():
    assert "--param expects name=value" in tool_error("check", "--param", "novalue", str(OTHER))


# -- inputs that are skipped ---------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "pipe.json")
    result = run([tmp_path / "pipe.json", tmp_path / "sub", OTHER])  # would block forever if opened for reading
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ORCH206"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_is_skipped():
    result = run(["/dev/zero", OTHER])
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ORCH206"]


def test_folder_named_like_a_template_is_walked(tmp_path):
    folder = tmp_path / "x.json"
    folder.mkdir()
    (folder / "t.json").write_text(OTHER.read_text())
    for given in (folder, tmp_path):
        result = run([given])
        assert result.exit_code == 1
        assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [("ORCH206", 12)]
