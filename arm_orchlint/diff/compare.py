"""Comparing two versions of a template: the create-time changes Azure refuses on redeploy.

Both versions are expanded with their own parameter values into ``Model``s, their
resources are paired (``matching.pair_models``), and every diff rule of the registry (a
python check marked ``"diff": true``) is called once per pair as
``check(old, new, pairing)``:

* ``old`` / ``new`` are ``ScaleSet`` views for scale-set rules, ``Resource``s for rules of
  another ``resource`` type; either is None when the resource exists on one side only;
* ``pairing`` gives both models and the counterpart of any resource.

Checks yield ``Hit``s on resources of the NEW version, so findings are located where the
change has to be undone.  Values Unknown in either version are never compared.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.findings import Finding
from arm_orchlint.core.rule_ids import DIFF_UNMATCHED_RESOURCE, UNREADABLE_FILE
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.front.document import Diagnostic, Document
from arm_orchlint.front.parameter_files import ParameterValues
from arm_orchlint.front.reading import load_linked, read_input
from arm_orchlint.lint.engine import FileResult, Linter, Options
from arm_orchlint.lint.findings import unique_sorted
from arm_orchlint.model.pairing import Pairing, pair_models
from arm_orchlint.model.scalesets import Model
from arm_orchlint.rules import runner
from arm_orchlint.rules.registry import Registry, Rule


class DiffInputError(Exception):
    """An input of ``arm-orchlint diff`` that is readable but not a template (exit 2)."""


_COMPARABLE = ("template", "bicep")


class Differ:
    def __init__(self, registry: Registry, options: Options | None = None, linter: Linter | None = None):
        self.linter = linter or Linter(registry, options)
        self.rules: list[Rule] = [r for r in self.linter.active.values() if r.is_diff]

    # -- files -------------------------------------------------------------------------
    def diff_files(
        self, old_path: str, new_path: str, old_parameters: list[str] = (), new_parameters: list[str] = ()
    ) -> list[FileResult]:
        """``arm-orchlint diff OLD NEW``: one result for NEW (and one for OLD when it cannot be read)."""
        results: list[FileResult] = []
        old_doc, old_problems = self._read(old_path, None)
        new_doc, new_problems = self._read(new_path, None)
        for path, doc, problems in ((old_path, old_doc, old_problems), (new_path, new_doc, new_problems)):
            if doc is None and not problems:
                raise DiffInputError(f"{path} is not an ARM template or a Bicep file")
        if old_problems:
            results.append(FileResult(old_path, "error", old_problems))
        if new_doc is None:
            results.append(FileResult(new_path, "error", new_problems))
            return results
        findings: list[Finding] = []
        if old_doc is not None:
            findings = self.compare(
                old_doc,
                self.linter.parameter_values(list(old_parameters)),
                new_doc,
                self.linter.parameter_values(list(new_parameters)),
                report_evaluation=True,
            )
        results.append(FileResult(new_path, "bicep" if new_doc.kind == "bicep" else "template", findings))
        return results

    def against(self, path: str, revision: Any, values: ParameterValues) -> list[Finding]:
        """Diff findings for ``path`` compared with its version at a git revision
        (``gitrev.Revision``); nothing when the file is new since then or is not a template."""
        old_raw = revision.show(path)
        if old_raw is None:
            return []
        new_doc, new_problems = self._read(path, None)
        old_doc, old_problems = self._read(revision.label(path), old_raw)
        if new_doc is None or old_doc is None or new_problems or old_problems:
            return []  # the single-file run reports NEW's problems; an unreadable OLD has nothing to compare
        return self.compare(old_doc, values, new_doc, values, old_on_disk=False)

    def against_revision(self, ref: str, paths: list[str]):
        """For ``--against REF``: check that every given path is in a repository where REF
        exists (``gitrev.GitError`` otherwise), and return a function that adds the diff
        findings to one file's ``FileResult``."""
        import os

        from arm_orchlint.front.gitrev import Revision

        revision = Revision(ref)
        for path in paths:
            revision.root_of(path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)))
        values = self.linter.parameter_values()

        def add(result: FileResult) -> None:
            if result.kind in _COMPARABLE:
                extra = self.against(result.path, revision, values)
                if extra:
                    result.findings = unique_sorted(result.findings + extra)

        return add

    def _read(self, path: str, raw: bytes | None) -> tuple[Document | None, list[Finding]]:
        try:
            result = read_input(path, raw)
        except OSError as exc:
            return None, self.linter.findings.of_diagnostics(
                [Diagnostic(UNREADABLE_FILE, f"cannot read file: {exc.strerror or exc}", None)], path
            )
        if result.doc is None:
            return None, self.linter.findings.of_diagnostics(result.diagnostics, path)
        if result.kind not in _COMPARABLE:
            return None, []
        return result.doc, []

    # -- documents ---------------------------------------------------------------------
    def compare(
        self,
        old_doc: Document,
        old_values: ParameterValues,
        new_doc: Document,
        new_values: ParameterValues,
        *,
        old_on_disk: bool = True,
        report_evaluation: bool = False,
    ) -> list[Finding]:
        old_exp = expand(old_doc, parameter_values=old_values, load_linked=load_linked)
        new_exp = expand(new_doc, parameter_values=new_values, load_linked=load_linked)
        pairing = pair_models(Model(old_exp.resources), Model(new_exp.resources))
        findings: list[Finding] = []
        if report_evaluation:
            findings += self.linter.findings.of_diagnostics(new_exp.diagnostics, new_doc.path)
        findings += self._unpaired_notes(pairing, new_doc)

        def failed(rule: Rule, subject: Any, exc: Exception) -> None:
            finding = self.linter.check_failed(rule, subject, exc)
            if finding is not None:
                findings.append(finding)

        for rule in self.rules:
            for hit in runner.diff_hits(rule, pairing, failed):
                finding = self.linter.findings.of_hit(rule, hit)
                if not old_on_disk:
                    _mark_old_version(finding, old_doc)
                findings.append(finding)
        ignored = self.linter.selection.ignored_rules(new_doc.path)  # per-file-ignores, as for a lint
        return unique_sorted([f for f in findings if f.rule_id not in ignored] if ignored else findings)

    def _unpaired_notes(self, pairing: Pairing, new_doc: Document) -> list[Finding]:
        watched = {runner.wanted_type(r) for r in self.rules}
        diagnostics = []
        for item in pairing.unpaired:
            res = item.resource
            if res.type_lower not in watched:
                continue
            if item.side == "new":
                message = (
                    f"cannot tell which resource of the old version this {res.type} is: its name is only known at "
                    "deployment and neither a symbolic name nor its position identifies it; its create-time settings were not compared"
                )
                diagnostics.append(
                    Diagnostic(DIFF_UNMATCHED_RESOURCE, message, new_doc, tuple(res.pointer) + ("name",))
                )
            else:
                message = (
                    f"the old version's {res.label}, whose name is only known at deployment, could not be paired with "
                    "a resource of this version; its create-time settings were not compared"
                )
                diagnostics.append(Diagnostic(DIFF_UNMATCHED_RESOURCE, message, new_doc, ("resources",)))
        return self.linter.findings.of_diagnostics(diagnostics, new_doc.path)


def _mark_old_version(finding: Finding, old_doc: Document) -> None:
    """Related locations in a version read from git are not files of the checkout: they
    say where they are in their message (``origin/main:infra/vmss.json, line 12``)."""
    for related in finding.related:
        if related.span is not None and related.span.path == old_doc.path:
            related.on_disk = False
            related.message = f"{related.message} ({related.span.path}, line {related.span.line})"
