"""Where a lint's CPU time goes: each phase's own time (its callees in other phases are
subtracted), measured by wrapping the functions that start each phase.

Used by run.py to print a phase line under a ratio, so that a change of a ratio comes with
the phase that moved.  The wrappers cost a few microseconds per call, so the shares are
read as shares, not as times of an unwrapped run.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

# (label, module, attribute path): the functions whose calls start a phase
PHASES = (
    ("read", "arm_orchlint.lint.engine", "read_input"),
    ("expand", "arm_orchlint.lint.engine", "expand"),
    ("bodies", "arm_orchlint.evaluation.expand", "_Expander._body"),
    ("rules", "arm_orchlint.lint.engine", "Linter.run_rules"),
    ("findings", "arm_orchlint.lint.findings", "Findings.of_hit"),
    ("fixes", "arm_orchlint.lint.engine", "attach_fix"),
    ("explore", "arm_orchlint.lint.explore", "explore"),
    ("allowedValues", "arm_orchlint.lint.allowed_values", "never_deploying_values"),
    ("duplicates", "arm_orchlint.lint.duplicates", "duplicate_key_diagnostics"),
)


class PhaseTimer:
    def __init__(self):
        self.own: dict[str, float] = {}
        self._stack: list[list] = []  # [label, start, time spent in nested phases]

    def wrap(self, label: str, fn):
        timer = self

        def timed(*args, **kwargs):
            frame = [label, time.process_time(), 0.0]
            timer._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                timer._stack.pop()
                spent = time.process_time() - frame[1]
                timer.own[label] = timer.own.get(label, 0.0) + spent - frame[2]
                if timer._stack:
                    timer._stack[-1][2] += spent

        return timed


@contextmanager
def timed_phases():
    """A PhaseTimer whose wrappers are installed for the duration; a phase whose function
    is not found (renamed) is left out."""
    import importlib

    timer = PhaseTimer()
    undo = []
    for label, module_name, attr in PHASES:
        try:
            owner = importlib.import_module(module_name)
            *outer, name = attr.split(".")
            for part in outer:
                owner = getattr(owner, part)
            raw = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        except (ImportError, AttributeError, KeyError):
            continue
        fn = raw.__func__ if isinstance(raw, staticmethod) else raw
        wrapped = timer.wrap(label, fn)
        setattr(owner, name, staticmethod(wrapped) if isinstance(raw, staticmethod) else wrapped)
        undo.append((owner, name, raw))
    try:
        yield timer
    finally:
        for owner, name, raw in reversed(undo):
            setattr(owner, name, raw)


def phase_line(run, repeat: int = 3) -> str:
    """``run()`` ``repeat`` times under the phase timer; each phase's median share of the
    total CPU time, with "other" for what no phase covers."""
    shares: dict[str, list[float]] = {}
    totals = []
    for _ in range(repeat):
        with timed_phases() as timer:
            start = time.process_time()
            run()
            total = time.process_time() - start
        totals.append(total)
        for label, own in timer.own.items():
            shares.setdefault(label, []).append(own / total)
        shares.setdefault("other", []).append(1 - sum(timer.own.values()) / total)
    import statistics

    parts = [(label, statistics.median(values)) for label, values in shares.items()]
    parts.sort(key=lambda item: -item[1])
    return f"CPU {statistics.median(totals) * 1000:.0f} ms (timed): " + ", ".join(
        f"{label} {share * 100:.0f}%" for label, share in parts if share >= 0.005
    )
