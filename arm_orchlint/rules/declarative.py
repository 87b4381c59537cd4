"""Declarative rules: a JMESPath condition says when a rule applies, a JSON Schema says
what the resource object must satisfy.  A schema error's path becomes the finding's
location.  Values that are Unknown never produce a finding."""

from __future__ import annotations

from functools import cache

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    pass

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.keys import key_of
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.schema_subset import _is_number, noting_validator, subset_validator
from arm_orchlint.core.values import Unknown, UnknownTruth, contains_unknown
from arm_orchlint.model.scalesets import VMSS, Model, ScaleSet

# ``field == 'text'``, ``field != other_field``, ...: the form of almost every condition.
# In JMESPath a bare word is a field (``null`` too: a missing field, so None), a quoted
# one a raw string; ``==`` is Python equality here (never a number against a bool).
_SIMPLE_WHEN = lazy_compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=)\s*(?:'([^'\\]*)'|([A-Za-z_][A-Za-z0-9_]*))\s*\Z")


class SimpleWhen:
    """A condition of that form, evaluated as JMESPath does without importing jmespath
    (its import costs a tenth of the command's start-up)."""

    __slots__ = ("field", "negate", "literal", "other")

    def __init__(self, field: str, negate: bool, literal: str | None, other: str | None):
        self.field = field
        self.negate = negate
        self.literal = literal
        self.other = other

    def search(self, context: dict):
        left = context.get(self.field)
        right = self.literal if self.other is None else context.get(self.other)
        # JMESPath never takes 0 or 1 for false or true
        equal = False if _special_number_case(left, right) else left == right
        return not equal if self.negate else equal


def _special_number_case(x, y) -> bool:
    if _is_number(x) and x in (0, 1):  # (a number, not a bool)
        return isinstance(y, bool)
    if _is_number(y) and y in (0, 1):
        return isinstance(x, bool)
    return False


@cache
def _compiled_when(expression: str):
    simple = _SIMPLE_WHEN.match(expression)
    if simple is not None:
        return SimpleWhen(simple.group(1), simple.group(2) == "!=", simple.group(3), simple.group(4))
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
    """What a ``when`` condition sees; the same for every rule, so built once per resource
    (conditions only read it)."""
    key = ("declarative-context", id(resource))
    ctx = model.memo.get(key)
    if ctx is None:
        ctx = model.memo[key] = _new_context(resource, model)
    return ctx


def _new_context(resource, model: Model) -> dict:
    ctx = {"resource": resource.body, "apiVersion": resource.api_version, "type": resource.type}
    if resource.type_lower == VMSS:
        view = model.scale_set_view(resource)
        if view is not None:
            ctx["mode"] = view.current_mode or view.mode.preview
            count = view.zone_count
            ctx["zoneCount"] = count if isinstance(count, int) else None
    return ctx


def declarative_hits(rule, resource, model: Model) -> list[Hit]:
    """The hits of a declarative rule on one resource (the runner chose the resource)."""
    return declarative_check(rule)(resource, model)


def declarative_check(rule):
    """``declarative_hits`` of ``rule`` as a function of (resource, model): what depends only
    on the rule (its condition, schema, names and validator) is looked up once, for the
    runner, which calls it for every resource of a template.  A scale set's view stands for
    its resource (declarative rules read the resource object)."""
    check = rule.check
    when = check.get("when")
    schema = check["schema"]
    # the schema's names and compiled test, worked out (as before) on the first resource
    # the condition lets through, inside the runner's care for a failing check
    known = None
    validator = None
    plain = None  # (model, version, memo) of ``_plainly_spelled``: one template's bodies
    noting = None  # ``noting_validator(schema)``, False when there is none

    def hits(resource, model: Model) -> list[Hit]:
        nonlocal known, validator, plain, noting
        if isinstance(resource, ScaleSet):
            resource = resource.res
        context = None
        if when is not None:
            context = _context(resource, model)
            try:
                applies = _compiled_when(when).search(context)
            except Exception:  # an Unknown inside the condition: the rule cannot decide
                return []
            if applies is not True:
                return []
        body = resource.body
        if known is None:
            known = _schema_names(schema)
        if known[0]:
            if known[1]:
                respelled = _respelled(resource, model, schema)
            else:  # (the memo of ``_plainly_spelled`` looked up once per template)
                if plain is None or plain[0] is not model or plain[1] != _VERSION[0]:
                    plain = (model, _VERSION[0], _plain_memo(model))
                spelled = plain[2].get(id(resource))  # (``_plainly_spelled``, its memo read here)
                if spelled is None:
                    if noting is None:
                        noting = noting_validator(schema) or False
                    if noting:  # (validated as written first: see ``_written_errors_stand``)
                        check, misses = noting
                        if misses:
                            misses.clear()
                        errors: list = []
                        check(body, (), errors)
                        if not errors and not misses:  # (the usual answer, told in line)
                            return []
                        if _written_errors_stand(errors, misses):
                            return _hits_of(rule, resource, model, context, errors)
                    spelled = _plainly_spelled(resource, model, plain[2])
                respelled = not spelled and _respelled(resource, model, schema)
            if respelled:
                body = case_normalised(body, schema)
        if validator is None:  # (the noting one, when made: its errors are the same)
            validator = noting[0] if noting else subset_validator(schema) or _UNSUPPORTED
        if validator is _UNSUPPORTED:  # beyond the subset: jsonschema
            return _hits_of(rule, resource, model, context, _jsonschema_errors(rule, body))
        errors = []
        validator(body, (), errors)
        return _hits_of(rule, resource, model, context, errors) if errors else []

    return hits


_UNSUPPORTED = object()  # (a schema subset_validator does not handle)


def _written_errors_stand(errors: list, misses: list) -> bool:
    """Whether ``errors``, those of a body as written against a schema that applies only to
    members it names (by its ``noting_validator``, which noted ``misses``), are its errors,
    told without walking the body for its spellings (``_plainly_spelled``): when no member
    the schema looks for is absent but spelled otherwise and no error shows an object or an
    array.  Then the ``case_normalised`` copy of the body has the same errors: each object
    on the schema's way holds the same named members (others are renamed only where a name
    is absent), with the same values down to scalars, and the schema compares no object or
    array by value; only the objects and arrays shown could be spelled otherwise."""
    if misses:
        return False
    for _, value in errors:
        if isinstance(value, (dict, list)):
            return False
    return True


def _hits_of(rule, resource, model: Model, context, errors) -> list[Hit]:
    out = []
    for error_path, instance in errors:
        if isinstance(instance, Unknown) or contains_unknown(instance):
            continue
        if context is None:  # (without a condition, only a message reads it)
            context = _context(resource, model)
        path = tuple(error_path)
        message = rule.check["message"].format(
            value=_show(instance), path=".".join(str(p) for p in path), mode=context.get("mode")
        )
        out.append(Hit(resource, path, message))
    return out


def _respelled(resource, model: Model, schema) -> bool:
    """Whether ``case_normalised`` could change anything: whether the body spells some name
    the schema knows otherwise.  Most bodies spell every name as the schemas do; they are
    validated as they are, without a copy."""
    names, everywhere = _schema_names(schema)
    if not names:
        return False
    if not everywhere and _plainly_spelled(resource, model):
        return False
    # (a schema that applies to members it does not name looks at every object of the body)
    spellings = _key_spellings(resource.body, None) if everywhere else _spellings(resource, model)
    for lowered, spelling in names.items():
        written = spellings.get(lowered, spelling)
        if written != spelling:
            return True
    return False


# The lower-cased names of every schema seen (the registry shows them all when it is built),
# each with the one spelling all those schemas use (None when they spell it in several ways):
# one walk of a body, into the members these name, records the spellings every schema needs.
# The names only grow, so their count tells whether a body's walk saw all of them;
# ``_VERSION`` counts every change, a new spelling of a known name too.
_KNOWN_NAMES: dict[str, str | None] = {}
_VERSION = [0]

# What a member name is to the schemas seen: 0 none of their names, 1 their one spelling of
# one of their names, 2 another spelling of one (or any spelling of a name they spell in
# several ways).  Kept across bodies, as the same few dozen names come back in every
# resource, until a schema adds a name.
_KEY_KINDS: dict[str, int] = {}


def _key_kind(key) -> int:
    if not isinstance(key, str):
        return 0
    lowered = key.lower()
    if lowered not in _KNOWN_NAMES:
        kind = 0
    else:
        kind = 1 if _KNOWN_NAMES[lowered] == key else 2
    if len(_KEY_KINDS) >= 65536:
        _KEY_KINDS.clear()
    _KEY_KINDS[key] = kind
    return kind


def _plainly_spelled(resource, model: Model, memo: dict | None = None) -> bool:
    """Whether the body spells every known name it has as all the schemas do, in every
    object reached through such names: then ``_respelled`` is False for each of those
    schemas but one that applies to unnamed members, which looks at other objects too.
    Decided once per body instead of once per (rule, body) with a comparison of names.
    ``memo``: ``_plain_memo(model)``, when the caller holds it already."""
    if memo is None:
        memo = _plain_memo(model)
    plain = memo.get(id(resource))
    if plain is None:
        plain = memo[id(resource)] = _all_plain(resource.body)
    return plain


def _plain_memo(model: Model) -> dict:
    """id(resource) -> whether its body is plainly spelled, for the names known now."""
    memo = model.memo.get("declarative-plain")
    if memo is None or memo[0] != _VERSION[0]:
        memo = model.memo["declarative-plain"] = (_VERSION[0], {})
    return memo[1]


def _all_plain(body) -> bool:
    plans = _PLANS
    stack = [body]
    push, pop = stack.append, stack.pop
    # (the exact type is tested first: an isinstance test that fails costs an attribute look-up)
    while stack:
        item = pop()
        if type(item) is not list and isinstance(item, dict):
            names = tuple(item)
            plan = plans.get(names)
            if plan is None:
                plan = _plan(names)
            if plan is False:
                return False
            for key in plan:
                member = item[key]
                if type(member) not in _SCALARS and isinstance(member, _CONTAINERS):
                    push(member)
        elif isinstance(item, list):
            for member in item:
                if type(member) not in _SCALARS and isinstance(member, _CONTAINERS):
                    push(member)
    return True


# The member names of an object, in order -> those of kind 1 (``_key_kind``), or False when
# one is of kind 2: the bodies of a template repeat a few shapes of objects, each then costs
# one look-up in ``_all_plain`` instead of one per member.  Cleared with ``_KEY_KINDS``.
_PLANS: dict[tuple, tuple | bool] = {}


def _plan(names: tuple) -> tuple | bool:
    named: list = []
    for key in names:
        kind = _KEY_KINDS.get(key)
        if kind is None:
            kind = _key_kind(key)
        if kind == 2:
            plan: tuple | bool = False
            break
        if kind == 1:
            named.append(key)
    else:
        plan = tuple(named)
    if len(_PLANS) >= 4096:
        _PLANS.clear()
    _PLANS[names] = plan
    return plan


_CONTAINERS = (dict, list)
_SCALARS = frozenset({str, int, float, bool, type(None)})  # exact types no container is of


def know_schemas(schemas) -> None:
    for schema in schemas:
        _schema_names(schema)


def _spellings(resource, model: Model) -> dict:
    key = ("declarative-spellings", id(resource))
    found = model.memo.get(key)
    if found is None or found[0] != len(_KNOWN_NAMES):
        found = model.memo[key] = (len(_KNOWN_NAMES), _key_spellings(resource.body, _KNOWN_NAMES))
    return found[1]


def _key_spellings(body, known: dict | None) -> dict:
    """Lower-cased name -> how ``body`` spells it, or None when spelled in several ways; only
    in the objects reached through names in ``known`` (where a schema may look), or in every
    object when ``known`` is None."""
    out: dict = {}
    stack = [body]
    push, pop = stack.append, stack.pop
    while stack:
        item = pop()
        if isinstance(item, dict):
            for key, member in item.items():
                if type(key) is not str:
                    continue
                lowered = key.lower()
                if known is not None and lowered not in known:
                    continue
                if out.setdefault(lowered, key) != key:
                    out[lowered] = None
                if isinstance(member, (dict, list)):
                    push(member)
        elif isinstance(item, list):
            for member in item:
                if isinstance(member, (dict, list)):
                    push(member)
    return out


def case_normalised(body, schema):
    """``body`` with its property names spelled as ``schema`` spells them: ARM reads
    property names without regard to case, JSON Schema does not.  Only objects that the
    schema can reach by name are looked at, and only those with a differently spelled key
    are copied (a schema with patternProperties or an additionalProperties schema gets
    every object looked at).  The hit's path then uses the schema's spelling, which the
    locator maps back to the written one."""
    names, everywhere = _schema_names(schema)
    return _normalise(body, names, everywhere) if names else body


_NAMES: dict[int, tuple] = {}  # id(schema) -> (schema, names, everywhere)


def _schema_names(schema) -> tuple[dict, bool]:
    known = _NAMES.get(id(schema))
    if known is None or known[0] is not schema:
        names: dict[str, str] = {}
        everywhere = _collect_names(schema, names)
        known = _NAMES[id(schema)] = (schema, names, everywhere)
        for lowered, spelling in names.items():
            if lowered not in _KNOWN_NAMES:
                _KNOWN_NAMES[lowered] = spelling
            elif _KNOWN_NAMES[lowered] not in (spelling, None):
                _KNOWN_NAMES[lowered] = None
            else:
                continue
            _VERSION[0] += 1
            _KEY_KINDS.clear()
            _PLANS.clear()
    return known[1], known[2]


def _collect_names(schema, names: dict) -> bool:
    """Fill ``names`` (lower-cased -> spelling) from every ``properties`` and ``required``
    of ``schema``; True when some subschema applies to members it does not name."""
    everywhere = False
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    names.setdefault(name.lower(), name)
                    everywhere |= _collect_names(sub, names)
            elif key == "required" and isinstance(value, list):
                for name in value:
                    if isinstance(name, str):
                        names.setdefault(name.lower(), name)
            elif key == "patternProperties" or (key == "additionalProperties" and isinstance(value, dict)):
                everywhere = True
                for sub in value.values() if key == "patternProperties" else [value]:
                    _collect_names(sub, names)
            elif isinstance(value, (dict, list)):
                everywhere |= _collect_names(value, names)
    elif isinstance(schema, list):
        for sub in schema:
            everywhere |= _collect_names(sub, names)
    return everywhere


def _normalise(value, names: dict, everywhere: bool):
    if isinstance(value, list):
        items = [_normalise(v, names, everywhere) for v in value]
        return items if any(a is not b for a, b in zip(items, value)) else value
    if not isinstance(value, dict):
        return value
    out = {}
    changed = False
    for key, member in value.items():
        spelled = _spelling(value, key, names)
        new = _normalise(member, names, everywhere) if everywhere or spelled.lower() in names else member
        changed = changed or new is not member or spelled is not key
        out[spelled] = new
    return out if changed else value


def _spelling(obj: dict, key, names: dict):
    """The schema's spelling of ``key`` when it is the member ARM reads under that name
    (the exact spelling first, else the first equal ignoring case), else ``key``."""
    canonical = names.get(key.lower()) if isinstance(key, str) else None
    if canonical is None or canonical == key or canonical in obj or key_of(obj, canonical) != key:
        return key
    return canonical


def _jsonschema_errors(rule, instance) -> list[tuple[tuple, object]]:
    """(path, failing value) of every schema error, by jsonschema: only for schemas beyond
    the subset ``schema_subset`` handles (its import costs more than a small run)."""
    validator = _validator(rule)
    try:
        return [(tuple(e.absolute_path), e.instance) for e in validator.iter_errors(instance)]
    except UnknownTruth:  # an Unknown reached a truth test inside the validator
        return []


def _show(value) -> str:
    # (what json.dumps writes for them, without building its output for one word)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    import json

    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
