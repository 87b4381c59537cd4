"""Property tests: random values where the rules look, random expressions, random positions.

* Random JSON values at every property path a rule reads (collected from the Python checks
  and the declarative rules' schemas) inside otherwise valid scale set, VM and autoscale
  templates: no internal error, and no finding located on a property nobody reads.
* Random expressions from a small grammar: parsing and evaluation never raise, and
  evaluating twice gives the same value.
* Positions of duplicate keys and CRLF documents (see also test_locator_properties.py).
"""

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arm_orchlint.lint.engine import Linter
from arm_orchlint.rules.registry import Registry

from .conftest import pointers

REPO = Path(__file__).resolve().parent.parent
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
VMSS, VM, AUTOSCALE = (
    "Microsoft.Compute/virtualMachineScaleSets",
    "Microsoft.Compute/virtualMachines",
    "Microsoft.Insights/autoscalesettings",
)


def _read_paths() -> set[tuple]:
    """Property paths (tuples of keys) read by the checks: ``.get("a", "b")`` / ``.has(...)``
    calls in the Python checks, and the ``properties`` nesting of declarative schemas."""
    paths: set[tuple] = set()
    call = re.compile(r'\.(?:get|has)\(((?:"[A-Za-z]+"(?:,\s*)?)+)')
    for source in [
        *(REPO / "arm_orchlint" / "rules" / "checks").glob("*.py"),
        REPO / "arm_orchlint" / "model" / "scalesets.py",
    ]:
        for m in call.finditer(source.read_text(encoding="utf-8")):
            paths.add(tuple(re.findall(r'"([A-Za-z]+)"', m.group(1))))

    def walk(schema, prefix):
        if not isinstance(schema, dict):
            return
        for key, sub in (schema.get("properties") or {}).items():
            paths.add(prefix + (key,))
            walk(sub, prefix + (key,))
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                walk(sub, prefix)
        for key in ("if", "then", "else", "not", "items"):
            walk(schema.get(key), prefix)

    for rule_file in (REPO / "rules").glob("*.json"):
        check = json.loads(rule_file.read_text(encoding="utf-8")).get("check", {})
        walk(check.get("schema"), ())
    return {
        p
        for p in paths
        if p and p[0] in ("properties", "sku", "zones", "identity", "location", "name", "apiVersion", "plan")
    }


READ_PATHS = sorted(_read_paths())


def test_the_collected_paths_cover_the_main_properties():
    for path in [
        ("properties", "orchestrationMode"),
        ("properties", "platformFaultDomainCount"),
        ("properties", "singlePlacementGroup"),
        ("zones",),
        ("sku", "capacity"),
    ]:
        assert path in READ_PATHS, path


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "",
            "Flexible",
            "Uniform",
            "VM",
            "ScaleSetVM",
            "true",
            "1",
            "[parameters('p')]",
            "[",
            "[]",
            "[[x]",
            "[variables('nope')]",
            "[reference('x').y]",
            "Spot",
            "Automatic",
            "Rolling",
            "latest",
            "Standard",
            "Basic",
            "SystemAssigned",
        ]
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "id", "name", "1", "capacity", "type"]), inner, max_size=3)
    ),
    max_leaves=8,
)


def _base():
    return [
        {
            "type": VMSS,
            "apiVersion": "2024-03-01",
            "name": "set",
            "location": "westeurope",
            "zones": ["1", "2"],
            "sku": {"name": "Standard_D2s_v3", "capacity": 2},
            "properties": {
                "orchestrationMode": "Flexible",
                "platformFaultDomainCount": 1,
                "singlePlacementGroup": False,
                "virtualMachineProfile": {"storageProfile": {"imageReference": {"version": "latest"}}},
            },
        },
        {
            "type": VM,
            "apiVersion": "2024-03-01",
            "name": "vm",
            "zones": ["1"],
            "properties": {
                "virtualMachineScaleSet": {"id": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'set')]"}
            },
        },
        {
            "type": AUTOSCALE,
            "apiVersion": "2022-10-01",
            "name": "auto",
            "properties": {
                "enabled": True,
                "targetResourceUri": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'set')]",
                "profiles": [{"name": "p", "capacity": {"minimum": "1", "maximum": "3", "default": "1"}, "rules": []}],
            },
        },
    ]


def _put(obj, path, value):
    for key in path[:-1]:
        nxt = obj.get(key)
        if not isinstance(nxt, dict):
            nxt = obj[key] = {}
        obj = nxt
    obj[path[-1]] = value


_LINTER = Linter(Registry.default())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(READ_PATHS), values), min_size=1, max_size=4))
def test_random_values_where_rules_read(tmp_path_factory, capsys, changes):
    resources = _base()
    for which, path, value in changes:
        _put(resources[which], path, value)
    data = {
        "$schema": SCHEMA,
        "parameters": {"p": {"type": "string", "allowedValues": ["Flexible", "Uniform"]}},
        "resources": resources,
    }
    path = tmp_path_factory.mktemp("t") / "t.json"
    path.write_text(json.dumps(data, indent=1))
    result = _LINTER.lint_job(str(path))
    assert "internal error" not in capsys.readouterr().err
    # every key path in the document, by resource: findings may only sit on those or on read paths
    present = [{tuple(k for k in p if isinstance(k, str)) for p in pointers(r)} for r in resources]
    readable = {tuple(p) for p in READ_PATHS}
    for f in result.findings:
        pointer = f.pointer
        if len(pointer) < 2 or pointer[0] != "resources" or f.rule_id in ("ORCH900", "ORCH905", "ORCH906"):
            continue
        inner = tuple(k for k in pointer[2:] if isinstance(k, str))
        if not inner:
            continue
        assert inner in present[pointer[1]], (f.rule_id, pointer)
        related = any(inner[: len(r)] == r or r[: len(inner)] == inner for r in readable)
        assert related or f.rule_id.startswith("ORCH9"), (f.rule_id, inner, f.message)


# -- expressions ------------------------------------------------------------------------------

names = st.sampled_from(
    [
        "concat",
        "add",
        "sub",
        "mul",
        "div",
        "mod",
        "if",
        "equals",
        "length",
        "string",
        "int",
        "bool",
        "json",
        "createArray",
        "createObject",
        "union",
        "intersection",
        "first",
        "last",
        "skip",
        "take",
        "range",
        "split",
        "replace",
        "toLower",
        "substring",
        "indexOf",
        "contains",
        "empty",
        "coalesce",
        "min",
        "max",
        "not",
        "and",
        "or",
        "parameters",
        "variables",
        "resourceId",
        "reference",
        "guid",
        "uniqueString",
        "format",
        "base64",
        "padLeft",
        "array",
        "items",
        "filter",
        "map",
        "lambda",
        "lambdaVariables",
        "frobnicate",
        "copyIndex",
    ]
)
literals = st.integers(-(10**6), 10**6).map(str) | st.sampled_from(
    ["'a'", "'Flexible'", "''", "'it''s'", "true", "false", "null", "'[x]'", "-1", "1.5"]
)


def _call(args):
    return st.tuples(names, args).map(lambda t: f"{t[0]}({', '.join(t[1])})")


expr = st.recursive(
    literals,
    lambda inner: (
        _call(st.lists(inner, max_size=3))
        | st.tuples(inner, st.sampled_from([".a", "[0]", "['x']", ".length", "[-1]"])).map("".join)
    ),
    max_leaves=12,
)
noisy = st.tuples(expr, st.sampled_from(["", ")", "(", "'", ",", "]", "[", ".", "  "]), st.integers(0, 40)).map(
    lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :] if t[1] else t[0]
)


def _evaluate(text):
    from arm_orchlint.evaluation.context import Frame, Run, TemplateContext
    from arm_orchlint.evaluation.evaluator import evaluate_value_safely
    from arm_orchlint.evaluation.limits import Limits
    from arm_orchlint.front.document import Document

    doc = Document("t.json", {"variables": {"v": "[variables('v')]"}}, None)
    run = Run(Limits(max_steps=20_000))
    context = TemplateContext(
        run, doc, (), {"parameters": {"p": {"type": "string"}}, "variables": {"v": "[variables('v')]"}}, {}, scope={}
    )
    value = evaluate_value_safely("[" + text + "]", Frame(context), ("x",))
    return repr(value), [(d.rule_id, d.message) for d in run.diagnostics]


@settings(max_examples=150, deadline=None)
@given(text=noisy)
def test_random_expressions_never_raise_and_are_deterministic(text):
    from arm_orchlint.evaluation.expressions import ExpressionError, parse_expression

    try:
        parse_expression(text)
    except ExpressionError:
        pass
    first = _evaluate(text)
    assert _evaluate(text) == first


# -- positions: duplicate keys and CRLF ------------------------------------------------------------

keys = st.sampled_from(["a", "b", "A", "é", "😀", "singlePlacementGroup"])


@settings(max_examples=60, deadline=None)
@given(
    members=st.lists(st.tuples(keys, st.integers(0, 9)), min_size=1, max_size=6),
    crlf=st.booleans(),
    indent=st.sampled_from(["", " ", "\t  "]),
)
def test_duplicate_key_occurrences_and_crlf_positions(members, crlf, indent):
    from arm_orchlint.front.json.load import load_json_text
    from arm_orchlint.front.json.locate import JsonLocator

    newline = "\r\n" if crlf else "\n"
    body = ("," + newline).join(f'{indent}"{k}": {v}' for k, v in members)
    text = '{"resources": [' + newline + "{" + newline + body + newline + "}" + newline + "]}"
    loaded = load_json_text(text)
    locator = JsonLocator("t.json", loaded.text, loaded.top_members, loaded.resources_elements)
    lines = text.split("\n")
    for key in {k.lower() for k, _ in members}:
        found = locator.key_occurrences(("resources", 0), key)
        expected = [k for k, _ in members if k.lower() == key]
        assert [k for k, _ in found] == expected
        for (k, span), line_no in zip(found, [i for i, (m, _) in enumerate(members) if m.lower() == key]):
            assert span.line == 3 + line_no
            line = lines[span.line - 1]
            units = 0
            for i, ch in enumerate(line):  # UTF-16 column -> code point index
                if units == span.col - 1:
                    break
                units += 2 if ord(ch) > 0xFFFF else 1
            assert line[i:].startswith(json.dumps(k, ensure_ascii=False))
    # the last occurrence is what the locator and the data agree on
    last = {}
    for k, v in members:
        last[k] = v
    for k, v in last.items():
        span = locator.span(("resources", 0, k))
        assert lines[span.line - 1].rstrip("\r").endswith(f"{v}") or lines[span.line - 1].rstrip("\r").endswith(f"{v},")
