"""Turning what rules and readers report into located findings, and the one key by
which two findings are the same.

* ``Findings.of_hit``: a check's ``Hit`` (a resource and a path inside it) becomes a finding
  located where the property is written, with the parameter its value came from;
* ``Findings.of_diagnostics``: problems met reading or evaluating (``Diagnostic``);
* ``Findings.tool``: a finding of one of the tool's own rules at a given span.

A run reports a finding once: ``finding_key`` says when two are the same (same rule,
same place, same message), and every de-duplication of the run uses it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from arm_orchlint.core.findings import Hit
    from arm_orchlint.front.document import Diagnostic
    from arm_orchlint.lint.selection import Selection
    from arm_orchlint.rules.registry import Rule

from arm_orchlint.core.findings import Finding, Related, pointer_text
from arm_orchlint.front.document import declared_parameters
from arm_orchlint.model.scalesets import parameters_read, written_pointer


def finding_key(f: Finding) -> tuple:
    return (f.rule_id, f.path, f.line, f.col, f.message)


def unique_sorted(findings: list[Finding]) -> list[Finding]:
    """The findings in report order, each once."""
    seen = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = finding_key(f)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


class Findings:
    def __init__(self, selection: Selection, severity: dict[str, str]):
        self.selection = selection
        self.active = selection.active
        self.severity_overrides = severity  # rule id -> level, from the options

    def severity(self, rule: Rule, override: str | None) -> str:
        return self.severity_overrides.get(rule.id) or override or rule.severity

    def tool(self, rule_id: str, message: str, span, path: str, pointer: tuple = ()) -> Finding | None:
        """A finding of one of the linter's own rules (ORCH9xx); None when it is not enabled."""
        rule = self.active.get(rule_id)
        if rule is None or rule_id in self.selection.ignored_rules(path):
            return None
        finding = Finding(
            rule_id=rule.id,
            severity=self.severity(rule, None),
            message=message,
            path=span.path if span else path,
            span=span,
            property_path=pointer_text(tuple(pointer)),
            pointer=tuple(pointer),
        )
        finding.compute_fingerprint()
        return finding

    def on_resource(self, rule_id: str, message: str, res) -> Finding | None:
        """A finding of one of the tool's own rules on a whole resource object."""
        doc = res.doc
        span = doc.locator.span(tuple(res.pointer)) if doc is not None and doc.locator is not None else None
        finding = self.tool(rule_id, message, span, doc.path if doc is not None else "", tuple(res.pointer))
        if finding is not None:
            finding.resource = res.symbolic or (res.name if isinstance(res.name, str) else pointer_text(res.pointer))
            finding.resource_type = res.type
            finding.compute_fingerprint()
        return finding

    def of_hit(self, rule: Rule, hit: Hit) -> Finding:
        res = hit.resource
        pointer = tuple(res.pointer) + tuple(hit.path)
        if res.doc is not None:
            pointer = written_pointer(res.doc.data, pointer)  # through property copy blocks
        span = res.doc.locator.span(pointer) if res.doc is not None and res.doc.locator is not None else None
        message = hit.message
        related: list[Related] = []
        params = parameters_read(res, pointer, tuple(res.pointer) + tuple(hit.path))
        if params and "parameter '" not in message:
            message += f" (value from parameter '{params[0]}')"
        for name in params:
            related_span = _parameter_span(res, name)
            if related_span is not None:
                related.append(Related(related_span, f"value of parameter '{name}'"))
        for doc, rel_pointer, text in hit.related:
            rel_span = doc.locator.span(rel_pointer) if doc is not None else None
            if rel_span is not None:
                related.append(Related(rel_span, text))
        finding = Finding(
            rule_id=rule.id,
            severity=self.severity(rule, hit.severity),
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

    def of_diagnostics(self, diagnostics: list[Diagnostic], path: str) -> list[Finding]:
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
                severity=self.severity(rule, diag.severity),
                message=diag.message,
                path=span.path if span else (diag.doc.path if diag.doc else path),
                span=span,
                property_path=pointer_text(tuple(diag.pointer)),
                pointer=tuple(diag.pointer),
            )
            finding.compute_fingerprint()
            out.append(finding)
        return out


def _parameter_span(res, name: str):
    """Where the value of parameter ``name`` that ``res`` used is written: in a parameter
    file, or the template's ``defaultValue``."""
    source = res.param_sources.get(name)
    if source is not None:
        doc, pointer = source
        if doc is not None and doc.locator is not None:
            return doc.locator.span(pointer)
        return None
    doc = res.doc
    params = declared_parameters(doc)
    if isinstance(params.get(name), dict) and "defaultValue" in params[name]:
        return doc.locator.span(("parameters", name, "defaultValue"))
    return None
