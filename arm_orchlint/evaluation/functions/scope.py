"""Functions that read the deployment context: ``parameters``, ``variables``,
``copyIndex``, the scope objects (``resourceGroup()`` ...) and the ``resourceId`` family.

The subscription, resource group, tenant and deployment a template runs in are not
known statically; their members are Unknown unless a nested deployment names them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.evaluation.functions.registry import FunctionError, expect_count, register
from arm_orchlint.evaluation.functions.support import merge_unknowns, need_int, need_str
from arm_orchlint.model.ids import make_id, parse_resource_id


@register("parameters")
def fn_parameters(args: list, frame) -> Any:
    if len(args) != 1:
        expect_count("parameters", args, 1)
    name = args[0]
    if type(name) is not str:
        name = need_str("parameters", name)
    if frame.function_args is not None:
        key = name.lower()
        if key in frame.function_args:
            return frame.function_args[key]
        return Unknown(f"parameter '{name}' is not a parameter of this function")
    return frame.tpl.parameter(name)


@register("variables")
def fn_variables(args: list, frame) -> Any:
    if len(args) != 1:
        expect_count("variables", args, 1)
    name = args[0]
    return frame.tpl.variable(name if type(name) is str else need_str("variables", name))


@register("copyIndex")
def fn_copy_index(args: list, frame) -> Any:
    expect_count("copyIndex", args, 0, 2)
    loop: str | None = None
    offset = 0
    if args and isinstance(args[0], str):
        loop = args[0]
        if len(args) > 1:
            offset = need_int("copyIndex", args[1])
    elif args:
        if len(args) > 1:
            raise FunctionError("copyIndex() takes the loop name first, then the offset")
        offset = need_int("copyIndex", args[0])
    index = frame.loop_index(loop)
    if index is None:
        where = f"copy loop '{loop}'" if loop else "a copy loop"
        return Unknown(f"copyIndex() used outside {where}")
    if is_unknown(index):
        return Unknown(index.reason, index.params)
    return index + offset


# ---------------------------------------------------------------- scope objects


def _deployment_unknown(what: str, frame=None) -> Unknown:
    # With a frame, the value is the same wherever this template asks for it (linking).
    origin = ("scope", frame.tpl.key, what) if frame is not None else None
    reason = _REASONS.get(what)
    if reason is None:  # a few dozen texts: each is formatted once
        reason = _REASONS[what] = f"{what} is only known at deployment time"
    # Unknown(reason, _NO_PARAMS, None, origin), its slots written here: resourceGroup() and
    # friends make several at a time, and the class call with its __init__ costs more
    unknown = _new(Unknown)
    unknown.reason = reason
    unknown.params = _NO_PARAMS
    unknown.partial = None
    unknown.origin = origin
    unknown.link_key = None
    return unknown


_new = object.__new__
_REASONS: dict = {}
_NO_PARAMS: frozenset = frozenset()


def _scope_value(frame, key: str, what: str) -> Any:
    value = frame.tpl.scope.get(key)
    return value if isinstance(value, str) else _deployment_unknown(what, frame)


@register("resourceGroup")
def fn_resource_group(args: list, frame) -> Any:
    expect_count("resourceGroup", args, 0)
    name = _scope_value(frame, "resourceGroup", "resourceGroup().name")
    subscription = _scope_value(frame, "subscriptionId", "subscription().subscriptionId")
    if isinstance(name, str) and isinstance(subscription, str):
        group_id: Any = f"/subscriptions/{subscription}/resourceGroups/{name}"
    else:
        group_id = _deployment_unknown("resourceGroup().id", frame)
    return {
        "id": group_id,
        "name": name,
        "type": "Microsoft.Resources/resourceGroups",
        "location": _deployment_unknown("resourceGroup().location", frame),
        "managedBy": _deployment_unknown("resourceGroup().managedBy"),
        "tags": _deployment_unknown("resourceGroup().tags"),
        "properties": _deployment_unknown("resourceGroup().properties"),
    }


@register("subscription")
def fn_subscription(args: list, frame) -> Any:
    expect_count("subscription", args, 0)
    subscription = _scope_value(frame, "subscriptionId", "subscription().subscriptionId")
    return {
        "id": f"/subscriptions/{subscription}"
        if isinstance(subscription, str)
        else _deployment_unknown("subscription().id", frame),
        "subscriptionId": subscription,
        "tenantId": _deployment_unknown("subscription().tenantId", frame),
        "displayName": _deployment_unknown("subscription().displayName"),
    }


@register("tenant")
def fn_tenant(args: list, frame) -> Any:
    expect_count("tenant", args, 0)
    return {
        "tenantId": _deployment_unknown("tenant().tenantId", frame),
        "countryCode": _deployment_unknown("tenant().countryCode"),
        "displayName": _deployment_unknown("tenant().displayName"),
    }


@register("managementGroup")
def fn_management_group(args: list, frame) -> Any:
    expect_count("managementGroup", args, 0, 1)
    return {
        "id": _deployment_unknown("managementGroup().id"),
        "name": _deployment_unknown("managementGroup().name"),
        "type": "Microsoft.Management/managementGroups",
        "properties": _deployment_unknown("managementGroup().properties"),
    }


@register("deployment")
def fn_deployment(args: list, frame) -> Any:
    expect_count("deployment", args, 0)
    return {
        "name": _deployment_unknown("deployment().name", frame),
        "location": _deployment_unknown("deployment().location"),
        "properties": _deployment_unknown("deployment().properties"),
    }


# ---------------------------------------------------------------- resource ids


def _split_id_args(name: str, args: list, max_prefix: int) -> tuple[list, str, list]:
    """(scope values before the type, the type, the name segments)."""
    for at, value in enumerate(args):
        if isinstance(value, str) and "/" in value:
            break
    else:
        raise _NoType()
    if at > max_prefix:
        raise FunctionError(f"{name}() takes at most {max_prefix} scope arguments before the resource type")
    names = args[at + 1 :]
    if not names:
        raise FunctionError(f"{name}() needs at least one resource name")
    for segment in names:
        if not isinstance(segment, (str, int, Unknown)):
            raise FunctionError(f"{name}() resource names must be strings")
    return args[:at], args[at].strip("/"), [s if type(s) is str or isinstance(s, Unknown) else str(s) for s in names]


class _NoType(Exception):
    pass


def _unknown_type(name: str, args: list) -> Unknown:
    params = frozenset().union(*(a.params for a in args if is_unknown(a)))
    return Unknown(f"the resource type passed to {name}() is not known", params)


@register("resourceId", unknown="accept")
def fn_resource_id(args: list, frame) -> Any:
    try:
        prefix, rtype, names = _split_id_args("resourceId", args, 2)
    except _NoType:
        return _unknown_type("resourceId", args)
    subscription = _scope_value(frame, "subscriptionId", "subscription().subscriptionId")
    group = _scope_value(frame, "resourceGroup", "resourceGroup().name")
    if len(prefix) == 1:
        group = prefix[0]
    elif len(prefix) == 2:
        subscription, group = prefix
    return make_id(
        [("subscriptions", subscription), ("resourceGroups", group)],
        rtype,
        names,
        {"resourceGroup": group, "subscriptionId": subscription},
    )


@register("subscriptionResourceId", unknown="accept")
def fn_subscription_resource_id(args: list, frame) -> Any:
    try:
        prefix, rtype, names = _split_id_args("subscriptionResourceId", args, 1)
    except _NoType:
        return _unknown_type("subscriptionResourceId", args)
    subscription = prefix[0] if prefix else _scope_value(frame, "subscriptionId", "subscription().subscriptionId")
    return make_id(
        [("subscriptions", subscription)], rtype, names, {"resourceGroup": None, "subscriptionId": subscription}
    )


@register("tenantResourceId", unknown="accept")
def fn_tenant_resource_id(args: list, frame) -> Any:
    try:
        _, rtype, names = _split_id_args("tenantResourceId", args, 0)
    except _NoType:
        return _unknown_type("tenantResourceId", args)
    return make_id([], rtype, names, {"resourceGroup": None, "subscriptionId": None})


@register("managementGroupResourceId", unknown="accept")
def fn_management_group_resource_id(args: list, frame) -> Any:
    try:
        prefix, rtype, names = _split_id_args("managementGroupResourceId", args, 1)
    except _NoType:
        return _unknown_type("managementGroupResourceId", args)
    group = prefix[0] if prefix else _deployment_unknown("managementGroup().name")
    return make_id(
        [("providers/Microsoft.Management/managementGroups", group)],
        rtype,
        names,
        {"resourceGroup": None, "subscriptionId": None, "managementGroup": group},
    )


@register("extensionResourceId", unknown="accept")
def fn_extension_resource_id(args: list, frame) -> Any:
    expect_count("extensionResourceId", args, 3, 999)
    base = args[0]
    try:
        _, rtype, names = _split_id_args("extensionResourceId", args[1:], 0)
    except _NoType:
        return _unknown_type("extensionResourceId", args)
    if isinstance(base, str):
        inner = make_id([], rtype, names, {})
        if isinstance(inner, str):
            return base.rstrip("/") + inner
        parsed = parse_resource_id(base) or {}
    elif is_unknown(base):
        parsed = parse_resource_id(base) or {}
    else:
        raise FunctionError("extensionResourceId() expects a resource id first")
    placeholder = base if is_unknown(base) else Unknown("part of the id is not known")
    result = make_id(
        [("scope", placeholder)],
        rtype,
        names,
        {"resourceGroup": parsed.get("resourceGroup"), "subscriptionId": parsed.get("subscriptionId"), "scope": base},
    )
    return result


@register("reference", unknown="accept")
def fn_reference(args: list, frame) -> Any:
    """``reference('<symbolic name>')`` of a deployment with an inline template (a Bicep
    module, in languageVersion 2.0) has the deployment's outputs, evaluated with the
    parameters it passes; everything else a reference returns exists only at deployment."""
    if args and isinstance(args[0], str) and frame.function_args is None:
        outputs = frame.tpl.deployment_outputs(args[0])
        if outputs is not None:
            return outputs if is_unknown(outputs) else {"outputs": outputs}
    return merge_unknowns(args, "reference() is only known at deployment time")


@register("resourceInfo")
def fn_resource_info(args: list, frame) -> Any:
    """``resourceInfo('symbolicName')`` in a languageVersion 2.0 template: the id, name,
    type and apiVersion of a resource declared in the same template."""
    expect_count("resourceInfo", args, 1)
    symbolic = need_str("resourceInfo", args[0])
    return frame.tpl.symbolic_resource_info(symbolic)
