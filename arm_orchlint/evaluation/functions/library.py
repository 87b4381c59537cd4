"""The ARM template function library: everything a static value allows.

The functions live in one module per family: ``string_functions``,
``collection_functions`` (arrays, objects, lambdas), ``logic_functions``,
``numeric_functions`` and ``scope_functions`` (parameters, variables, copyIndex, scope
objects, resource ids).  This module loads them and registers the functions that only
exist at deployment time, which return an Unknown naming themselves.  Names are
case-insensitive.

Comparison follows ARM: string comparison is ordinal and case-sensitive, object keys
are case-insensitive; ``indexOf``/``lastIndexOf``/``startsWith``/``endsWith`` ignore case.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

# importing the modules fills the registry
from arm_orchlint.evaluation.functions import collection as collection_functions
from arm_orchlint.evaluation.functions import logic as logic_functions
from arm_orchlint.evaluation.functions import numeric as numeric_functions
from arm_orchlint.evaluation.functions import strings as string_functions
from arm_orchlint.evaluation.functions.registry import register
from arm_orchlint.evaluation.functions.support import merge_unknowns

LIBRARY = (string_functions, collection_functions, logic_functions, numeric_functions)

# ---------------------------------------------------------------- deployment-time only

_RUNTIME_ONLY = (  # (reference() is in scope.py: a module's outputs are known statically)
    "references",
    "utcNow",
    "newGuid",
    "environment",
    "pickZones",
    "deployer",
    "providers",
    "dateTimeAdd",
    "dateTimeFromEpoch",
    "dateTimeToEpoch",
    "managementGroupResourceInfo",
    "externalInput",
    "readEnvironmentVariable",
)


def _runtime(name: str):
    def runtime_only(args: list, frame) -> Any:
        return merge_unknowns(args, f"{name}() is only known at deployment time")

    return runtime_only


for _name in _RUNTIME_ONLY:
    register(_name, unknown="accept")(_runtime(_name))
