"""Allowed values that can never deploy.

A parameter with a default and ``allowedValues`` is linted with its default (that is what
deploys when nobody passes a value), but every other allowed value is an offer the
template makes.  An allowed value is reported, as a warning located at its entry of
``allowedValues``, when a rule of error severity fails with it whatever the other
parameters are: their defaults, and every combination of their own allowed values
(within the trial budget).  A value that fails only in some combinations is not
reported; neither is anything the run with the defaults reports already.

How it works, per template:

1. Parameters that matter: one expansion with every defaulted parameter that has
   ``allowedValues`` (and no value from a parameter file) set to an Unknown that names
   it; the parameters behind the Unknowns in scale sets, VMs and autoscale settings are
   the ones that reach a rule.
2. Each allowed value other than the default is tried with the other parameters as in the
   run with the defaults.  Most values pass here, after one trial.
3. A value that fails is tried with every combination of the allowed values of the other
   parameters that matter; a failure must recur, at the same place and by the same rule,
   in every one of them.
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

from arm_orchlint.core.values import Unknown, unknown_params
from arm_orchlint.front.document import Diagnostic, Document
from arm_orchlint.model.scalesets import AUTOSCALE, VM, VMSS

#: Trials (one expansion and rule run each) per template.
MAX_TRIALS = 64
#: Allowed values of one parameter that are tried at all.
MAX_VALUES = 64
_TYPES = (VMSS, VM, AUTOSCALE)


def _declared(doc: Document) -> dict:
    declared = doc.data.get("parameters") if isinstance(doc.data, dict) else None
    return declared if isinstance(declared, dict) else {}


def _allowed(spec: Any) -> list | None:
    allowed = spec.get("allowedValues") if isinstance(spec, dict) else None
    return allowed if isinstance(allowed, list) and 0 < len(allowed) <= MAX_VALUES else None


def never_deploying_values(
    doc: Document,
    values: ParameterValues,
    base: list[Finding],
    expand_model: Callable[[ParameterValues], Any],
    findings_with: Callable[[ParameterValues], list[Finding]],
    findings: Findings,
) -> list[Finding]:
    """Warnings for allowed values of defaulted parameters that can never deploy.
    ``expand_model(values)`` builds the model of ``doc``; ``findings_with(values)`` lints it."""
    declared = _declared(doc)
    defaulted = [
        name
        for name, spec in declared.items()
        if name not in values and _allowed(spec) is not None and "defaultValue" in spec
    ]
    if not defaulted:
        return []
    reached = _reached(values, defaulted, expand_model)
    relevant = [name for name in defaulted if name in reached]
    if not relevant:
        return []
    # the choices a deployer has: every parameter that matters, has allowed values and is
    # not fixed by a parameter file (with a default or not)
    choosers = sorted(n for n in reached if n not in values and _allowed(declared.get(n)) is not None)
    base_errors = _error_keys(base)
    trials = [0]

    def failures(trial_values: ParameterValues) -> dict[tuple, Finding] | None:
        if trials[0] >= MAX_TRIALS:
            return None
        trials[0] += 1
        return {
            k: f
            for f in findings_with(trial_values)
            if f.severity == "error"
            for k in [_place(f)]
            if k not in base_errors
        }

    out: list[Finding] = []
    for name in relevant:
        spec = declared[name]
        default = spec["defaultValue"]
        others = [q for q in choosers if q != name]
        for idx, value in enumerate(spec["allowedValues"]):
            if value == default:
                continue
            chosen = dict(values)
            chosen[name] = (value, doc, ("parameters", name, "allowedValues", idx))
            failing = failures(chosen)
            if not failing:
                if failing is None:
                    return out  # budget spent: what is left is not claimed
                continue
            needed = 1
            for other in others:
                needed *= len(declared[other]["allowedValues"])
            if needed > MAX_TRIALS - trials[0]:
                continue  # too many combinations to claim "never": not reported
            # ``value`` never deploys when every combination of the others fails with it
            # somewhere the run with the defaults does not (whichever rule says so there).
            for combo in _combinations(declared, others):
                trial = dict(chosen)
                for other, other_idx, other_value in combo:
                    trial[other] = (other_value, doc, ("parameters", other, "allowedValues", other_idx))
                found = failures(trial)
                if found is None:
                    return out
                if not found:
                    break
            else:
                out += _report(doc, name, idx, value, failing, others, findings)
    return out


def _reached(values, defaulted, expand_model) -> set[str]:
    """The parameters whose value reaches a scale set, VM or autoscale setting: the
    defaulted ones are set to an Unknown that names them for one expansion, the ones
    without any value are Unknown already."""
    probe = dict(values)
    for name in defaulted:
        probe[name] = (Unknown(f"parameter '{name}' is being explored", frozenset({name})), None, ())
    model = expand_model(probe)
    reached: set[str] = set()
    for res in (r for t in _TYPES for r in model.all_of_type(t)):
        reached |= unknown_params(res.body) | unknown_params(res.api_version) | unknown_params(res.condition)
        reached |= unknown_params(res.name) | unknown_params(res.copy.count if res.copy is not None else None)
    return reached


def _combinations(declared: dict, others: list[str]):
    """Every combination of the allowed values of ``others`` ((name, index, value) triples)."""
    lists = [[(q, i, v) for i, v in enumerate(declared[q]["allowedValues"])] for q in others]
    return itertools.product(*lists) if lists else iter(())


def _place(f: Finding) -> tuple:
    """Where and by which rule a finding is: the same failure across trials, whatever the
    values in its message."""
    return (f.rule_id, f.path, f.line, f.col, f.property_path)


def _error_keys(found: list[Finding]) -> set[tuple]:
    return {_place(f) for f in found if f.severity == "error"}


def _quote(value: Any) -> str:
    import json

    return "'" + value + "'" if isinstance(value, str) else json.dumps(value)


def _report(
    doc: Document, name: str, idx: int, value: Any, failing: dict, others: list[str], findings: Findings
) -> list[Finding]:
    """One warning per failure seen with the other parameters as deployed by default (the
    failures with other values of ``others`` may differ, but there is one in each)."""
    out = []
    for finding in failing.values():
        reason = finding.message.replace(f" (value from parameter '{name}')", "")
        text = f"allowed value {_quote(value)} of parameter '{name}' can never deploy: {reason}"
        diag = Diagnostic(finding.rule_id, text, doc, ("parameters", name, "allowedValues", idx), severity="warning")
        out += findings.of_diagnostics([diag], doc.path)
    return out
