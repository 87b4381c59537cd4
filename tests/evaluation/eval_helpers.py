"""Shared helpers for the evaluator tests."""

from __future__ import annotations

from typing import Any

from arm_orchlint.core.values import Unknown
from arm_orchlint.evaluation.context import Budget, Frame, Lambda, Run, TemplateContext
from arm_orchlint.evaluation.evaluator import evaluate_string
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.front.document import Document


def make_doc(data: Any, path: str = "template.json") -> Document:
    return Document(path, data, None)


def evaluate(
    expression: str, template: dict | None = None, *, limits: Limits | None = None, parameter_values: dict | None = None
) -> Any:
    """Evaluate one expression string in the context of ``template``."""
    value, _ = evaluate_with_run(expression, template, limits=limits, parameter_values=parameter_values)
    return value


def evaluate_with_run(
    expression: str, template: dict | None = None, *, limits: Limits | None = None, parameter_values: dict | None = None
):
    template = template or {}
    run = Run(limits or Limits())
    context = TemplateContext(run, make_doc(template), (), template, parameter_values)
    return evaluate_string(expression, Frame(context), ("probe",)), run


def template(resources: Any, **sections: Any) -> dict:
    data = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": resources,
    }
    data.update(sections)
    return data


VMSS = "Microsoft.Compute/virtualMachineScaleSets"


def scale_set(name: str = "ss", **properties: Any) -> dict:
    """A scale set resource with the given properties."""
    return {
        "type": VMSS,
        "apiVersion": "2023-03-01",
        "name": name,
        "location": "westeurope",
        "sku": {"name": "Standard_D2s_v3", "capacity": 2},
        "properties": properties,
    }


def nested_deployment(parameters: dict, inner: dict, name: str = "nested") -> dict:
    """An inner-scoped nested deployment passing ``parameters`` to the template ``inner``."""
    return {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": name,
        "properties": {
            "mode": "Incremental",
            "expressionEvaluationOptions": {"scope": "inner"},
            "parameters": parameters,
            "template": inner,
        },
    }


def deep_picture(value: Any) -> Any:
    """A comparable picture of an evaluated value, Unknowns with all they carry."""
    if isinstance(value, dict):
        return ("d", tuple((k, deep_picture(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(deep_picture(v) for v in value))
    if isinstance(value, Unknown):
        return (
            "u",
            value.reason,
            tuple(sorted(value.params)),
            deep_picture(value.partial),
            deep_picture(value.origin),
        )
    if isinstance(value, Lambda):
        return ("lambda", repr(value))
    return (type(value).__name__, value)


def expansion_picture(doc: Document, limits: Limits | None = None, parameter_values: dict | None = None) -> tuple:
    """Everything an expansion gives: each resource's body, name and parameter reads, the
    diagnostics, and the steps spent."""
    budget = Budget()
    expansion = expand(doc, limits=limits, budget=budget, parameter_values=parameter_values)
    resources = []
    for res in expansion.resources:
        body, name = deep_picture(res.body), deep_picture(res.name)
        sources = res.param_sources
        resources.append(
            (
                res.pointer,
                body,
                name,
                deep_picture(dict(sources)),
                deep_picture(dict(getattr(sources, "by_pointer", {}))),
            )
        )
    diagnostics = [(d.rule_id, d.message, d.pointer) for d in expansion.diagnostics]
    return resources, diagnostics, budget.steps, budget.exhausted
