"""Parameter declarations and the values passed to nested deployments."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.front.document import Document


def allowed_values(template: Any) -> dict[str, list]:
    """Parameter name -> its ``allowedValues`` list, for parameters that declare one."""
    found: dict[str, list] = {}
    params = template.get("parameters") if isinstance(template, dict) else None
    if not isinstance(params, dict):
        return found
    for name, decl in params.items():
        if isinstance(decl, dict) and isinstance(decl.get("allowedValues"), list):
            found[name] = list(decl["allowedValues"])
    return found


def bicepparam_values(doc: Document) -> dict[str, tuple[Any, Document, tuple]]:
    """``{name: (value, doc, pointer)}``.  Unlike an ARM parameter file, a ``.bicepparam``
    value is an expression (``param n = length(x)``): those compiled to ARM expression strings
    are evaluated here, with no parameters in scope; what depends on deployment is Unknown."""
    params = doc.data.get("parameters", {}) if isinstance(doc.data, dict) else {}
    return {
        name: (_evaluate(entry["value"], doc, name), doc, ("parameters", name, "value"))
        for name, entry in params.items()
    }


def _evaluate(value: Any, doc: Document, name: str) -> Any:
    from arm_orchlint.evaluation.context import Frame, Run, TemplateContext
    from arm_orchlint.evaluation.evaluator import evaluate_value_safely
    from arm_orchlint.evaluation.limits import Limits

    if not _has_expression(value):
        return value
    run = Run(Limits())
    context = TemplateContext(run, doc, (), {"parameters": {}, "variables": {}}, {}, scope={})
    return evaluate_value_safely(value, Frame(context), ("parameters", name, "value"))


def _has_expression(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("[") and not value.startswith("[[")
    if isinstance(value, dict):
        return any(_has_expression(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_expression(v) for v in value)
    return False
