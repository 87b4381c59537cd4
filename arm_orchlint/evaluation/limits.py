"""Hard limits that keep the evaluator from hanging on hostile or broken templates.

Hitting any of them is reported as an ``ORCH901`` diagnostic and the value being
evaluated becomes Unknown; evaluation carries on with the rest of the template.
"""

from __future__ import annotations

from arm_orchlint.core.records import record as dataclass


@dataclass(frozen=True)
class Limits:
    #: Longest expression string evaluated (characters).  Longer ones become Unknown.
    max_expression_length: int = 32 * 1024
    #: Deepest nesting of calls, property accesses and indexes in one expression.
    max_expression_depth: int = 200
    #: Evaluation steps (expression nodes + JSON values) for one ``expand()`` call,
    #: nested deployments included.  Once spent, everything left is Unknown.
    max_steps: int = 2_000_000
    #: ARM's own limit on ``copy`` counts (resource, property and variable loops).
    max_copy_count: int = 800
    #: Nested deployments inside nested deployments (inline or ``relativePath``).
    max_deployment_depth: int = 10
    #: Nested deployments of one file in all (inline, ``relativePath``, Bicep modules):
    #: templates that include the next level several times grow exponentially otherwise.
    max_deployments: int = 500
    #: Chains of variables / parameter defaults / user functions referring to each other.
    max_reference_depth: int = 100
