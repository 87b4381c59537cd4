"""Values a nested deployment passes, evaluated when its template reads them (evaluation/deferred.py)."""

import copy

from eval_helpers import VMSS, make_doc, nested_deployment, scale_set, template

from arm_orchlint.core.rule_ids import EVALUATION_LIMIT, EXPRESSION_ERROR
from arm_orchlint.evaluation import expand
from arm_orchlint.evaluation.context import Budget
from arm_orchlint.model.scalesets import ScaleSet

INNER = {
    "parameters": {"mode": {"type": "string", "defaultValue": "Uniform"}, "unused": {"type": "array"}},
    "resources": [scale_set("inner", orchestrationMode="[parameters('mode')]")],
    "outputs": {"mode": {"type": "string", "value": "[parameters('mode')]"}},
}


def nested(parameters, name="nested", inner=INNER, **extra):
    return {**nested_deployment(parameters, copy.deepcopy(inner), name), **extra}


def run(data, budget=None):
    doc = make_doc(data)
    return doc, expand(doc, budget=budget)


def steps_of(data) -> int:
    budget = Budget()
    run(data, budget)[1].resources[-1].body  # the nested scale set reads 'mode'
    return budget.steps


def test_a_value_the_template_never_reads_is_never_evaluated():
    plain = {"mode": {"value": "[parameters('m')]"}}
    heavy = dict(plain, unused={"value": "[range(0, 700)]"})
    params = {"m": {"type": "string", "defaultValue": "Flexible"}}
    assert steps_of(template([nested(heavy)], parameters=params)) == steps_of(
        template([nested(plain)], parameters=params)
    )
    # what it is read for, it is evaluated for
    ss = run(template([nested(heavy)], parameters=params))[1].resources[-1]
    assert ss.get("properties", "orchestrationMode") == "Flexible"


def test_a_value_over_a_limit_is_reported_read_or_not():
    # as before deferring (issue 18: behaviour identical): a copy loop's count over ARM's
    # limit is reported whether the nested template reads the value or not
    over = {"copy": [{"name": "x", "count": 900, "input": "[copyIndex('x')]"}]}
    unread = template([nested({"mode": {"value": "Flexible"}, "unused": {"value": over}})])
    limits = [d for d in run(unread)[1].diagnostics if d.rule_id == EVALUATION_LIMIT]
    assert [d.pointer[-4:] for d in limits] == [("value", "copy", 0, "count")]
    inner = copy.deepcopy(INNER)
    inner["resources"][0]["properties"]["zones"] = "[parameters('unused')]"
    result = run(template([nested({"unused": {"value": over}}, inner=inner)]))[1]
    result.resources[-1].body
    assert [d.rule_id for d in result.diagnostics] == [EVALUATION_LIMIT]


def test_a_syntax_error_in_a_value_never_read_is_still_reported():
    data = template([nested({"mode": {"value": "Flexible"}, "unused": {"value": "[concat('a']"}})])
    doc, result = run(data)
    errors = [d for d in result.diagnostics if d.rule_id == EXPRESSION_ERROR]
    assert [d.pointer for d in errors] == [("resources", 0, "properties", "parameters", "unused", "value")]


def test_a_syntax_error_in_a_variable_an_unread_value_reads_is_still_reported():
    data = template(
        [nested({"mode": {"value": "Flexible"}, "unused": {"value": "[variables('broken')]"}})],
        variables={"broken": "[concat('a']"},
    )
    errors = [d for d in run(data)[1].diagnostics if d.rule_id == EXPRESSION_ERROR]
    assert [d.pointer for d in errors] == [("variables", "broken")]


def test_the_deployment_records_what_its_parameters_read_even_when_unread():
    data = template(
        [nested({"mode": {"value": "Flexible"}, "unused": {"value": "[parameters('list')]"}})],
        parameters={"list": {"type": "array", "defaultValue": []}},
    )
    doc, result = run(data)
    dep = result.resources[0]
    assert dep.param_sources["list"] == (doc, ("parameters", "list", "defaultValue"))
    assert dep.get("properties", "parameters", "unused", "value") == []


def test_a_default_that_reads_another_parameter_is_resolved_when_it_was_before():
    # 'p' is first resolved by the deployment's parameters: the scale set's record then
    # names 'p' first, as it did when every passed value was evaluated with the body
    data = template(
        [
            nested({"mode": {"value": "Flexible"}, "unused": {"value": "[parameters('p')]"}}),
            scale_set("outer", orchestrationMode="[parameters('p')]"),
        ],
        parameters={
            "p": {"type": "string", "defaultValue": "[parameters('q')]"},
            "q": {"type": "string", "defaultValue": "Flexible"},
        },
    )
    result = run(data)[1]
    outer = next(r for r in result.resources if r.name == "outer")
    assert ScaleSet(outer).mode.params == ("p", "q")


def test_outputs_read_through_reference_see_the_deferred_values():
    data = template(
        [
            nested({"mode": {"value": "[parameters('m')]"}, "unused": {"value": []}}),
            scale_set("outer", orchestrationMode="[reference('nested').outputs.mode.value]"),
        ],
        parameters={"m": {"type": "string", "defaultValue": "Flexible"}},
    )
    result = run(data)[1]
    outer = next(r for r in result.resources if r.name == "outer")
    assert outer.get("properties", "orchestrationMode") == "Flexible"


def test_a_copy_of_a_deployment_passes_its_own_index():
    dep = nested({"mode": {"value": "[if(equals(copyIndex(), 0), 'Uniform', 'Flexible')]"}})
    dep["copy"] = {"name": "d", "count": 2}
    result = run(template([dep]))[1]
    modes = [r.get("properties", "orchestrationMode") for r in result.resources if r.type == VMSS]
    assert modes == ["Uniform", "Flexible"]


def linked_run(parameters, budget=None):
    linked = make_doc(copy.deepcopy(INNER), "linked.json")
    dep = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "linked",
        "properties": {
            "mode": "Incremental",
            "templateLink": {"relativePath": "linked.json"},
            "parameters": parameters,
        },
    }
    doc = make_doc(template([dep]))
    result = expand(
        doc, load_linked=lambda relative, parent: linked if relative == "linked.json" else None, budget=budget
    )
    return doc, result


def test_a_linked_template_reads_what_it_is_passed_when_it_reads_it():
    doc, result = linked_run({"mode": {"value": "[concat('Flex', 'ible')]"}})
    ss = result.resources[-1]
    assert ss.get("properties", "orchestrationMode") == "Flexible"
    assert ss.param_sources["mode"] == (doc, ("resources", 0, "properties", "parameters", "mode", "value"))
    plain, heavy = Budget(), Budget()
    linked_run({"mode": {"value": "Flexible"}}, plain)[1].resources[-1].body
    linked_run({"mode": {"value": "Flexible"}, "unused": {"value": "[range(0, 700)]"}}, heavy)[1].resources[-1].body
    assert heavy.steps == plain.steps


def test_an_entry_written_as_one_expression_is_evaluated_when_read():
    # what Bicep writes for a conditional module parameter
    entry = (
        "[if(equals(parameters('os'), 'Windows'), createObject('value', 'Uniform'), createObject('value', 'Flexible'))]"
    )
    params = {"os": {"type": "string", "defaultValue": "Linux"}}
    doc, result = run(template([nested({"mode": entry})], parameters=params))
    ss = result.resources[-1]
    assert ss.get("properties", "orchestrationMode") == "Flexible"
    assert ss.param_sources["mode"] == (doc, ("resources", 0, "properties", "parameters", "mode", "value"))
    unread = template([nested({"mode": {"value": "Flexible"}, "unused": entry.replace("'Uniform'", "range(0, 700)")})])
    assert steps_of(unread) == steps_of(template([nested({"mode": {"value": "Flexible"}})]))


def test_a_value_waiting_for_a_default_that_reads_others_is_deferred_once_it_is_resolved():
    params = {
        "p": {"type": "string", "defaultValue": "[parameters('q')]"},
        "q": {"type": "string", "defaultValue": "Flexible"},
    }
    # the deployment's name reads 'p' first (evaluated now): the passed values after it may wait
    plain = template([nested({"mode": {"value": "[parameters('p')]"}}, name="[parameters('p')]")], parameters=params)
    heavy = copy.deepcopy(plain)
    heavy["resources"][0]["properties"]["parameters"]["unused"] = {"value": "[concat(range(0, 700), parameters('p'))]"}
    assert steps_of(heavy) == steps_of(plain)
    assert run(heavy)[1].resources[-1].get("properties", "orchestrationMode") == "Flexible"
