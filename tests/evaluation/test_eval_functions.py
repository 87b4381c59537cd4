"""The function library, checked against the behaviour the ARM template function
reference describes (paraphrased per test).  Names are case-insensitive."""

import base64
import re
import uuid

import pytest
from eval_helpers import evaluate, evaluate_with_run

from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model.ids import parse_resource_id

# (expression, expected value): each row is one documented behaviour.
KNOWN = [
    # string functions
    ("[concat('a', 'b', 'c')]", "abc"),  # concat joins strings
    ("[concat(createArray(1, 2), createArray(3))]", [1, 2, 3]),  # concat joins arrays
    ("[concat('n', 1)]", "n1"),  # numbers are written as text
    ("[format('{0}-{1}', 'a', 2)]", "a-2"),  # format: composite .NET format
    ("[format('{0:D3}', 7)]", "007"),  # D3 pads integers to 3 digits
    ("[format('{{literal}} {0}', 'x')]", "{literal} x"),  # doubled braces are literal braces
    ("[format('{0:N2}', 1234)]", "1,234.00"),  # N: thousands separators
    ("[format('{0}', true())]", "True"),  # booleans render as True/False
    ("[toLower('AbC')]", "abc"),
    ("[toUpper('AbC')]", "ABC"),
    ("[substring('hello', 1, 3)]", "ell"),  # substring(text, start, length)
    ("[substring('hello', 2)]", "llo"),  # length defaults to the rest
    ("[replace('a-b-c', '-', '.')]", "a.b.c"),  # replace all occurrences
    ("[split('a,b;c', createArray(',', ';'))]", ["a", "b", "c"]),  # split on several delimiters
    ("[split('a,b', ',')]", ["a", "b"]),
    ("[startsWith('Hello', 'he')]", True),  # startsWith ignores case
    ("[endsWith('Hello', 'LO')]", True),  # endsWith ignores case
    ("[contains('Hello', 'ell')]", True),  # string contains is case-sensitive
    ("[contains('Hello', 'ELL')]", False),
    ("[contains(createArray('a', 'b'), 'b')]", True),  # array contains an element
    ("[contains(createObject('Key', 1), 'key')]", True),  # object keys are case-insensitive
    ("[indexOf('test', 'T')]", 0),  # indexOf ignores case
    ("[indexOf('abc', 'z')]", -1),  # -1 when absent
    ("[lastIndexOf('abcabc', 'ab')]", 3),
    ("[indexOf(createArray('a', 'b'), 'b')]", 1),  # indexOf on arrays
    ("[trim('  x  ')]", "x"),
    ("[padLeft('7', 3, '0')]", "007"),  # padLeft(value, width, char)
    ("[padLeft(7, 3)]", "  7"),  # integers and default space
    ("[string(createObject('a', createArray(1, 'b')))]", '{"a":[1,"b"]}'),  # objects render as compact JSON
    ("[string(true())]", "True"),
    ("[string(5)]", "5"),
    ("[base64('one')]", base64.b64encode(b"one").decode()),
    ("[base64ToString('b25l')]", "one"),
    ("[uri('http://contoso.com/a/b', 'c')]", "http://contoso.com/a/c"),  # relative uri replaces the last segment
    ("[uriComponent('a b/c')]", "a%20b%2Fc"),
    ("[uriComponentToString('a%20b')]", "a b"),
    ("[empty('')]", True),
    ("[empty(createArray())]", True),
    ("[empty(createObject())]", True),
    ("[empty(null())]", True),
    ("[empty('x')]", False),
    ("[length('abc')]", 3),
    ("[length(createArray(1, 2))]", 2),
    ("[length(createObject('a', 1))]", 1),  # number of properties
    ("[first('abc')]", "a"),
    ("[first(createArray(1, 2))]", 1),
    ("[last(createArray(1, 2))]", 2),
    ("[take(createArray(1, 2, 3), 2)]", [1, 2]),
    ("[take('abc', 10)]", "abc"),  # more than available: everything
    ("[skip(createArray(1, 2, 3), 2)]", [3]),
    ("[skip('abc', -1)]", "abc"),  # negative: nothing skipped
    # array and object functions
    ("[array('a')]", ["a"]),
    ("[array(createArray(1))]", [1]),
    ("[createArray(1, 'a', true())]", [1, "a", True]),
    ("[createObject('a', 1, 'b', 'x')]", {"a": 1, "b": "x"}),
    ("[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]),  # union of arrays drops duplicates
    ("[union(createObject('a', 1, 'b', 2), createObject('b', 3))]", {"a": 1, "b": 3}),  # last value wins
    (
        "[union(createObject('o', createObject('x', 1)), createObject('o', createObject('y', 2)))]",
        {"o": {"x": 1, "y": 2}},
    ),  # nested objects merge
    ("[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", [2, 3]),
    ("[intersection(createObject('a', 1, 'b', 2), createObject('a', 1, 'b', 3))]", {"a": 1}),
    ("[min(3, 1, 2)]", 1),
    ("[max(createArray(3, 1, 2))]", 3),
    ("[range(5, 3)]", [5, 6, 7]),  # range(start, count)
    ("[json('{\"a\": [1, null]}')]", {"a": [1, None]}),
    ("[json('null')]", None),
    ("[items(createObject('b', 2, 'a', 1))]", [{"key": "a", "value": 1}, {"key": "b", "value": 2}]),
    ("[objectKeys(createObject('a', 1, 'b', 2))]", ["a", "b"]),
    ("[shallowMerge(createArray(createObject('a', 1), createObject('b', 2)))]", {"a": 1, "b": 2}),
    ("[tryGet(createObject('a', createObject('b', 5)), 'a', 'b')]", 5),
    ("[tryGet(createObject('a', 1), 'missing')]", None),  # tryGet: null instead of an error
    ("[tryGet(createArray(1, 2), 1)]", 2),
    ("[flatten(createArray(createArray(1), createArray(2, 3)))]", [1, 2, 3]),
    ("[join(createArray('a', 'b'), '-')]", "a-b"),
    ("[filter(range(0, 5), lambda('i', greater(lambdaVariables('i'), 2)))]", [3, 4]),
    ("[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]", [10, 20]),
    (
        "[map(createArray('a', 'b'), lambda('x', 'i', format('{0}{1}', lambdaVariables('x'), lambdaVariables('i'))))]",
        ["a0", "b1"],
    ),  # the optional index argument
    ("[reduce(createArray(1, 2, 3), 10, lambda('acc', 'n', add(lambdaVariables('acc'), lambdaVariables('n'))))]", 16),
    ("[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", [1, 2, 3]),
    (
        "[toObject(createArray('a', 'b'), lambda('k', lambdaVariables('k')), lambda('k', length(lambdaVariables('k'))))]",
        {"a": 1, "b": 1},
    ),
    ("[toObject(createArray(createObject('n', 'x')), lambda('e', lambdaVariables('e').n))]", {"x": {"n": "x"}}),
    # logical and comparison
    ("[if(true(), 'yes', 'no')]", "yes"),
    ("[if(false(), 'yes', 'no')]", "no"),
    ("[and(true(), true())]", True),
    ("[and(true(), false())]", False),
    ("[or(false(), true())]", True),
    ("[not(true())]", False),
    ("[equals(1, 1)]", True),
    ("[equals('a', 'A')]", False),  # string equality is case-sensitive
    ("[equals(createArray(1, 2), createArray(1, 2))]", True),  # arrays and objects compare deeply
    ("[equals(1, true())]", False),  # types do not mix
    ("[less(1, 2)]", True),
    ("[lessOrEquals(2, 2)]", True),
    ("[greater('b', 'a')]", True),  # strings compare ordinally
    ("[greaterOrEquals(1, 2)]", False),
    ("[coalesce(null(), null(), 'x', 'y')]", "x"),  # first value that is not null
    ("[coalesce(null())]", None),
    ("[bool('true')]", True),
    ("[bool(0)]", False),
    ("[true()]", True),
    ("[false()]", False),
    ("[null()]", None),
    # numeric
    ("[add(2, 3)]", 5),
    ("[sub(2, 3)]", -1),
    ("[mul(4, -3)]", -12),
    ("[div(7, 2)]", 3),
    ("[div(-7, 2)]", -3),  # integer division truncates toward zero
    ("[mod(7, 3)]", 1),
    ("[mod(-7, 3)]", -1),  # remainder keeps the dividend's sign
    ("[int('42')]", 42),
    ("[float('1.5')]", 1.5),
    # the deployment context
    ("[resourceGroup().type]", "Microsoft.Resources/resourceGroups"),
    (
        "[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]",
        "/providers/Microsoft.Authorization/policyDefinitions/p1",
    ),
    (
        "[resourceId('sub1', 'rg1', 'Microsoft.Compute/virtualMachineScaleSets', 'ss')]",
        "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachineScaleSets/ss",
    ),
    (
        "[resourceId('s', 'g', 'Microsoft.Network/virtualNetworks/subnets', 'vnet', 'sn')]",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sn",
    ),
    (
        "[subscriptionResourceId('s', 'Microsoft.Resources/resourceGroups', 'rg')]",
        "/subscriptions/s/providers/Microsoft.Resources/resourceGroups/rg",
    ),
    (
        "[managementGroupResourceId('mg', 'Microsoft.Authorization/policyDefinitions', 'p')]",
        "/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/policyDefinitions/p",
    ),
    (
        "[extensionResourceId('/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachineScaleSets/v', "
        "'Microsoft.Authorization/locks', 'lock')]",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachineScaleSets/v/providers/"
        "Microsoft.Authorization/locks/lock",
    ),
    # literal escapes and property access
    ("[[literal]", "[literal]"),
    ("[createObject('Name', 'v').name]", "v"),  # property names are case-insensitive
    ("[createArray('a', 'b')[1]]", "b"),
]


@pytest.mark.parametrize("expression,expected", KNOWN)
def test_documented_results(expression, expected):
    assert evaluate(expression) == expected


def test_function_names_ignore_case():
    assert evaluate("[CONCAT('a', ToUpper('b'))]") == "aB"


def test_unique_string_is_stable_13_lowercase_characters():
    first = evaluate("[uniqueString('a', 'b')]")
    assert re.fullmatch(r"[a-z2-7]{13}", first)
    assert evaluate("[uniqueString('a', 'b')]") == first
    assert evaluate("[uniqueString('a', 'c')]") != first


def test_guid_is_a_stable_uuid():
    value = evaluate("[guid('a', 'b')]")
    assert str(uuid.UUID(value)) == value
    assert evaluate("[guid('a', 'b')]") == value != evaluate("[guid('b', 'a')]")


@pytest.mark.parametrize(
    "parts",
    [[], [""], ["a"], ["a", "b"], ["\x1f", ""], ["Résumé", "ß"], ["\U0001f600" * 40], ["x" * 5000, "y"]],
)
def test_guid_is_uuid5_of_the_joined_parts(parts):
    # guid() computes uuid5 without importing uuid; it must stay the same value uuid5 gives
    from arm_orchlint.evaluation.functions import hashing

    namespace = uuid.UUID(hashing._GUID_NAMESPACE)
    assert hashing.deterministic_guid(parts) == str(uuid.uuid5(namespace, "\x1f".join(parts)))


def test_guid_of_a_lone_surrogate_fails_as_uuid5_does():
    from arm_orchlint.evaluation.functions import hashing

    with pytest.raises(UnicodeEncodeError):
        uuid.uuid5(uuid.UUID(hashing._GUID_NAMESPACE), "\ud800")
    with pytest.raises(UnicodeEncodeError):
        hashing.deterministic_guid(["\ud800"])


# ---------------------------------------------------------------- Unknown handling


@pytest.mark.parametrize(
    "expression",
    [
        "[reference('x').properties]",
        "[listKeys('id', '2020-01-01').keys[0].value]",
        "[listSecrets('id', '2020-01-01')]",
        "[utcNow()]",
        "[newGuid()]",
        "[environment().name]",
        "[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]",
        "[deployer().objectId]",
        "[providers('Microsoft.Compute')]",
        "[resourceGroup().location]",
        "[subscription().subscriptionId]",
        "[tenant().tenantId]",
        "[deployment().name]",
        "[managementGroup().name]",
    ],
)
def test_deployment_time_values_are_unknown(expression):
    assert is_unknown(evaluate(expression))


def test_unsupported_function_is_unknown_naming_it():
    value = evaluate("[frobnicate(1)]")
    assert is_unknown(value) and "frobnicate" in value.reason


def test_type_errors_become_unknown_with_reason():
    value = evaluate("[add('a', 1)]")
    assert is_unknown(value) and "add" in value.reason


@pytest.mark.parametrize(
    "expression",
    [
        "[div(1, 0)]",
        "[substring('abc', 2, 5)]",
        "[json('{bad')]",
        "[createObject('a')]",
        "[first(1)]",
        "[range(0, -1)]",
        "[format('{5}', 1)]",
        "[less(1, 'a')]",
        "[not('x')]",
        "[parameters('nope')]",
        "[variables('nope')]",
        "[createObject('a', 1).b]",
        "[createArray(1)[3]]",
    ],
)
def test_bad_calls_never_raise(expression):
    assert is_unknown(evaluate(expression))


MISSING = {"parameters": {"p": {"type": "string"}, "n": {"type": "int"}}}


def test_unknown_argument_makes_result_unknown_with_its_parameters():
    value = evaluate("[toLower(parameters('p'))]", MISSING)
    assert is_unknown(value) and value.params == {"p"}


def test_unknown_arguments_merge_their_parameters():
    value = evaluate("[add(parameters('n'), length(parameters('p')))]", MISSING)
    assert is_unknown(value) and value.params == {"n", "p"}


def test_if_with_known_condition_ignores_the_other_branch():
    assert evaluate("[if(true(), 'a', parameters('p'))]", MISSING) == "a"
    # the branch not taken is never evaluated, even when it would fail
    assert evaluate("[if(false(), add('x', 1), 'b')]") == "b"


def test_if_with_unknown_condition_is_unknown():
    value = evaluate("[if(equals(parameters('p'), 'x'), 1, 2)]", MISSING)
    assert is_unknown(value) and value.params == {"p"}


def test_if_with_unknown_condition_and_unknown_branch_names_both_parameters():
    value = evaluate("[if(equals(parameters('p'), 'x'), parameters('n'), 2)]", MISSING)
    assert is_unknown(value) and value.params == {"p", "n"}


def test_if_with_unknown_condition_but_equal_branches_is_known():
    assert evaluate("[if(equals(parameters('p'), 'x'), 'Flexible', 'Flexible')]", MISSING) == "Flexible"


def test_and_or_short_circuit_on_known_values():
    assert evaluate("[and(false(), equals(parameters('p'), 'x'))]", MISSING) is False
    assert evaluate("[or(equals(parameters('p'), 'x'), true())]", MISSING) is True
    assert is_unknown(evaluate("[and(true(), equals(parameters('p'), 'x'))]", MISSING))


def test_coalesce_with_unknowns():
    assert evaluate("[coalesce(null(), 'x', parameters('p'))]", MISSING) == "x"
    assert is_unknown(evaluate("[coalesce(parameters('p'), 'x')]", MISSING))


def test_containers_keep_unknown_elements():
    array = evaluate("[createArray(1, parameters('p'))]", MISSING)
    assert array[0] == 1 and is_unknown(array[1])
    obj = evaluate("[createObject('a', parameters('p'))]", MISSING)
    assert is_unknown(obj["a"])
    merged = evaluate("[union(createObject('a', 1), createObject('b', parameters('p')))]", MISSING)
    assert merged["a"] == 1 and is_unknown(merged["b"])


def test_length_of_array_with_unknown_elements_is_known():
    assert evaluate("[length(createArray(parameters('p'), 2))]", MISSING) == 2


def test_equals_on_partly_unknown_values_is_unknown():
    assert is_unknown(evaluate("[equals(createArray(parameters('p')), createArray('x'))]", MISSING))


def test_string_of_partly_unknown_object_is_unknown():
    assert is_unknown(evaluate("[string(createObject('a', parameters('p')))]", MISSING))


def test_copy_index_outside_a_loop_is_unknown():
    assert is_unknown(evaluate("[copyIndex()]"))


# ---------------------------------------------------------------- resource ids


def test_resource_id_with_deployment_scope_is_unknown_with_partial_id():
    value = evaluate("[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'ss1')]")
    assert is_unknown(value)
    assert value.partial["type"] == "Microsoft.Compute/virtualMachineScaleSets"
    assert value.partial["name"] == "ss1"
    assert is_unknown(value.partial["resourceGroup"]) and is_unknown(value.partial["subscriptionId"])


def test_resource_id_with_explicit_group_keeps_the_group():
    value = evaluate("[resourceId('other-rg', 'Microsoft.Network/virtualNetworks/subnets', 'v', 's')]")
    assert value.partial == {
        **value.partial,
        "type": "Microsoft.Network/virtualNetworks/subnets",
        "name": "v/s",
        "resourceGroup": "other-rg",
    }


def test_resource_id_with_unknown_name():
    value = evaluate("[resourceId('Microsoft.Compute/virtualMachineScaleSets', parameters('p'))]", MISSING)
    assert is_unknown(value) and value.params == {"p"} and is_unknown(value.partial["name"])


def test_concat_built_id_can_be_taken_apart():
    value = evaluate("[concat(resourceGroup().id, '/providers/Microsoft.Compute/virtualMachineScaleSets/', 'ss1')]")
    parsed = parse_resource_id(value)
    assert parsed["type"] == "Microsoft.Compute/virtualMachineScaleSets" and parsed["name"] == "ss1"
    assert is_unknown(parsed["resourceGroup"])


def test_format_built_id_can_be_taken_apart():
    value = evaluate(
        "[format('/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.Compute/"
        "virtualMachineScaleSets/{2}', subscription().subscriptionId, 'rg1', 'ss2')]"
    )
    parsed = parse_resource_id(value)
    assert parsed["name"] == "ss2" and parsed["resourceGroup"] == "rg1" and is_unknown(parsed["subscriptionId"])


def test_parse_literal_resource_id():
    parsed = parse_resource_id(
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1"
    )
    assert parsed == {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "name": "vmss1",
        "resourceGroup": "rg",
        "subscriptionId": "x",
    }


def test_parse_child_resource_id():
    parsed = parse_resource_id(
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    )
    assert parsed["type"] == "Microsoft.Network/virtualNetworks/subnets" and parsed["name"] == "v/s"


def test_parse_something_that_is_not_an_id():
    assert parse_resource_id("just text") is None
    assert parse_resource_id(Unknown("no idea")) is None
    assert parse_resource_id(42) is None


def test_concat_with_unknown_type_segment_is_not_an_id():
    value = evaluate("[concat('/providers/', parameters('p'), '/x')]", MISSING)
    assert parse_resource_id(value) is None


# ---------------------------------------------------------------- errors reported as diagnostics


def test_syntax_error_gives_orch902_and_unknown():
    value, run = evaluate_with_run("[concat('a',]")
    assert is_unknown(value)
    assert [d.rule_id for d in run.diagnostics] == ["ORCH902"]
    assert run.diagnostics[0].pointer == ("probe",)


def test_builtin_namespace_prefixes_resolve_to_builtins():
    assert evaluate("[sys.concat('a', 'b')]") == "ab"
    assert evaluate("[az.resourceGroup().type]") == "Microsoft.Resources/resourceGroups"
    assert is_unknown(evaluate("[az.listKeys('x', 'y')]"))


@pytest.mark.parametrize(
    "expression, message",
    [
        ("[format('{0} {1}', 'a')]", "format item {1} has no argument"),
        ("[format('{1} {x}', 'a')]", "format item {1} has no argument"),  # the first failing item, in order
        ("[format('{0} {x}', 'a')]", "bad format item '{x}'"),
        ("[format('{0,y}', 'a')]", "bad alignment in format item '{0,y}'"),
        ("[format('{0,99999}', 'a')]", "format alignment is too wide"),
        ("[format('a {0', 'a')]", "format string has an unclosed '{'"),
    ],
)
def test_format_errors_are_the_same_each_time_a_format_string_is_read(expression, message):
    # (a format string's reading is kept: the second evaluation takes it from there)
    for _ in range(2):
        value = evaluate(expression)
        assert is_unknown(value) and value.reason == message
