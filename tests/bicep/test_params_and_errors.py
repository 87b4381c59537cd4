"""`.bicepparam` files and syntax errors."""

from bicep_helpers import sample

from arm_orchlint.core.source import Span


def test_bicepparam_values():
    from arm_orchlint.front.bicep import load_bicepparam

    path, text = sample("main.bicepparam")
    using, values = load_bicepparam(path, text)
    assert using == "./vmss.bicep"
    assert values["mode"] == ("Flexible", Span(path, 4, 1, 4, 24))
    assert values["faultDomains"][0] == 3
    assert values["adminPassword"][0] == "[readEnvironmentVariable_unavailable()]"
    assert values["location"][0] == "westeurope"
    assert set(values) == {"mode", "faultDomains", "adminPassword", "location"}


def test_bicepparam_expressions_and_vars():
    from arm_orchlint.front.bicep.params import parse_bicepparam

    text = "using 'main.bicep'\nvar base = 'x'\nparam a = {\n  k: [1, -2]\n}\nparam b = '${base}-1'\nparam c = base\n"
    using, values, problems = parse_bicepparam("p.bicepparam", text)
    assert problems == []
    assert values["a"][0] == {"k": [1, -2]}
    assert values["b"][0] == "[format('{0}-1', 'x')]"
    assert values["c"][0] == "x"
    assert "base" not in values


def test_syntax_error_reported_and_rest_compiled(compile_text):
    doc = compile_text("var ok = 1\nvar bad = {\n  a: \n}\nresource r 'A.B/c@2020-01-01' = {\n  name: 'r'\n}\n")
    assert [d.rule_id for d in doc.diagnostics] == ["ORCH908"]
    d = doc.diagnostics[0]
    assert d.message.startswith("Bicep syntax error: expected a value")
    assert d.severity is None  # the rule's own: an error
    assert d.span == Span("/virtual/main.bicep", 3, 6, 3, 6)  # where the value should start, as the compiler says
    assert doc.data["variables"]["ok"] == 1
    assert doc.data["resources"]["r"]["name"] == "r"


def test_garbage_never_crashes(compile_text):
    for text in [
        "",
        "resource",
        "resource r",
        "module m = {",
        "var = ",
        "@@@",
        "param p string = [for",
        "resource r 'x' = [for i in : {}]",
        "var x = a.b.c[",
        "}}}}",
        "func f() => ",
        "var x = 'a${'",
    ]:
        doc = compile_text(text)
        assert isinstance(doc.data["resources"], dict)


def test_grammar_gap_repairs(compile_text):
    doc = compile_text(
        "param cfg cfgType?\n\nvar name = last(split('a/b', '/'))!\n"
        "param tags resourceInput<'Microsoft.Compute/disks@2024-01-01'>.tags = {}\n"
        "var says = 'hi!'\n"
    )
    assert doc.diagnostics == []
    assert doc.data["parameters"]["cfg"] == {"type": "object", "nullable": True}
    assert doc.data["variables"]["name"] == "[last(split('a/b', '/'))]"
    assert doc.data["variables"]["says"] == "hi!"
    assert doc.data["parameters"]["tags"] == {"type": "object", "defaultValue": {}}


def test_importing_package_does_not_load_tree_sitter():
    import subprocess
    import sys

    code = "import sys, arm_orchlint.front.bicep, arm_orchlint.front.bicep.compile; print('tree_sitter' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_parse_is_shared_and_compiling_does_not_change_it(tmp_path):
    from arm_orchlint.front.bicep import syntax
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.rules.registry import Registry

    module = tmp_path / "vmss.bicep"
    module.write_text(
        "param spg bool\nresource s 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n"
        "  name: 'set'\n  location: 'westeurope'\n"
        "  properties: {\n    orchestrationMode: 'Flexible'\n    singlePlacementGroup: spg\n  }\n}\n"
    )
    for name, value in (("a.bicep", "true"), ("b.bicep", "false"), ("c.bicep", "true")):
        (tmp_path / name).write_text(
            f"module m 'vmss.bicep' = {{\n  name: 'm'\n  params: {{\n    spg: {value}\n  }}\n}}\n"
        )
    before = repr(syntax.parse(module.read_text()))
    lint = Linter(Registry.default())
    found = {
        n: sorted(f.rule_id for f in lint.lint_file(str(tmp_path / n)).findings)
        for n in ("a.bicep", "b.bicep", "c.bicep")
    }
    assert found["a.bicep"] == found["c.bicep"] and "ORCH206" in found["a.bicep"]
    assert "ORCH206" not in found["b.bicep"]
    assert syntax.parse(module.read_text()) is syntax.parse(module.read_text())
    assert repr(syntax.parse(module.read_text())) == before
