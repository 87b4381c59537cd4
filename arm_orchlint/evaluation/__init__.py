"""The ARM template language evaluator: expressions, functions and template expansion.

Public entry points:

* ``expand(doc, parameter_values=..., load_linked=..., limits=...) -> Expansion``
* ``allowed_values(template) -> dict[str, list]``
* ``parse_resource_id(value) -> dict | None``
* ``parse_expression(text) -> Node`` and ``ExpressionError``
* ``Limits``
"""

from arm_orchlint.evaluation.expand import expand
from arm_orchlint.evaluation.expressions import ExpressionError, is_expression, parse_expression
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.evaluation.parameters import allowed_values
from arm_orchlint.model.ids import parse_resource_id

__all__ = [
    "expand",
    "allowed_values",
    "parse_resource_id",
    "parse_expression",
    "is_expression",
    "ExpressionError",
    "Limits",
]
