"""allowedValues exploration: a parameter with no value and no default, whose allowed
values decide something the rules read, is tried with each of them; findings that only
some values cause are reported with the values that cause them ("(when parameter 'mode'
is 'Flexible')").  Findings of the run without values are not repeated.
"""

from __future__ import annotations

import itertools

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from arm_orchlint.core.findings import Finding
    from arm_orchlint.front.parameter_files import ParameterValues
    from arm_orchlint.lint.findings import Findings
    from arm_orchlint.model.scalesets import Model

from arm_orchlint.core.rule_ids import EVALUATION_LIMIT
from arm_orchlint.core.values import unknown_params
from arm_orchlint.front.document import Diagnostic, Document, declared_parameters
from arm_orchlint.lint.findings import finding_key
from arm_orchlint.model.scalesets import AUTOSCALE, VM, VMSS

MAX_EXPLORED_COMBINATIONS = 64
EXPLORED_TYPES = (VMSS, VM, AUTOSCALE)


def explore(
    doc: Document,
    values: ParameterValues,
    model: Model,
    base: list[Finding],
    findings_with: Callable[[ParameterValues], list[Finding]],
    findings: Findings,
) -> list[Finding]:
    """Findings only some allowed values produce, and notes where exploration was cut short.
    ``findings_with(values)`` lints ``doc`` with those parameter values (rule findings only)."""
    declared = declared_parameters(doc)
    if not declared:
        return []
    relevant: set[str] = set()
    limited: list[tuple[str, str]] = []  # (parameter, message): exploration cut short, reported as notes
    # Only a parameter without a value or default that lists allowed values can be tried
    # (or noted) here: without one, the resources' bodies and names are evaluated as
    # unknowns_of would (what that reports and records stays), but not walked for Unknowns
    # (allowed_values.py walks them itself when it needs to).
    offered = any(
        name not in values and isinstance(spec, dict) and "defaultValue" not in spec and _lists_values(spec)
        for name, spec in declared.items()
    )
    for res in (r for t in EXPLORED_TYPES for r in model.all_of_type(t)):
        if offered:
            relevant |= unknowns_of(model, res)
        else:
            res.body, res.name  # noqa: B018 - evaluated for their side effects, as said above
    candidates = []
    for name in sorted(relevant):
        spec = declared.get(name)
        if name in values or not isinstance(spec, dict) or "defaultValue" in spec:
            continue
        allowed = spec.get("allowedValues")
        if isinstance(allowed, list) and 0 < len(allowed) <= MAX_EXPLORED_COMBINATIONS:
            candidates.append((name, allowed))
        elif isinstance(allowed, list) and allowed:
            limited.append(
                (
                    name,
                    f"parameter '{name}' has {len(allowed)} allowed values, over the exploration limit of "
                    f"{MAX_EXPLORED_COMBINATIONS}; they were not tried one by one",
                )
            )
    notes = findings.of_diagnostics(
        [
            Diagnostic(EVALUATION_LIMIT, text, doc, ("parameters", name, "allowedValues"), severity="note")
            for name, text in limited
        ],
        doc.path,
    )
    if not candidates:
        return notes
    combos, cut = _combinations(candidates)
    if cut:
        text = (
            f"exploration stops after {MAX_EXPLORED_COMBINATIONS} trials per template; the allowed values of "
            + ", ".join(f"'{n}'" for n in cut)
            + " were not all tried"
        )
        notes += findings.of_diagnostics(
            [Diagnostic(EVALUATION_LIMIT, text, doc, ("parameters", cut[0], "allowedValues"), severity="note")],
            doc.path,
        )
    base_keys = {finding_key(f) for f in base}
    names = [name for name, _ in candidates]
    grouped: dict[tuple, tuple[Finding, list]] = {}
    for combo in combos:
        trial = dict(values)
        for name, idx, value in combo:
            trial[name] = (value, doc, ("parameters", name, "allowedValues", idx))
        for finding in findings_with(trial):
            key = finding_key(finding)
            if key in base_keys:  # the base run reports it already
                continue
            for name in names:  # the 'when' clause says it better
                finding.message = finding.message.replace(f" (value from parameter '{name}')", "")
            grouped.setdefault(finding_key(finding), (finding, []))[1].append(combo)
    out = []
    for finding, hit_combos in grouped.values():
        finding.message += " " + _when(hit_combos, candidates, combos)
        out.append(finding)
    return notes + out


def _lists_values(spec: dict) -> bool:
    allowed = spec.get("allowedValues")
    return isinstance(allowed, list) and len(allowed) > 0


def unknowns_of(model: Model, res: Any) -> frozenset:
    """The parameters behind the Unknowns of a resource (body, API version, condition, name,
    copy count), evaluated in that order; remembered in ``model`` (allowed_values.py asks
    again for the same resources)."""
    key = ("unknown-params", id(res))
    found = model.memo.get(key)
    if found is None:
        found = unknown_params(res.body) | unknown_params(res.api_version) | unknown_params(res.condition)
        found |= unknown_params(res.name) | unknown_params(res.copy.count if res.copy is not None else None)
        model.memo[key] = found
    return found


def _combinations(candidates: list) -> tuple[list, list]:
    """The value combinations to try, and the parameters whose values were not all tried."""
    product = 1
    for _, allowed in candidates:
        product *= len(allowed)
    if product <= MAX_EXPLORED_COMBINATIONS:
        combos = [
            [(name, idx, value) for name, (idx, value) in zip([n for n, _ in candidates], choice)]
            for choice in itertools.product(*[list(enumerate(a)) for _, a in candidates])
        ]
        return combos, []
    # too many together: one parameter at a time, the others stay unknown
    combos = [[(name, idx, value)] for name, allowed in candidates for idx, value in enumerate(allowed)]
    if len(combos) <= MAX_EXPLORED_COMBINATIONS:
        return combos, []
    tried = [combo[0][0] for combo in combos[:MAX_EXPLORED_COMBINATIONS]]
    cut = [name for name, allowed in candidates if tried.count(name) < len(allowed)]
    return combos[:MAX_EXPLORED_COMBINATIONS], cut


def _quote(value: Any) -> str:
    import json as _json

    return "'" + value + "'" if isinstance(value, str) else _json.dumps(value)


def _when(hit_combos: list, candidates: list, tried: list) -> str:
    """The parameter values that produce a finding, for its message:
    "(when parameter 'mode' is 'Flexible')", "(for every allowed value of parameter 'mode')"
    or, when several parameters matter together, the combinations."""
    hits = {tuple((name, idx) for name, idx, _ in combo) for combo in hit_combos}
    tried_keys = {tuple((name, idx) for name, idx, _ in combo) for combo in tried}
    # Parameters that do not change the outcome are left out of the explanation: every
    # tried combination that differs from a hit only in that parameter is a hit too.
    involved = []
    for name in dict.fromkeys(name for combo in hit_combos for name, _, _ in combo):
        irrelevant = True
        for hit in hits:
            for other in tried_keys:
                if (
                    other not in hits
                    and [n for n, _ in other] == [n for n, _ in hit]
                    and all(a == b for a, b in zip(hit, other) if a[0] != name)
                ):
                    irrelevant = False
                    break
            if not irrelevant:
                break
        if not irrelevant:
            involved.append(name)
    if not involved:
        explored = list(dict.fromkeys(name for combo in hit_combos for name, _, _ in combo))
        which = "parameter" if len(explored) == 1 else "parameters"
        return f"(for every allowed value of {which} " + ", ".join(f"'{n}'" for n in explored) + ")"
    values_of = {
        name: list(dict.fromkeys(_quote(value) for combo in hit_combos for n, _, value in combo if n == name))
        for name in involved
    }
    if len(involved) == 1:
        name = involved[0]
        return f"(when parameter '{name}' is " + " or ".join(values_of[name]) + ")"
    shown = list(
        dict.fromkeys(", ".join(f"'{n}' is {_quote(v)}" for n, _, v in combo if n in involved) for combo in hit_combos)
    )
    more = f"; or {len(shown) - 1} other combination(s)" if len(shown) > 1 else ""
    return f"(when parameters {shown[0]}{more})"
