"""Valid Bicep that tree-sitter-bicep 1.1.0 rejects, read through the same-length rewrites of
``front/bicep/rewrites.py`` (applied before the one parse).  One test per construct, each
taken from a corpus file or a compiler baseline that used to raise ORCH908."""

from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep import syntax


def _parse(text):
    parsed = syntax.parse(text)
    assert parsed.problems == [], parsed.problems
    return parsed


def _var(parsed, name):
    return next(s for s in parsed.statements if isinstance(s, N.VarDecl) and s.name == name)


def test_metadata_statements_and_a_string_starting_with_slashes():
    # ResourceModules virtual-machine-scale-set/main.bicep: metadata at the top, and
    # split(..., '//') which the grammar lexes as a comment start
    parsed = _parse(
        "metadata name = 'Scale set'\nmetadata owner = 'me'\n"
        "param id string\n"
        "var parts = split((!empty(id) ? id : '//'), '/')\n"
        "var block = '/* not a comment */'\n"
        "var after = 'a'// a comment right after a string\n"
    )
    assert _var(parsed, "parts").value.args[0].other.value == "//"
    assert _var(parsed, "block").value.value == "/* not a comment */"
    assert _var(parsed, "after").value.value == "a"
    assert [c.text for c in parsed.comments] == ["// a comment right after a string"]


def test_object_spread_becomes_a_spread_property_and_compiles_to_shallow_merge(compile_text):
    # avm virtual-machine main.bicep line 565
    text = (
        "param encryptionAtHost bool = true\n"
        "var securityProfile = {\n"
        "  ...(encryptionAtHost ? { encryptionAtHost: encryptionAtHost } : {}) // only when set\n"
        "  securityType: 'TrustedLaunch'\n"
        "  note: 'a ...b'\n"
        "}\n"
    )
    parsed = _parse(text)
    props = _var(parsed, "securityProfile").value.props
    assert [p.key for p in props] == [N.SPREAD, "securityType", "note"]
    assert isinstance(props[0].value, N.Spread) and isinstance(props[0].value.arg, N.Ternary)
    assert N.points(props[0].rng)[:2] == (2, 2)
    assert props[2].value.value == "a ...b"
    doc = compile_text(text)
    assert doc.data["variables"]["securityProfile"].startswith("[shallowMerge(createArray(if(")
    assert doc.diagnostics == []


def test_spread_in_a_resource_property_is_evaluated(compile_text, tmp_path):
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    path = tmp_path / "main.bicep"
    path.write_text(
        "var common = { orchestrationMode: 'Flexible', platformFaultDomainCount: 1 }\n"
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n"
        "  name: 'vmss'\n"
        "  location: 'westeurope'\n"
        "  properties: {\n"
        "    ...common\n"
        "    singlePlacementGroup: true\n"
        "  }\n"
        "}\n"
    )
    result = Linter(Registry.default(), Options()).lint_file(str(path))
    got = [(f.rule_id, f.line, f.col) for f in result.findings if f.severity != "note"]
    assert got == [("ORCH206", 7, 5)]


def test_array_spread_compiles_to_concat(compile_text):
    text = "var a = [1]\nvar b = [\n  0\n  ...a\n  2\n]\n"
    parsed = _parse(text)
    items = _var(parsed, "b").value.items
    assert isinstance(items[1], N.Spread) and N.points(items[1].rng)[1] == 2
    assert compile_text(text).data["variables"]["b"] == "[concat(createArray(0), variables('a'), createArray(2))]"


def test_multi_line_import_without_commas():
    # avm virtual-machine/modules/nic-configuration.bicep line 176
    parsed = _parse(
        "import {\n  backendAddressPoolType\n  inboundNatRuleType // why\n  subResourceType\n}"
        " from 'br/public:avm/res/network/network-interface:0.5.1'\n\nparam name string\n"
    )
    assert [type(s).__name__ for s in parsed.statements] == ["ImportDecl", "ParamDecl"]
    names = [local for _, local in parsed.statements[0].names]
    assert names == ["backendAddressPoolType", "inboundNatRuleType", "subResourceType"]
    assert N.points(parsed.statements[1].rng)[0] == 6


def test_nullable_object_type_closed_on_its_own_line():
    parsed = _parse(
        "type lockType = {\n  name: string?\n}?\n\ntype other = {\n  kind: string\n}\nparam lock lockType\n"
    )
    assert [type(s).__name__ for s in parsed.statements][-1] == "ParamDecl"
    assert len(parsed.statements) == 3


def test_a_subscript_inside_an_array_literal_stays_one_item():
    # tree-sitter-bicep 1.1.0 reads ``first[0]`` in an array as two items ``first`` and ``[0]``
    parsed = _parse("var x = [\n  a[0]\n  a[0].b\n  b.c[1]\n  'x'[0]\n  [0]\n  d, [1]\n]\n")
    items = _var(parsed, "x").value.items
    assert len(items) == 7
    assert isinstance(items[0], N.Index) and items[0].obj.name == "a" and items[0].index.value == 0
    assert isinstance(items[1], N.Member) and isinstance(items[1].obj, N.Index) and items[1].prop == "b"
    assert isinstance(items[2], N.Index) and isinstance(items[2].obj, N.Member) and items[2].index.value == 1
    assert isinstance(items[3], N.Index) and items[3].obj.value == "x"
    assert isinstance(items[4], N.Arr)  # on its own line: a new item
    assert isinstance(items[5], N.Ident) and isinstance(items[6], N.Arr)  # after a comma: a new item
    assert N.points(items[0].rng)[1::2] == (2, 6)


def test_depending_on_an_element_of_a_resource_loop_keeps_the_scale_set_checked(tmp_path):
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    path = tmp_path / "main.bicep"
    path.write_text(
        "resource first 'Microsoft.Network/publicIPAddresses@2023-09-01' = [for i in range(0, 2): {\n"
        "  name: 'ip${i}'\n"
        "  location: 'westeurope'\n"
        "}]\n"
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n"
        "  name: 'vmss'\n"
        "  location: 'westeurope'\n"
        "  dependsOn: [\n"
        "    first[0]\n"
        "  ]\n"
        "  properties: {\n"
        "    orchestrationMode: 'Flexible'\n"
        "    platformFaultDomainCount: 1\n"
        "    singlePlacementGroup: true\n"
        "  }\n"
        "}\n"
    )
    result = Linter(Registry.default(), Options()).lint_file(str(path))
    got = [(f.rule_id, f.line) for f in result.findings if f.severity != "note"]
    assert ("ORCH206", 14) in got
    assert not any(rule == "ORCH907" for rule, _ in got)
    from arm_orchlint.front.bicep.compile import compile_bicep

    doc = compile_bicep(str(path), path.read_text())
    assert doc.data["resources"]["vmss"]["dependsOn"] == ["first"]


def test_extension_statements_of_every_form():
    # the compiler's Extensions baseline: the `with {...}` form used to swallow what followed
    parsed = _parse(
        "extension az\n"
        "extension kubernetes as k8s\n"
        "extension 'br:mcr.microsoft.com/bicep/extensions/hasconfig/v1:1.2.3' with {\n"
        "  requiredString: 'x'\n"
        "} as withConfig\n"
        "var after = 'a'\n"
    )
    kinds = [s.kind if isinstance(s, N.OtherStmt) else type(s).__name__ for s in parsed.statements]
    assert kinds == ["extension", "extension", "extension", "VarDecl"]
    assert N.points(_var(parsed, "after").rng)[0] == 5


def test_import_of_a_name_that_is_not_an_identifier():
    parsed = _parse("import {\n  'not-a-valid-bicep-identifier' as alias\n  other\n} from 'mod.json'\nvar x = 1\n")
    assert [type(s).__name__ for s in parsed.statements] == ["ImportDecl", "VarDecl"]
    assert [local for _, local in parsed.statements[0].names] == ["alias", "other"]


def test_index_from_the_end_counts_from_the_length(compile_text):
    doc = compile_text("param arr array\nvar last = arr[^1]\nvar maybe = arr[?^2]\nvar inArray = [\n  arr[^1]\n]\n")
    assert doc.diagnostics == []
    v = doc.data["variables"]
    assert v["last"] == "[parameters('arr')[sub(length(parameters('arr')), 1)]]"
    assert v["maybe"] == "[tryGet(parameters('arr'), sub(length(parameters('arr')), 2))]"
    assert v["inArray"] == [v["last"]]


def test_interpolated_multi_line_strings_are_unknown_values(compile_text):
    doc = compile_text(
        "var name = 'a'\nvar one = $'''\nHello ${name}\n'''\nvar three = $$$'''${name}'''\nvar plain = '''x'''\n"
    )
    assert doc.diagnostics == []
    v = doc.data["variables"]
    assert v["one"].endswith("_unavailable()]") and v["three"].endswith("_unavailable()]")
    assert v["plain"] == "x"


def test_typed_variables_on_one_line_and_over_several(compile_text):
    text = (
        "type FooType = {\n  foo: string\n}\n"
        "@export()\nvar exportedString string = 'foo'\n"
        "var inline {\n  foo: string\n  bar: int\n} = {\n  foo: 'abc'\n  bar: 123\n}\n"
        "var ref FooType = { foo: 'x' } // a comment\n"
        "var plain = 1\n"
    )
    parsed = _parse(text)
    assert [c.text for c in parsed.comments] == ["// a comment"]
    assert N.points(_var(parsed, "plain").rng)[0] == 13
    v = compile_text(text).data["variables"]
    assert v == {"exportedString": "foo", "inline": {"foo": "abc", "bar": 123}, "ref": {"foo": "x"}, "plain": 1}


def test_resource_derived_types_with_blanks_comments_and_element_access():
    parsed = _parse(
        "type odd = {\n"
        "  test: resourceInput<\n\n  'Astronomer.Astro/organizations@2023-08-01-preview'\n\n>.name\n"
        "  test3: resourceInput</* c */'Microsoft.Storage/storageAccounts@2023-01-01'/* d */>.name\n"
        "}\n"
        "type policy = resourceInput<'Microsoft.KeyVault/vaults@2022-07-01'>.properties.accessPolicies[*]\n"
        "type tag = resourceInput<'Microsoft.Resources/tags@2022-09-01'>.properties.tags.*\n"
        "param p string\n"
    )
    assert [type(s).__name__ for s in parsed.statements] == ["TypeDecl", "TypeDecl", "TypeDecl", "ParamDecl"]


def test_a_file_with_grammar_gaps_is_parsed_once(monkeypatch):
    calls = []
    real = syntax._get_parser()

    class Counting:
        def parse(self, source):
            calls.append(len(source))
            return real.parse(source)

    monkeypatch.setattr(syntax, "_get_parser", lambda: Counting())
    syntax.forget_parses()
    _parse(
        "extension az\nparam p object?\nvar x string = p!.name\nvar y = [\n  ...p.items\n]\nvar z = split(x, '//')\n"
    )
    assert len(calls) == 1


def test_a_safe_index_in_an_array_literal(compile_text):
    # after the first item, tree-sitter-bicep 1.1.0 reads `a[?1]` as `a` and a broken `[?1]`
    doc = compile_text("param a array\nvar x = [\n  a[0]\n  a[?1]\n  a.?b[?2]\n]\nvar y = a[?0]\n")
    assert doc.diagnostics == []
    v = doc.data["variables"]
    assert v["x"] == [
        "[parameters('a')[0]]",
        "[tryGet(parameters('a'), 1)]",
        "[tryGet(tryGet(parameters('a'), 'b'), 2)]",
    ]
    assert v["y"] == "[tryGet(parameters('a'), 0)]"


def test_rewrites_keep_every_offset_and_line_break():
    import random

    from arm_orchlint.front.bicep.rewrites import rewrite

    pieces = [
        "extension az\n",
        "extension 'br:x' with {\n  a: 1\n} as e\n",
        "var x string = 'a'\n",
        "var y {\n  a: int\n} = {\n  a: 1\n}\n",
        "param p object?\n",
        "type t = {\n  a: string\n}?\n",
        "var s = split(x, '//')\n",
        "var o = {\n  ...p\n}\n",
        "var a = [\n  ...q\n]\n",
        "import {\n  'a-b' as c\n  d\n} from 'm.json'\n",
        "var i = a[^1]\n",
        "var j = a[?0]!\n",
        "var m = $'''\n${x}\n'''\n",
        "type r = resourceInput<\n'A.B/c@2020-01-01'\n>.name\n",
        "var é = 'ü' // ö\r\n",
    ]
    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))).encode()
        out = rewrite(text)
        assert len(out) == len(text)
        assert [i for i, b in enumerate(out) if b in (10, 13)] == [i for i, b in enumerate(text) if b in (10, 13)]


def test_a_parenthesized_item_on_its_own_line_is_not_a_call(compile_text):
    # tree-sitter-bicep 1.1.0 reads `'1'` <new line> `(cond ? '2' : '3')` in an array as a call
    doc = compile_text("param cond bool\nvar zones = [\n  '1'\n  (cond ? '2' : '3')\n  f(1)\n]\n")
    assert doc.diagnostics == []
    assert doc.data["variables"]["zones"] == ["1", "[if(parameters('cond'), '2', '3')]", "[f(1)]"]


def test_bicepparam_without_a_template_that_extends_another():
    from arm_orchlint.front.bicep.params import parse_bicepparam

    using, values, problems = parse_bicepparam(
        "p.bicepparam", "using none\nextends 'base.bicepparam'\nparam size = 'Standard_D2s_v5'\n"
    )
    assert problems == []
    assert not using  # no template: nothing to check the values against
    assert values["size"][0] == "Standard_D2s_v5"
