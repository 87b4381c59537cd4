"""The lint pipeline for one file: read -> expand -> model -> rules -> located findings,
then per-file ignores and suppressions.

The steps each live in their own module: parameter files (``parameters``), which rules run
(``selection``), running a rule (``rules.runner``), locating findings (``findings``),
allowedValues exploration (``explore``), suppressions (``suppress``), many files at once
(``jobs``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from arm_orchlint.core.findings import Finding

from arm_orchlint.core.gcpolicy import paused_gc
from arm_orchlint.core.rule_ids import CHECK_FAILED, DUPLICATE_KEY, EVALUATION_LIMIT, FILE_NOT_READ, UNREADABLE_FILE
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.front.checkout import confined_to, refusal
from arm_orchlint.front.document import Diagnostic, Document, declared_parameters
from arm_orchlint.front.json.shape import shape_diagnostics
from arm_orchlint.front.parameter_files import ParameterError, ParameterValues
from arm_orchlint.front.reading import RefusedRead, load_linked, read_input, read_named
from arm_orchlint.lint.findings import Findings, finding_key, unique_sorted
from arm_orchlint.lint.fixes import FixTexts, attach_fix, attach_unused_suppression_fix
from arm_orchlint.lint.options import FileResult, Options
from arm_orchlint.lint.parameters import ParameterFiles, using_target
from arm_orchlint.lint.selection import Selection
from arm_orchlint.model.scalesets import Model, ScaleSet
from arm_orchlint.rules import runner
from arm_orchlint.rules.registry import Registry, Rule

__all__ = ["FileResult", "Linter", "Options"]


class Linter:
    def __init__(self, registry: Registry, options: Options | None = None):
        self.registry = registry
        self.options = options or Options()
        from arm_orchlint.front.checkout import configure

        configure(self.options.root, self.options.arguments)
        self.selection = Selection(registry, self.options)
        self.active = self.selection.active
        self.findings = Findings(self.selection, self.options.severity)
        self.checks = [r for r in self.active.values() if not r.is_builtin_finding and not r.is_diff]
        self.parameters = ParameterFiles(self.options.parameter_files, self.options.params)
        self.fix_texts = FixTexts()  # what fix edits are computed on
        # id of a list of checks -> (the list, its runner.plan, its types, narrowed plans)
        self._plans: dict[int, tuple] = {}

    def parameter_values(self, extra_files: list[str] = ()) -> ParameterValues:
        return self.parameters.values(extra_files)

    # -- one input ---------------------------------------------------------------------
    def lint_job(
        self, path: str, parameter_files: list[str] = (), own_only: bool = False, raw: bytes | None = None
    ) -> FileResult:
        """One planned job (see ``jobs.plan_jobs``); a bug becomes an ORCH900 finding for this
        file.  ``raw``: the content to lint instead of reading ``path`` (stdin, an editor buffer).
        Every file read for this input is confined to its checkout (front/checkout.py)."""
        from time import perf_counter

        start = perf_counter()
        with confined_to(path):
            result = self._lint_job(path, parameter_files, own_only, raw)
        result.seconds = perf_counter() - start  # JUnit's time
        return result

    def _lint_job(self, path: str, parameter_files: list[str], own_only: bool, raw: bytes | None) -> FileResult:
        if own_only:  # a .bicepparam whose template is linted by its own job
            try:
                result = read_input(path, raw if raw is not None else read_named(path, size_checked=False))
            except RefusedRead as exc:
                return self._refused(path, exc)
            except OSError as exc:
                return self._unreadable(path, exc)
            return FileResult(path, "params", self.findings.of_diagnostics(result.diagnostics, path))
        try:
            return self.lint_file(path, raw, parameter_files=list(parameter_files))
        except Exception as exc:
            if self.options.debug or isinstance(exc, ParameterError):  # a bad -p file is a tool error
                raise
            # A bug must not cost the other files their findings, nor turn bad input into exit 2.
            import sys

            print(f"arm-orchlint: internal error on {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            diag = Diagnostic(
                UNREADABLE_FILE,
                f"internal error while linting this file ({type(exc).__name__}); it was not checked, please report it",
                None,
            )
            return FileResult(path, "error", self.findings.of_diagnostics([diag], path))

    def _unreadable(self, path: str, exc: OSError) -> FileResult:
        diag = Diagnostic(UNREADABLE_FILE, f"cannot read file: {exc.strerror or exc}", None)
        return FileResult(path, "error", self.findings.of_diagnostics([diag], path))

    def _refused(self, path: str, exc: RefusedRead, span=None) -> FileResult:
        """An input (or the template of a ``using``) the confined reader refused.  A FIFO or
        device given as an input is skipped silently, as before; the rest get a note."""
        if exc.reason == "is not a regular file" and span is None:
            return FileResult(path, "other")
        from arm_orchlint.core.source import Span

        span = span or Span(path, 1, 1, 1, 2)
        finding = self.findings.tool(FILE_NOT_READ, f"{exc.path} {exc.reason}; not read", span, path)
        return FileResult(path, "other", [finding] if finding else [])

    def lint_file(self, path: str, raw: bytes | None = None, parameter_files: list[str] = ()) -> FileResult:
        with confined_to(path):
            return self._lint_confined(path, raw, parameter_files)

    def _lint_confined(self, path: str, raw: bytes | None, parameter_files: list[str]) -> FileResult:
        if raw is None:
            try:
                # (read_input reports a large input; a large file is decoded from a mapping)
                raw = read_named(path, size_checked=False, mapped=True)
            except RefusedRead as exc:
                return self._refused(path, exc)
            except OSError as exc:
                return self._unreadable(path, exc)
        held = [raw]
        del raw  # (the bytes of a large file are freed as soon as they are decoded)
        with paused_gc(), self.fix_texts.linting(path):
            result, doc = self._lint_file(path, held, parameter_files)
            return self._post_process(result, doc)

    def _lint_file(self, path: str, held: list, parameter_files: list[str]) -> tuple[FileResult, Document | None]:
        """``held``: the file's bytes, the only reference to them, handed over to the reader."""
        result = read_input(path, held.pop())
        self.fix_texts.read_as(path, result.text)
        if result.doc is None:
            return FileResult(path, result.kind, self.findings.of_diagnostics(result.diagnostics, path)), None
        doc = result.doc
        if result.kind in ("params", "other"):
            return FileResult(path, result.kind), None
        own = self.findings.of_diagnostics(result.diagnostics, path)
        if result.kind == "bicepparam":  # lint the template it is using, with its values
            target = using_target(doc)
            if target is None:
                return FileResult(path, "params", own), None
            why = refusal(target, path)[1]
            if why is not None:  # reported at the `using` line, never read
                refused = self._refused(path, RefusedRead(target, why), _using_span(path, result.text or ""))
                return FileResult(path, "params", own + refused.findings), None
            inner = self.lint_file(target, parameter_files=[*parameter_files, path])
            return FileResult(path, "bicep", own + inner.findings, inner.declared_parameters), doc
        values = self.parameter_values(parameter_files)
        findings = own + self.lint_document(doc, values)
        loaded = getattr(doc, "loaded", None)
        if loaded:  # content read by Bicep load* functions never fills a message
            from arm_orchlint.lint.redact import redact_findings

            redact_findings(findings, loaded)
        kind = "bicep" if doc.kind == "bicep" else "template"
        return FileResult(path, kind, unique_sorted(findings), _declared_parameters(doc)), doc

    def _post_process(self, result: FileResult, doc: Document | None) -> FileResult:
        """Per-file ignores, then suppressions (which report on themselves)."""
        ignored = self.selection.ignored_rules(result.path)
        if ignored:
            result.findings = [f for f in result.findings if f.rule_id not in ignored]
        if doc is None or not self.options.suppressions:
            return result
        from arm_orchlint.lint.suppress import apply_suppressions, may_have_suppressions

        if not may_have_suppressions(doc):
            return result
        extra = apply_suppressions(
            doc,
            result.findings,
            resolve=self.registry.get,
            report=lambda rule_id, message, span, pointer: self.findings.tool(
                rule_id, message, span, doc.path, pointer
            ),
            enabled=lambda rule_id: self.selection.enabled_for(rule_id, doc.path, ignored),
        )
        if extra:
            for finding in extra:
                attach_unused_suppression_fix(finding, self.fix_texts)
            result.findings = unique_sorted(result.findings + extra)
        return result

    # -- one template ----------------------------------------------------------------
    def lint_document(self, doc: Document, values: ParameterValues) -> list[Finding]:
        from arm_orchlint.evaluation.context import Budget

        # One step budget for the file: the plain run and every allowedValues trial share
        # it, so exploring 64 values of a heavy expression cannot cost 64 budgets.
        budget = self._budget = Budget()
        recorder = None
        if self.options.explore and _offers_values(doc):  # what the trials may reuse (evaluation/reuse.py)
            from arm_orchlint.evaluation.reuse import Recorder

            recorder = Recorder(doc, budget)
        self._recorder, self._base_values = recorder, values
        expansion = expand(doc, parameter_values=values, load_linked=load_linked, budget=budget, reuse=recorder)
        model = Model(expansion=expansion)
        # ORCH909 before the rules: the locator keeps its counts of the resources, which the
        # findings' spans would count again (its findings still come where they came)
        duplicates = self._duplicate_keys(model)
        base = self.run_rules(model)
        explored = []
        if self.options.explore:
            from arm_orchlint.lint.explore import explore

            explored = explore(
                doc, values, model, base, lambda trial: self._rules_with(doc, trial, budget), self.findings
            )
            from arm_orchlint.lint.allowed_values import never_deploying_values

            explored += never_deploying_values(
                doc, values, model, base, lambda trial: self._errors_with(doc, trial), self.findings
            )
        self._recorder = self._base_values = None  # the trials are done: free what they reused
        # (and the budget, whose caches of the template's declarations hold the document:
        # kept by the linter, a large file would stay in memory until the next one is read,
        # and be freed while that one is linted)
        self._budget = None
        diagnostics = shape_diagnostics(doc) + expansion.diagnostics
        if budget.exhausted and not any(d.rule_id == EVALUATION_LIMIT for d in expansion.diagnostics):
            # spent by the allowedValues trials (their own diagnostics are not reported)
            diagnostics.append(
                Diagnostic(
                    EVALUATION_LIMIT,
                    "allowedValues exploration stopped: the file's evaluation step budget is spent; "
                    "not every allowed value was tried",
                    doc,
                    ("parameters",),
                    severity="note",
                )
            )
        # Diagnostics last: resource bodies are evaluated lazily, while the rules run.
        findings = self.findings.of_diagnostics(diagnostics, doc.path)
        if duplicates is not None:
            findings += self.findings.of_diagnostics(duplicates, doc.path)
        return findings + base + explored

    def _duplicate_keys(self, model: Model) -> list[Diagnostic] | None:
        """ORCH909's diagnostics on the model's resources; None when the rule is not enabled."""
        if DUPLICATE_KEY not in self.active:
            return None
        from arm_orchlint.lint.duplicates import CHECKED_TYPES as DUPLICATE_CHECKED_TYPES
        from arm_orchlint.lint.duplicates import duplicate_key_diagnostics

        checked = [r for t in DUPLICATE_CHECKED_TYPES for r in model.all_of_type(t)]
        return duplicate_key_diagnostics(checked)

    def _rules_with(self, doc: Document, values: ParameterValues, budget=None) -> list[Finding]:
        saved = self._recorder.quiet() if self._recorder is not None else None
        try:
            model = Model(expansion=self._trial_expansion(doc, values, budget))
            return self.run_rules(model, trial=True)
        finally:
            if saved is not None:
                self._recorder.restore(saved)

    def _errors_with(self, doc: Document, values: ParameterValues) -> list[Finding]:
        """Only the checks of error severity, without fixes: what decides whether an allowed
        value can deploy (lint/allowed_values.py)."""
        if self._error_checks is None:
            self._error_checks = [r for r in self.checks if self.findings.severity(r, None) == "error"]
        budget = self._budget  # the file's (see lint_document)
        saved = self._recorder.quiet() if self._recorder is not None else None
        try:
            model = Model(expansion=self._trial_expansion(doc, values, budget))
            return self.run_rules(model, trial=True, checks=self._error_checks)
        finally:
            if saved is not None:
                self._recorder.restore(saved)

    def _trial_expansion(self, doc: Document, values: ParameterValues, budget):
        """The expansion of an allowedValues trial: what does not read the tried parameters
        is taken from the plain run instead of being evaluated again."""
        reuse = None
        recorder, base = self._recorder, self._base_values
        if recorder is not None and recorder.doc is doc and base is not None:
            reuse = recorder.for_trial({name for name, value in values.items() if base.get(name) is not value})
        return expand(doc, parameter_values=values, load_linked=load_linked, budget=budget, reuse=reuse)

    _error_checks: list | None = None
    _budget = None  # the evaluation budget of the file being linted
    _recorder = None  # the plain run's resources, for the trials (see lint_document)
    _base_values: ParameterValues | None = None

    def run_rules(self, model: Model, trial: bool = False, checks: list | None = None) -> list[Finding]:
        """The findings of every enabled check (or of ``checks``) on one model, each once.
        ``trial``: a run with tried parameter values (allowedValues), whose fixes are only
        unsafe ones; with ``checks`` given, no fixes are attached."""
        findings: list[Finding] = []
        seen: set[tuple] = set()

        def add(finding: Finding | None) -> bool:
            if finding is None:
                return False
            key = finding_key(finding)
            if key in seen:
                return False
            seen.add(key)
            findings.append(finding)
            return True

        def failed(rule: Rule, subject: Any, exc: Exception) -> None:
            add(self.check_failed(rule, subject, exc))

        plan, types, narrowed = self._plan(self.checks if checks is None else checks)
        # A rule on a type the template holds no resource of has no subjects: those rules are
        # left out without looking their subjects up (nothing is built for an absent type).
        present = tuple(t for t in types if model.has_type(t))
        if len(present) < len(types):
            found = narrowed.get(present)  # (a few sets of types recur in every run)
            if found is None:
                found = narrowed[present] = [step for step in plan if step[1][0] in present]
            plan = found
        # Rules with the same subjects_key share one list: it is looked up once per model and
        # key (in rule order, as each rule's would be), and most rules find it empty.
        subjects_of: dict[tuple, list] = {}
        for rule, key, declarative in plan:
            subjects = subjects_of.get(key)
            if subjects is None:
                subjects = subjects_of[key] = runner.subjects_for(rule, model)
            if not subjects:
                continue
            for hit in runner.hits_on(rule, subjects, model, failed, declarative):
                finding = self.findings.of_hit(rule, hit)
                if add(finding) and rule.fix is not None and checks is None:
                    attach_fix(finding, rule, hit, model, self.fix_texts, force_unsafe=trial)
        return findings

    def _plan(self, checks: list[Rule]) -> tuple[list[tuple[Rule, tuple, bool]], list[str], dict]:
        """``runner.plan`` of ``checks``, the types its rules are on (each subjects_key starts
        with its type) and a dict for the plan narrowed to some of them, kept for the
        linter's own lists (run on every model)."""
        if checks is not self.checks and checks is not self._error_checks:
            plan = runner.plan(checks)
            return plan, list(dict.fromkeys(key[0] for _, key, _ in plan)), {}
        kept = self._plans.get(id(checks))
        if kept is None or kept[0] is not checks:
            plan = runner.plan(checks)
            kept = self._plans[id(checks)] = (checks, plan, list(dict.fromkeys(key[0] for _, key, _ in plan)), {})
        return kept[1], kept[2], kept[3]

    def check_failed(self, rule: Rule, subject: Any, exc: Exception) -> Finding | None:
        """A check raised on ``subject``: re-raised with --debug, else an ORCH910 finding
        (an error, so the run fails) on that resource."""
        if self.options.debug:
            raise exc
        res = subject.res if isinstance(subject, ScaleSet) else subject
        message = (
            f"rule {rule.id} ({rule.name}) failed on {res.label} with an internal error "
            f"({type(exc).__name__}: {exc}); the resource was not fully checked: run with --debug and report it"
        )
        return self.findings.on_resource(CHECK_FAILED, message, res)


def _using_span(path: str, text: str):
    """The span of the ``using`` line of a ``.bicepparam`` file (line 1 when not found)."""
    from arm_orchlint.core.source import Span

    line = 1
    for number, content in enumerate(text.split("\n"), start=1):
        if content.lstrip(" \t\n\r\x0b\x0c").startswith("using"):  # (as bytes.lstrip did)
            line = number
            break
    return Span(path, line, 1, line, 2)


def _offers_values(doc: Document) -> bool:
    """Whether a parameter of the template lists allowedValues: only then are there trials."""
    return any(
        isinstance(spec, dict) and isinstance(spec.get("allowedValues"), list)
        for spec in declared_parameters(doc).values()
    )


def _declared_parameters(doc: Document) -> tuple:
    return tuple(declared_parameters(doc))
