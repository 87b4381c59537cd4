"""Shared helpers for the evaluator tests."""

from __future__ import annotations

from typing import Any

from arm_orchlint.evaluation.context import Frame, Run, TemplateContext
from arm_orchlint.evaluation.evaluator import evaluate_string
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
