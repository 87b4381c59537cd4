"""Allowed values that can never deploy.

A parameter with a default and ``allowedValues`` is linted with its default (that is what
deploys when nobody passes a value), but every other allowed value is an offer the
template makes.  An allowed value is reported, as a warning located at its entry of
``allowedValues``, when a rule of error severity fails with it whatever the other
parameters are: their defaults, and every combination of their own allowed values
(within the trial budget).  A value that fails only in some combinations is not
reported; neither is anything the run with the defaults reports already.

How it works, per template:

1. Parameters that matter: those whose value the run with the defaults read into a scale
   set, a VM that joins a set (or pins a fault domain) or an autoscale setting (each
   resource records the parameters its evaluation read, through variables too), and those
   without any value behind an Unknown there.  No extra expansion is needed.  Of the
   defaulted ones only those written as a whole property value (``[parameters('x')]``)
   are tried: each trial is a full evaluation (see ``_written_directly``).
2. The k-th non-default value of every such parameter is tried together: a trial without
   a new error shows that each of those values deploys (with the others' values of that
   trial).  Most values are cleared here, one trial for a value of every parameter.
   Every value not cleared is tried alone, with the other parameters as in the run with
   the defaults; a value that passes is done.
3. A value that fails is tried with every combination of the allowed values of the other
   parameters that matter; a failure must recur, at the same place and by the same rule,
   in every one of them.
"""

from __future__ import annotations

import itertools
import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from arm_orchlint.core.findings import Finding
    from arm_orchlint.front.parameter_files import ParameterValues
    from arm_orchlint.lint.findings import Findings
    from arm_orchlint.model.scalesets import Model

from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.front.document import Diagnostic, Document, declared_parameters
from arm_orchlint.lint.explore import unknowns_of
from arm_orchlint.model.scalesets import AUTOSCALE, VM, VMSS, raw_at

#: Trials (one expansion and rule run each) per template.
MAX_TRIALS = 64
#: Allowed values of one parameter that are tried at all: longer lists are VM sizes,
#: regions or SKUs far more often than settings a rule decides on.
MAX_VALUES = 12
_TYPES = (VMSS, VM, AUTOSCALE)


def _allowed(spec: Any) -> list | None:
    allowed = spec.get("allowedValues") if isinstance(spec, dict) else None
    return allowed if isinstance(allowed, list) and 0 < len(allowed) <= MAX_VALUES else None


def never_deploying_values(
    doc: Document,
    values: ParameterValues,
    model: Model,
    base: list[Finding],
    findings_with: Callable[[ParameterValues], list[Finding]],
    findings: Findings,
) -> list[Finding]:
    """Warnings for allowed values of defaulted parameters that can never deploy.
    ``model`` is the run with the defaults; ``findings_with(values)`` lints ``doc``."""
    declared = declared_parameters(doc)
    defaulted = [
        name
        for name, spec in declared.items()
        if name not in values and _allowed(spec) is not None and "defaultValue" in spec
    ]
    if not defaulted:
        return []
    reached = _reached(model)
    if not any(name in reached for name in defaulted):
        return []  # (nothing to try: no need to look for the parameters written directly)
    direct = _written_directly(model)
    relevant = [name for name in defaulted if name in reached and name.lower() in direct]
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

    pending = {
        name: [(i, v) for i, v in enumerate(declared[name]["allowedValues"]) if v != declared[name]["defaultValue"]]
        for name in relevant
    }
    cleared = _batches(doc, values, pending, failures)
    if cleared is None:
        return []  # budget spent
    out: list[Finding] = []
    for name in relevant:
        others = [q for q in choosers if q != name]
        for idx, value in pending[name]:
            if (name, idx) in cleared:
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


def _batches(doc, values, pending: dict, failures) -> set | None:
    """The (parameter, index) values shown to deploy by trying the k-th pending value of
    every parameter together: a trial with no new error is a choice under which each of
    them deploys.  One trial clears one value of every parameter, so most templates cost
    as many trials as their longest list.  None when the budget ran out."""
    cleared: set = set()
    if len(pending) < 2:
        return cleared  # one parameter: the value-by-value pass is the same work
    for k in range(max(len(v) for v in pending.values())):
        batch = {name: vals[k] for name, vals in pending.items() if k < len(vals)}
        if len(batch) < 2:
            break
        trial = dict(values)
        for name, (idx, value) in batch.items():
            trial[name] = (value, doc, ("parameters", name, "allowedValues", idx))
        found = failures(trial)
        if found is None:
            return None
        if not found:
            cleared |= {(name, idx) for name, (idx, _) in batch.items()}
    return cleared


def _reached(model: Model) -> set[str]:
    """The parameters whose value reaches a resource an error rule can fail on."""
    reached: set[str] = set()
    for res in (r for t in _TYPES for r in model.all_of_type(t)):
        if res.type_lower == VM and not _vm_in_scope(res):
            continue
        res.body  # evaluated now if no rule asked for it yet: that records its reads
        reached |= set(res.param_sources)
        reached |= unknowns_of(model, res)
    return reached


_DIRECT = lazy_compile(r"^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$", re.I)


def _written_directly(model: Model) -> set[str]:
    """Parameters (lower case) written as a whole property value, ``[parameters('x')]``
    (in Bicep ``prop: x``), in a resource an error rule can fail on: the template then
    offers the allowed values for that setting.  Parameters that only feed larger
    expressions (an OS image table, ``if()`` on an authentication type) are not tried:
    each trial costs a full evaluation, and those are rarely what a rule decides on."""
    found: set[str] = set()
    walked: set[int] = set()  # the copies of a copy loop share their object as written
    for res in (r for t in _TYPES for r in model.all_of_type(t)):
        if res.doc is None or (res.type_lower == VM and not _vm_in_scope(res)):
            continue
        raw = raw_at(res.doc.data, tuple(res.pointer))
        if id(raw) in walked:
            continue
        walked.add(id(raw))
        stack = [raw]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                m = _DIRECT.match(node) if node.startswith("[") else None
                if m:
                    found.add(m.group(1).lower())
            elif isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return found


def _vm_in_scope(vm) -> bool:
    """The VM rules are about VMs that join a scale set or pin a fault domain."""
    props = vm.get("properties")
    if not isinstance(props, dict):
        return True  # not known: keep it
    return any(isinstance(k, str) and k.lower() in ("virtualmachinescaleset", "platformfaultdomain") for k in props)


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
