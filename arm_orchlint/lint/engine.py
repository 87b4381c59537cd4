"""The lint pipeline for one file: read -> expand -> model -> rules -> findings."""

from __future__ import annotations

import gc
import itertools
import os

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

from arm_orchlint.core.findings import Finding, Hit, Related, pointer_text
from arm_orchlint.core.values import unknown_params
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.front.checkout import confined_to
from arm_orchlint.front.document import Diagnostic, Document
from arm_orchlint.front.json.shape import shape_diagnostics
from arm_orchlint.front.parameter_files import ParameterValues, values_from_document
from arm_orchlint.front.reading import RefusedRead, read_input, read_named, resolve_relative
from arm_orchlint.model.scalesets import (
    AUTOSCALE,
    VM,
    VMSS,
    Model,
    ScaleSet,
    raw_at,
    referenced_parameters,
    written_pointer,
)
from arm_orchlint.rules.declarative import run_declarative
from arm_orchlint.rules.registry import Registry, Rule

MAX_EXPLORED_COMBINATIONS = 64
EXPLORED_TYPES = (VMSS, VM, AUTOSCALE)


@dataclass
class Options:
    parameter_files: list[str] = field(default_factory=list)
    params: list[tuple[str, Any]] = field(default_factory=list)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    explore: bool = True
    debug: bool = False
    # (glob, rule selectors): rules not run on files matching the glob (config ``per-file-ignores``)
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    # folder the per-file-ignores globs are relative to (the config file's folder); None: cwd
    config_root: str | None = None
    # read ``arm-orchlint-disable-next-line`` comments and resource ``metadata`` suppressions
    suppressions: bool = True
    # the folder confining every file a template names (--root; None: per input, see
    # front/checkout.py) and the paths named on the command line
    root: str | None = None
    arguments: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    path: str
    kind: str  # "template", "bicep", "params", "other", "error"
    findings: list[Finding] = field(default_factory=list)

    @property
    def linted(self) -> bool:
        return self.kind in ("template", "bicep", "error")


def _matches(rule: Rule, selectors: Iterable[str]) -> bool:
    return any(rule.id.startswith(s.upper()) or rule.name == s.lower() or s.upper() == "ALL" for s in selectors)


class Linter:
    def __init__(self, registry: Registry, options: Options | None = None):
        self.registry = registry
        self.options = options or Options()
        from arm_orchlint.front.checkout import configure

        configure(self.options.root, self.options.arguments)
        self.active = {r.id: r for r in registry.rules if self._enabled(r)}
        self.checks = [r for r in self.active.values() if not r.is_builtin_finding and not r.is_diff]
        self._param_docs: dict[str, Document] = {}

    def _enabled(self, rule: Rule) -> bool:
        opts = self.options
        if opts.select is not None and not _matches(rule, opts.select):
            return False
        return not _matches(rule, opts.ignore)

    # -- inputs ------------------------------------------------------------------------
    def parameter_values(self, extra_files: list[str] = ()) -> ParameterValues:
        values: ParameterValues = {}
        named = set(extra_files)  # named by a configuration file or a .bicepparam: confined
        for path in [*self.options.parameter_files, *extra_files]:
            doc = self._param_docs.get(path)
            if doc is None:
                from arm_orchlint.front.parameter_files import ParameterError

                try:
                    result = read_input(path, read_named(path) if path in named else None)
                except RefusedRead as exc:
                    raise ParameterError(f"parameter file {path} {exc.reason}; not read") from None
                except OSError as exc:
                    raise ParameterError(f"cannot read parameter file {path}: {exc.strerror or exc}") from None
                if result.doc is None:
                    message = result.diagnostics[0].message if result.diagnostics else "not a parameter file"
                    raise ParameterError(f"{path}: {message}")
                doc = self._param_docs[path] = result.doc
            values.update(self._values_of(doc))
        for name, value in self.options.params:
            values[name] = (value, None, ())
        return values

    def _values_of(self, doc: Document) -> ParameterValues:
        if doc.kind == "bicepparam":
            from arm_orchlint.evaluation.parameters import bicepparam_values

            return bicepparam_values(doc)
        return values_from_document(doc)

    def lint_job(self, path: str, parameter_files: list[str] = (), own_only: bool = False) -> FileResult:
        # every file read for this input is confined to its checkout (front/checkout.py)
        with confined_to(path):
            return self._lint_job(path, parameter_files, own_only)

    def _lint_job(self, path: str, parameter_files: list[str] = (), own_only: bool = False) -> FileResult:
        if own_only:  # a .bicepparam whose template is linted by its own job
            try:
                result = read_input(path, read_named(path, size_checked=False))
            except RefusedRead as exc:
                return self._refused(path, exc)
            except OSError as exc:
                return FileResult(
                    path,
                    "error",
                    self._diagnostic_findings(
                        [Diagnostic("ORCH900", f"cannot read file: {exc.strerror or exc}", None)], path
                    ),
                )
            return FileResult(path, "params", self._diagnostic_findings(result.diagnostics, path))
        try:
            return self.lint_file(path, parameter_files=list(parameter_files))
        except Exception as exc:
            from arm_orchlint.front.parameter_files import ParameterError

            if self.options.debug or isinstance(exc, ParameterError):  # a bad -p file is a tool error
                raise
            # A bug must not cost the other files their findings, nor turn bad input into exit 2.
            import sys

            print(f"arm-orchlint: internal error on {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            diag = Diagnostic(
                "ORCH900",
                f"internal error while linting this file ({type(exc).__name__}); it was not checked, please report it",
                None,
            )
            return FileResult(path, "error", self._diagnostic_findings([diag], path))

    def lint_file(self, path: str, raw: bytes | None = None, parameter_files: list[str] = ()) -> FileResult:
        with confined_to(path):
            return self._lint_confined(path, raw, parameter_files)

    def _lint_confined(self, path: str, raw: bytes | None, parameter_files: list[str]) -> FileResult:
        if raw is None:
            try:
                raw = read_named(path, size_checked=False)  # read_input reports a large input
            except RefusedRead as exc:
                return self._refused(path, exc)
            except OSError as exc:
                diag = Diagnostic("ORCH900", f"cannot read file: {exc.strerror or exc}", None)
                return FileResult(path, "error", self._diagnostic_findings([diag], path))
        # The parsed template is a large acyclic tree; cyclic-GC passes over it would cost
        # more than the linting.  Collection resumes after the file.
        enabled = gc.isenabled()
        gc.disable()
        try:
            result, doc = self._lint_file(path, raw, parameter_files)
            return self._post_process(result, doc, raw)
        finally:
            if enabled:
                gc.enable()

    def _refused(self, path: str, exc: RefusedRead, span=None) -> FileResult:
        """An input (or the template of a ``using``) the confined reader refused.  A FIFO or
        device given as an input is skipped silently, as before; the rest get a note."""
        if exc.reason == "is not a regular file" and span is None:
            return FileResult(path, "other")
        from arm_orchlint.core.source import Span

        span = span or Span(path, 1, 1, 1, 2)
        finding = self.tool_finding("ORCH911", f"{exc.path} {exc.reason}; not read", span, path)
        return FileResult(path, "other", [finding] if finding else [])

    def _lint_file(self, path: str, raw: bytes, parameter_files: list[str]) -> tuple[FileResult, Document | None]:
        result = read_input(path, raw)
        if result.doc is None:
            return FileResult(path, result.kind, self._diagnostic_findings(result.diagnostics, path)), None
        doc = result.doc
        if result.kind in ("params", "other"):
            return FileResult(path, result.kind), None
        if result.kind == "bicepparam":
            from arm_orchlint.front.bicep import frontend

            target = frontend.using_target(doc)
            if target is None:
                return FileResult(path, "params", self._diagnostic_findings(result.diagnostics, path)), None
            from arm_orchlint.front.checkout import refusal

            if refusal(target, path)[1] is not None:  # reported at the `using` line, never read
                why = refusal(target, path)[1]
                refused = self._refused(path, RefusedRead(target, why), _using_span(path, raw))
                refused.findings = self._diagnostic_findings(result.diagnostics, path) + refused.findings
                refused.kind = "params"
                return refused, None
            inner = self.lint_file(target, parameter_files=[*parameter_files, path])
            inner.findings = self._diagnostic_findings(result.diagnostics, path) + inner.findings
            return FileResult(path, "bicep", inner.findings), doc
        values = self.parameter_values(parameter_files)
        findings = self._diagnostic_findings(result.diagnostics, path)
        findings += self.lint_document(doc, values)
        loaded = getattr(doc, "loaded", None)
        if loaded:
            from arm_orchlint.lint.redact import redact_findings

            redact_findings(findings, loaded)
        return FileResult(path, "bicep" if doc.kind == "bicep" else "template", _sorted_unique(findings)), doc

    # -- per-file ignores and suppressions ----------------------------------------------
    def ignored_rules(self, path: str) -> set[str]:
        """Rule ids that ``per-file-ignores`` switches off for ``path``."""
        if not self.options.per_file_ignores:
            return set()
        from arm_orchlint.config.globs import matches, relative_to

        rel = relative_to(path, self.options.config_root)
        out: set[str] = set()
        for pattern, selectors in self.options.per_file_ignores:
            if matches(pattern, rel):
                out |= {rule_id for rule_id, rule in self.active.items() if _matches(rule, selectors)}
        return out

    def rule_enabled_for(self, rule_id: str, path: str, ignored: set[str] | None = None) -> bool:
        if ignored is None:
            ignored = self.ignored_rules(path)
        return rule_id in self.active and rule_id not in ignored

    def _post_process(self, result: FileResult, doc: Document | None, raw: bytes) -> FileResult:
        ignored = self.ignored_rules(result.path)
        if ignored:
            result.findings = [f for f in result.findings if f.rule_id not in ignored]
        # a Bicep file's local modules may hold directives too: their comments are in the locator
        if (
            doc is not None
            and doc.kind != "bicepparam"
            and self.options.suppressions
            and (_may_have_suppressions(raw) or doc.kind == "bicep")
        ):
            from arm_orchlint.lint.suppress import apply_suppressions

            extra = apply_suppressions(self, doc, raw, result.findings, ignored)
            if extra:
                result.findings = _sorted_unique(result.findings + extra)
        return result

    def tool_finding(self, rule_id: str, message: str, span, path: str, pointer: tuple = ()) -> Finding | None:
        """A finding of one of the linter's own rules (ORCH9xx); None when it is not enabled."""
        rule = self.active.get(rule_id)
        if rule is None or rule_id in self.ignored_rules(path):
            return None
        finding = Finding(
            rule_id=rule.id,
            severity=self._severity(rule, None),
            message=message,
            path=span.path if span else path,
            span=span,
            property_path=pointer_text(tuple(pointer)),
            pointer=tuple(pointer),
        )
        finding.compute_fingerprint()
        return finding

    # -- one template ----------------------------------------------------------------
    def lint_document(self, doc: Document, values: ParameterValues) -> list[Finding]:
        expansion = expand(doc, parameter_values=values, load_linked=_load_linked)
        model = Model(expansion=expansion)
        base = self._run_rules(model)
        explored = self._explore(doc, values, model, base) if self.options.explore else []
        # Diagnostics last: resource bodies are evaluated lazily, while the rules run.
        findings = self._diagnostic_findings(shape_diagnostics(doc) + expansion.diagnostics, doc.path)
        if "ORCH909" in self.active:
            from arm_orchlint.lint.duplicates import CHECKED_TYPES as DUPLICATE_CHECKED_TYPES
            from arm_orchlint.lint.duplicates import duplicate_key_diagnostics

            checked = [r for t in DUPLICATE_CHECKED_TYPES for r in model.all_of_type(t)]
            findings += self._diagnostic_findings(duplicate_key_diagnostics(checked), doc.path)
        return findings + base + explored

    def _run_rules(self, model: Model) -> list[Finding]:
        findings: list[Finding] = []
        seen: set[tuple] = set()
        for rule in self.checks:
            for hit in self._hits(rule, model):
                key = (rule.id, id(hit.resource.doc), hit.resource.pointer, tuple(hit.path), hit.message)
                if key in seen:
                    continue
                seen.add(key)
                findings.append(self._finding(rule, hit))
        return findings

    def _hits(self, rule: Rule, model: Model) -> Iterable[Hit]:
        if rule.is_declarative:
            try:
                yield from run_declarative(model, rule)
            except TypeError:
                return
            return
        func = rule.function()
        wanted = (rule.resource or VMSS).lower()
        subjects: list[Any]
        if wanted == VMSS:
            subjects = model.scale_sets
        else:
            subjects = model.of_type(wanted)
        for subject in subjects:
            try:
                yield from (func(subject, model) or ())
            except TypeError as exc:
                # A truth test on an Unknown: the rule cannot decide for this resource.
                if "Unknown" in str(exc):
                    continue
                self._internal(rule, subject, exc)
            except Exception as exc:  # a bug must not hide the other findings
                self._internal(rule, subject, exc)

    def _internal(self, rule: Rule, subject: Any, exc: Exception) -> None:
        if self.options.debug:
            raise
        import sys

        res = subject.res if isinstance(subject, ScaleSet) else subject
        print(
            f"arm-orchlint: internal error in rule {rule.id} on {res.label}: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )

    # -- findings ----------------------------------------------------------------------
    def _severity(self, rule: Rule, override: str | None) -> str:
        return self.options.severity.get(rule.id) or override or rule.severity

    def _finding(self, rule: Rule, hit: Hit) -> Finding:
        res = hit.resource
        pointer = tuple(res.pointer) + tuple(hit.path)
        if res.doc is not None:
            pointer = written_pointer(res.doc.data, pointer)  # through property copy blocks
        span = res.doc.locator.span(pointer) if res.doc is not None and res.doc.locator is not None else None
        message = hit.message
        related: list[Related] = []
        params = referenced_parameters(raw_at(res.doc.data, pointer)) if res.doc is not None else []
        if params and "parameter '" not in message:
            message += f" (value from parameter '{params[0]}')"
        for name in params:
            related_span = self._parameter_span(res, name)
            if related_span is not None:
                related.append(Related(related_span, f"value of parameter '{name}'"))
        for doc, rel_pointer, text in hit.related:
            rel_span = doc.locator.span(rel_pointer) if doc is not None else None
            if rel_span is not None:
                related.append(Related(rel_span, text))
        finding = Finding(
            rule_id=rule.id,
            severity=self._severity(rule, hit.severity),
            message=message,
            path=span.path if span else (res.doc.path if res.doc else ""),
            span=span,
            resource=res.symbolic or (res.name if isinstance(res.name, str) else pointer_text(res.pointer)),
            resource_type=res.type,
            property_path=pointer_text(tuple(hit.path)),
            related=related,
            pointer=pointer,
        )
        finding.compute_fingerprint()
        return finding

    @staticmethod
    def _parameter_span(res, name: str):
        source = res.param_sources.get(name)
        if source is not None:
            doc, pointer = source
            if doc is not None and doc.locator is not None:
                return doc.locator.span(pointer)
            return None
        doc = res.doc
        params = doc.data.get("parameters") if isinstance(doc.data, dict) else None
        if isinstance(params, dict) and isinstance(params.get(name), dict) and "defaultValue" in params[name]:
            return doc.locator.span(("parameters", name, "defaultValue"))
        return None

    def _diagnostic_findings(self, diagnostics: list[Diagnostic], path: str) -> list[Finding]:
        out = []
        for diag in diagnostics:
            rule = self.active.get(diag.rule_id)
            if rule is None:
                continue
            span = diag.span
            if span is None and diag.doc is not None and diag.doc.locator is not None:
                span = diag.doc.locator.span(diag.pointer)
            finding = Finding(
                rule_id=rule.id,
                severity=self._severity(rule, diag.severity),
                message=diag.message,
                path=span.path if span else (diag.doc.path if diag.doc else path),
                span=span,
                property_path=pointer_text(tuple(diag.pointer)),
                pointer=tuple(diag.pointer),
            )
            finding.compute_fingerprint()
            out.append(finding)
        return out

    # -- allowedValues exploration ----------------------------------------------------------
    def _explore(self, doc: Document, values: ParameterValues, model: Model, base: list[Finding]) -> list[Finding]:
        """Try each allowed value of parameters that have no value and no default, when
        they decide a rule-relevant value.  Report findings that only some values cause."""
        declared = doc.data.get("parameters") if isinstance(doc.data, dict) else None
        if not isinstance(declared, dict):
            return []
        relevant: set[str] = set()
        limited: list[tuple[str, str]] = []  # (parameter, message): exploration cut short, reported as notes
        for res in (r for t in EXPLORED_TYPES for r in model.all_of_type(t)):
            relevant |= unknown_params(res.body) | unknown_params(res.api_version) | unknown_params(res.condition)
            relevant |= unknown_params(res.name) | unknown_params(res.copy.count if res.copy is not None else None)
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
        notes = self._diagnostic_findings(
            [
                Diagnostic("ORCH901", text, doc, ("parameters", name, "allowedValues"), severity="note")
                for name, text in limited
            ],
            doc.path,
        )
        if not candidates:
            return notes
        product = 1
        for _, allowed in candidates:
            product *= len(allowed)
        if product <= MAX_EXPLORED_COMBINATIONS:
            combos = [
                [(name, idx, value) for name, (idx, value) in zip([n for n, _ in candidates], choice)]
                for choice in itertools.product(*[list(enumerate(a)) for _, a in candidates])
            ]
        else:  # too many together: one parameter at a time, the others stay unknown
            combos = [[(name, idx, value)] for name, allowed in candidates for idx, value in enumerate(allowed)]
            if len(combos) > MAX_EXPLORED_COMBINATIONS:
                tried = [combo[0][0] for combo in combos[:MAX_EXPLORED_COMBINATIONS]]
                cut = [name for name, allowed in candidates if tried.count(name) < len(allowed)]
                text = (
                    f"exploration stops after {MAX_EXPLORED_COMBINATIONS} trials per template; the allowed values of "
                    + ", ".join(f"'{n}'" for n in cut)
                    + " were not all tried"
                )
                notes += self._diagnostic_findings(
                    [Diagnostic("ORCH901", text, doc, ("parameters", cut[0], "allowedValues"), severity="note")],
                    doc.path,
                )
                combos = combos[:MAX_EXPLORED_COMBINATIONS]
        base_keys = {_key(f) for f in base}
        names = [name for name, _ in candidates]
        grouped: dict[tuple, dict[str, tuple[Finding, list]]] = {}
        for combo in combos:
            trial = dict(values)
            for name, idx, value in combo:
                trial[name] = (value, doc, ("parameters", name, "allowedValues", idx))
            expansion = expand(doc, parameter_values=trial, load_linked=_load_linked)
            for finding in self._run_rules(Model(expansion=expansion)):
                key = _key(finding)
                if key in base_keys:  # the base run reports it already
                    continue
                for name in names:  # the 'when' clause says it better
                    finding.message = finding.message.replace(f" (value from parameter '{name}')", "")
                by_message = grouped.setdefault(key, {})
                by_message.setdefault(finding.message, (finding, []))[1].append(combo)
        out = []
        for by_message in grouped.values():
            for finding, hit_combos in by_message.values():
                finding.message += " " + _when(hit_combos, candidates, combos)
                out.append(finding)
        return notes + out


def _may_have_suppressions(raw: bytes) -> bool:
    # A cheap byte test keeps the suppression scanner off files that cannot contain one.
    return b"arm-orchlint" in raw or raw[:2] in (b"\xff\xfe", b"\xfe\xff")


def _key(finding: Finding) -> tuple:
    return (finding.rule_id, finding.path, finding.line, finding.col, finding.property_path, finding.resource)


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


def _sorted_unique(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule_id, f.path, f.line, f.col, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _using_span(path: str, raw: bytes):
    """The span of the ``using`` line of a ``.bicepparam`` file (line 1 when not found)."""
    from arm_orchlint.core.source import Span

    line = 1
    for number, text in enumerate(raw.split(b"\n"), start=1):
        if text.lstrip().startswith(b"using"):
            line = number
            break
    return Span(path, line, 1, line, 2)


def _load_linked(relative_path: str, from_doc: Document) -> Document | None:
    """A linked template given by ``templateLink.relativePath``, read through the confined
    reader (``RefusedRead`` propagates: the expander reports it at the reference)."""
    if not isinstance(relative_path, str) or not from_doc.path:
        return None
    path = resolve_relative(from_doc.path, relative_path)
    if not os.path.lexists(path):
        return None
    try:
        result = read_input(path, read_named(path, from_doc.path))
    except RefusedRead:
        raise
    except OSError:
        return None
    return result.doc if result.kind == "template" else None


# -- many files ------------------------------------------------------------------------------

_worker_linter: Linter | None = None


def _worker_init(options: Options, rule_dirs: list[str]) -> None:
    global _worker_linter
    _worker_linter = Linter(Registry.default(rule_dirs), options)


def _worker_lint(job: tuple[str, list[str], bool]) -> FileResult:
    path, parameter_files, own_only = job
    return _worker_linter.lint_job(path, parameter_files, own_only)


def plan_jobs(paths: list[str]) -> list[tuple[str, list[str], bool]]:
    """One job per input: ``(path, extra parameter files, bicepparam-diagnostics-only)``.

    When a ``.bicepparam`` file and the template it is ``using`` are both inputs, the
    template is linted once, with the parameter file's values, and the ``.bicepparam``
    job only reports problems of its own (so nothing is reported twice)."""
    targets: dict[str, str] = {}
    for path in paths:
        if path.lower().endswith(".bicepparam"):
            target = _bicepparam_target(path)
            if target is not None:
                targets.setdefault(os.path.normcase(os.path.abspath(target)), path)
    inputs = {os.path.normcase(os.path.abspath(p)) for p in paths}
    jobs = []
    for path in paths:
        key = os.path.normcase(os.path.abspath(path))
        if path.lower().endswith(".bicepparam"):
            target = _bicepparam_target(path)
            own_only = target is not None and os.path.normcase(os.path.abspath(target)) in inputs
            jobs.append((path, [], own_only))
        else:
            jobs.append((path, [targets[key]] if key in targets else [], False))
    return jobs


def _bicepparam_target(path: str) -> str | None:
    try:
        with confined_to(path):
            result = read_input(path, read_named(path))
    except OSError:
        return None
    if result.doc is None or result.kind != "bicepparam":
        return None
    from arm_orchlint.front.bicep import frontend

    return frontend.using_target(result.doc)


def lint_all(
    linter: Linter, paths: list[str], jobs: int = 1, rule_dirs: list[str] = (), params_for=None
) -> list[FileResult]:
    """Lint every path; results come back in input order whatever ``jobs`` is.
    ``params_for(path)`` gives parameter files configured for a template."""
    planned = plan_jobs(paths)
    if params_for is not None:
        planned = [(path, [*params_for(path), *extra], own_only) for path, extra, own_only in planned]
    workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    if workers <= 1 or len(planned) < 2:
        results = [linter.lint_job(*job) for job in planned]
    else:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(planned) // (workers * 4))
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_worker_init, initargs=(linter.options, list(rule_dirs))
        ) as pool:
            results = list(pool.map(_worker_lint, planned, chunksize=chunk))
    return _drop_repeats(results)


def _drop_repeats(results: list[FileResult]) -> list[FileResult]:
    """A module (or linked template) used by several inputs is reported once: findings
    located outside the input that produced them are kept only the first time."""

    def key(f: Finding) -> tuple:
        return (f.rule_id, f.path, f.line, f.col, f.message)

    # A file linted as an input of its own reports its findings there.
    seen: set[tuple] = {key(f) for r in results for f in r.findings if f.path == r.path}
    for result in results:
        kept = []
        for f in result.findings:
            if f.path != result.path:
                if key(f) in seen:
                    continue
                seen.add(key(f))
            kept.append(f)
        result.findings = kept
    return results
