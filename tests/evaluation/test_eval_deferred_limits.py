"""Limits met inside a passed value are reported whether the nested template reads it or
not, as before passed values were deferred (issue 18: behaviour identical).  Found by the
differential test of 71d1cbc against main (notes/issue-18-diffcheck.md)."""

import copy

from eval_helpers import make_doc, template

from arm_orchlint.core.rule_ids import EVALUATION_LIMIT
from arm_orchlint.evaluation import expand

INNER = {
    "parameters": {"mode": {"type": "string", "defaultValue": "Uniform"}, "unused": {"type": "string"}},
    "resources": [
        {
            "type": "Microsoft.Compute/virtualMachineScaleSets",
            "apiVersion": "2023-03-01",
            "name": "inner",
            "location": "westeurope",
            "properties": {"orchestrationMode": "[parameters('mode')]"},
        }
    ],
}


def nested(unused_value):
    return {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "nested",
        "properties": {
            "mode": "Incremental",
            "expressionEvaluationOptions": {"scope": "inner"},
            "parameters": {"mode": {"value": "Flexible"}, "unused": {"value": unused_value}},
            "template": copy.deepcopy(INNER),
        },
    }


def limits_of(data):
    result = expand(make_doc(data))
    result.resources[-1].body  # the nested scale set (what the rules read); not the deployment's body
    return [(d.pointer, d.message) for d in result.diagnostics if d.rule_id == EVALUATION_LIMIT]


def test_a_copy_variable_over_the_limit_an_unread_value_reaches():
    data = template(
        [nested("[string(length(variables('many')))]")],
        variables={"copy": [{"name": "many", "count": 900, "input": "[copyIndex('many')]"}]},
    )
    found = limits_of(data)
    assert len(found) == 1 and "count 900" in found[0][1]


def test_a_variable_holding_a_property_copy_over_the_limit():
    data = template(
        [nested("[string(variables('holder'))]")],
        variables={"holder": {"copy": [{"name": "x", "count": 801, "input": "[copyIndex('x')]"}]}},
    )
    found = limits_of(data)
    assert len(found) == 1 and "count 801" in found[0][1]


def test_a_parameter_default_with_a_copy_over_the_limit():
    data = template(
        [nested("[string(parameters('p'))]")],
        parameters={"p": {"type": "object", "defaultValue": {"copy": [{"name": "x", "count": 850, "input": "a"}]}}},
    )
    found = limits_of(data)
    assert len(found) == 1 and "count 850" in found[0][1]


def test_user_functions_calling_each_other_too_deep():
    members = {
        "f%d" % i: {
            "parameters": [{"name": "m", "type": "string"}],
            "output": {"type": "string", "value": "[ns.f%d(parameters('m'))]" % (i + 1)},
        }
        for i in range(120)
    }
    members["f120"] = {"parameters": [{"name": "m", "type": "string"}], "output": {"type": "string", "value": "a"}}
    data = template([nested("[ns.f0('x')]")])
    data["functions"] = [{"namespace": "ns", "members": members}]
    found = limits_of(data)
    assert len(found) == 1 and "levels deep" in found[0][1]
