"""The ARM template language evaluator: expressions, functions and template expansion.

Public entry points:

* ``expand(doc, parameter_values=..., load_linked=..., limits=...) -> Expansion``
* ``allowed_values(template) -> dict[str, list]``
* ``parse_resource_id(value) -> dict | None``
* ``parse_expression(text) -> Node`` and ``ExpressionError``
* ``Limits``
"""

from .expand import expand
from .expressions import ExpressionError, is_expression, parse_expression
from .ids import parse_resource_id
from .limits import Limits
from .parameters import allowed_values

__all__ = ["expand", "allowed_values", "parse_resource_id", "parse_expression", "is_expression", "ExpressionError", "Limits"]
