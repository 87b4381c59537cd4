"""Bad input never crashes the linter: each case is a finding or nothing, and the other files are still linted."""

import json

import pytest

from .conftest import FIXTURES, lint

TEMPLATE_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def findings(out):
    return [(f["rule"], f["line"], f["column"]) for f in json.loads(out)["findings"]]


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("empty.json", b"", []),
        ("array-root.json", b"[1, 2]", []),
        ("bad-utf8.json", b'{"a": "\xff"}', [("ORCH900", 1, 8)]),
        ("binary.json", bytes(range(256)) * 4, [("ORCH900", 1, 1)]),
        ("conflict.json", b'<<<<<<< HEAD\n{"resources": []}\n=======\n{}\n>>>>>>> branch\n', [("ORCH900", 1, 1)]),
        ("deep.json", b'{"a":' * 50000 + b"1" + b"}" * 50000, [("ORCH900", 1, 2501)]),  # the 501st level
        ("truncated.json", b'{\n  "resources": [\n    {"type": "x"\n', [("ORCH900", 4, 1)]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_bad_input_is_a_finding_not_a_crash(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    code, out = lint([path, FIXTURES / "ORCH206" / "bad.json"])
    got = findings(out)
    assert [g for g in got if g[0] == "ORCH900"] == expected
    assert ("ORCH206", 12, 9) in got  # the other file is still linted
    assert code == 1


def test_merge_conflict_message(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{\n"a": 1,\n<<<<<<< HEAD\n"b": 2\n=======\n"b": 3\n>>>>>>> x\n}\n')
    _, out = lint([path])
    f = json.loads(out)["findings"][0]
    assert f["message"] == "unresolved merge conflict marker" and f["line"] == 3


def test_utf16_with_bom_and_crlf_positions(tmp_path):
    text = (
        "{\r\n"
        f'  "$schema": "{TEMPLATE_SCHEMA}",\r\n'
        '  "resources": [\r\n'
        '    {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "x",\r\n'
        '     "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": true, "platformFaultDomainCount": 1}}\r\n'
        "  ]\r\n}\r\n"
    )
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")):
        path = tmp_path / f"t-{encoding}-{len(bom)}.json"
        path.write_bytes(bom + text.encode(encoding))
        _, out = lint([path])
        assert findings(out) == [("ORCH206", 5, 54)], encoding


def test_non_ascii_columns_are_utf16(tmp_path):
    # '😀' is one code point but two UTF-16 code units; 'é' is one of each.
    path = tmp_path / "t.json"
    path.write_text(
        "{\n"
        f'  "$schema": "{TEMPLATE_SCHEMA}",\n'
        '  "resources": [{"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "é😀",'
        ' "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": true, "platformFaultDomainCount": 1}}]\n}\n',
        encoding="utf-8",
    )
    _, out = lint([path])
    line = path.read_text(encoding="utf-8").splitlines()[2]
    codepoint_col = line.index('"singlePlacementGroup"') + 1
    assert findings(out) == [("ORCH206", 3, codepoint_col + 1)]


def test_symlink_loop_in_folder_walk(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "t.json").write_text((FIXTURES / "ORCH206" / "bad.json").read_text())
    code, out = lint([tmp_path])
    assert findings(out) == [("ORCH206", 12, 9)]


def test_wrong_types_do_not_crash(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "$schema": TEMPLATE_SCHEMA,
                "resources": [
                    1,
                    None,
                    {"type": 5},
                    {"type": "Microsoft.Compute/virtualMachineScaleSets", "properties": "str", "sku": [], "zones": "1"},
                    {"type": "Microsoft.Compute/virtualMachines", "properties": {"virtualMachineScaleSet": "x"}},
                    {"type": "Microsoft.Insights/autoscaleSettings", "properties": []},
                ],
            }
        )
    )
    code, out = lint([path])
    assert code in (0, 1)
    assert {r for r, _, _ in findings(out)} <= {"ORCH907", "ORCH008"}


def test_trailing_commas_and_comments_are_accepted_like_arm(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        "{\n"
        f'  "$schema": "{TEMPLATE_SCHEMA}", // ARM accepts comments\n'
        '  "resources": [\n'
        '    {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "x, ]",\n'
        '     "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": true, "platformFaultDomainCount": 1,},},\n'
        "  ],\n}\n"
    )
    _, out = lint([path])
    assert findings(out) == [("ORCH206", 5, 54)]


def test_raw_tab_inside_a_string_is_accepted_like_arm(tmp_path):
    # ARM's JSON reader accepts unescaped control characters in strings; json.loads does not by default.
    path = tmp_path / "t.json"
    path.write_text(
        "{\n"
        f'  "$schema": "{TEMPLATE_SCHEMA}",\n'
        '  "resources": [{"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "a\tb",\n'
        '    "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": true, "platformFaultDomainCount": 1}}]\n}\n'
    )
    _, out = lint([path])
    assert findings(out) == [("ORCH206", 4, 53)]


@pytest.mark.parametrize(
    "space",
    ["\u00a0", "\u202f", "\u2028", "\u2029", "\u3000", "\u2003", "\u1680", "\u205f", "\ufeff", "\x0b", "\x0c", "\x85"],
)
def test_unicode_whitespace_between_tokens_is_accepted_like_arm(tmp_path, space):
    # Json.NET skips every char.IsWhiteSpace character between tokens; a Service Fabric
    # sample has U+202F after a colon (RW-JSON).  Inside strings the character stays.
    path = tmp_path / "t.json"
    path.write_text(
        "{\n"
        f'  "$schema":{space}"{TEMPLATE_SCHEMA}",\n'
        f'  "resources": [{space}{{"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "a{space}b",\n'
        f'    "properties":{space}{{"orchestrationMode": "Flexible",{space}"singlePlacementGroup": true, "platformFaultDomainCount": 1}}}}]\n}}\n',
        encoding="utf-8",
    )
    _, out = lint([path])
    assert findings(out) == [("ORCH206", 4, 53)]


def test_unicode_whitespace_inside_strings_is_kept(tmp_path):
    from arm_orchlint.front.json.load import load_json_text

    loaded = load_json_text('{"a":\u202f"x\u3000y \\" \u00a0",\u2028"b": [1,\u00a0]}')
    assert loaded.data == {"a": 'x\u3000y " \u00a0', "b": [1]}
    assert len(loaded.text) == len('{"a":\u202f"x\u3000y \\" \u00a0",\u2028"b": [1,\u00a0]}')


def test_other_unicode_characters_between_tokens_are_still_an_error(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{\n  "resources":\u200b[]\n}\n', encoding="utf-8")  # zero-width space is not whitespace
    _, out = lint([path])
    assert [r for r, _, _ in findings(out)] == ["ORCH900"]
