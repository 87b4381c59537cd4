"""Declarative rules: a JMESPath condition says when a rule applies, a JSON Schema says
what the resource object must satisfy.  A schema error's path becomes the finding's
location.  Values that are Unknown never produce a finding."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from .findings import Hit
from .schema_precheck import certainly_valid
from .scalesets import VMSS, Model
from .values import Unknown, contains_unknown


@lru_cache(maxsize=None)
def _compiled_when(expression: str):
    import jmespath

    return jmespath.compile(expression)


_validators: dict[int, object] = {}


def _validator(rule):
    key = id(rule)
    validator = _validators.get(key)
    if validator is None:
        from jsonschema import Draft202012Validator

        validator = _validators[key] = Draft202012Validator(rule.check["schema"])
    return validator


def _context(resource, model: Model) -> dict:
    ctx = {"resource": resource.body, "apiVersion": resource.api_version, "type": resource.type}
    if resource.type_lower == VMSS:
        view = model.scale_set_view(resource)
        if view is not None:
            ctx["mode"] = view.current_mode or view.mode.preview
            count = view.zone_count
            ctx["zoneCount"] = count if isinstance(count, int) else None
    return ctx


def run_declarative(model: Model, rule) -> Iterator[Hit]:
    wanted = (rule.resource or VMSS).lower()
    when = _compiled_when(rule.check["when"])
    for resource in model.of_type(wanted):
        context = _context(resource, model)
        try:
            applies = when.search(context)
        except Exception:  # an Unknown inside the condition: the rule cannot decide
            continue
        if applies is not True:
            continue
        if certainly_valid(resource.body, rule.check["schema"]):
            continue  # proven valid without loading jsonschema
        validator = _validator(rule)
        try:
            errors = list(validator.iter_errors(resource.body))
        except TypeError:  # an Unknown reached a truth test
            continue
        for error in errors:
            if isinstance(error.instance, Unknown) or contains_unknown(error.instance):
                continue
            path = tuple(error.absolute_path)
            message = rule.check["message"].format(value=_show(error.instance), path=".".join(str(p) for p in path), mode=context.get("mode"))
            yield Hit(resource, path, message)


def _show(value) -> str:
    import json

    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
