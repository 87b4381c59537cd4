"""What the server knows between messages: the open documents, their last lint, and which
files each lint read (so that editing a module re-lints the files that use it).

Nothing here speaks LSP; ``server.py`` turns the results into messages.
"""

from __future__ import annotations

import os

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.lsp.paths import is_linted, key
from arm_orchlint.lsp.settings import Settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from arm_orchlint.core.findings import Finding
    from arm_orchlint.lint.engine import Linter


class LintFailure(Exception):
    """A lint that could not run (a bad configuration file, a broken rule folder, a bug):
    shown as one diagnostic on line 1."""


@dataclass
class OpenDocument:
    path: str
    text: str
    version: int | None = None


@dataclass
class LintOutcome:
    """One lint of one open document."""

    path: str
    text: str  # the text that was linted
    version: int | None
    findings: list = field(default_factory=list)  # every finding, wherever it is located
    reads: set[str] = field(default_factory=set)  # files the lint read (keys)
    failure: str | None = None  # set when the lint could not run
    notice: str | None = None  # something to log (the lint ran)
    kind: str = "other"


def _sig(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class Workspace:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.documents: dict[str, OpenDocument] = {}  # key -> document
        self.outcomes: dict[str, LintOutcome] = {}  # key -> last lint
        self._configs: dict[str, tuple] = {}  # config file -> (signature, Config)
        self._registries: dict[tuple, object] = {}
        self._views: dict[str, tuple] = {}  # key -> (text, scale-set views) for hover

    # -- documents ------------------------------------------------------------------
    def open(self, path: str, text: str, version: int | None = None) -> None:
        self.documents[key(path)] = OpenDocument(path, text, version)

    def change(self, path: str, text: str, version: int | None = None) -> None:
        doc = self.documents.get(key(path))
        if doc is None:
            self.open(path, text, version)
        else:
            doc.text, doc.version = text, version

    def close(self, path: str) -> LintOutcome | None:
        self.documents.pop(key(path), None)
        self._views.pop(key(path), None)
        return self.outcomes.pop(key(path), None)

    def document(self, path: str) -> OpenDocument | None:
        return self.documents.get(key(path))

    # -- configuration -------------------------------------------------------------
    def config_for(self, path: str):
        """The configuration file nearest to ``path``'s folder (as the command line finds
        it from the current directory), re-read when it changes on disk."""
        from arm_orchlint.config.settings import Config, ConfigError, find_config, load_config

        try:
            found = find_config(os.path.dirname(os.path.abspath(path)))
            if found is None:
                return Config()
            name = str(found)
            sig = _sig(name)
            cached = self._configs.get(name)
            if cached is not None and cached[0] == sig:
                return cached[1]
            config = load_config(name)
        except ConfigError as exc:
            raise LintFailure(f"arm-orchlint configuration: {exc}") from None
        self._configs[name] = (sig, config)
        return config

    def registry_for(self, config):
        from arm_orchlint.rules.registry import CatalogError, Registry

        dirs = tuple(config.rule_dirs)
        registry = self._registries.get(dirs)
        if registry is None:
            try:
                # A workspace is a checkout like any other: its configuration is discovered,
                # so rule folders give declarative rules only and no plugin is imported.
                registry = Registry.default(list(dirs), entry_points=False, dir_code=False, named_from=config.path)
            except CatalogError as exc:
                raise LintFailure(f"arm-orchlint rules: {exc}") from None
            self._registries[dirs] = registry
        return registry

    def linter_for(self, path: str) -> tuple[Linter, object]:
        """A fresh linter (it caches parameter files, which the editor may change) with the
        configuration file's options and the editor's settings on top."""
        from arm_orchlint.lint.engine import Linter, Options

        config = self.config_for(path)
        registry = self.registry_for(config)
        from arm_orchlint.rules.selectors import first_unknown, unknown_message

        settings = self.settings
        # A selector that matches nothing would lint silently with the wrong rules (the
        # command line refuses it too): the file shows the problem instead.
        for where, selectors in (
            ("settings select", settings.select),
            ("settings ignore", settings.ignore),
            ("configuration select", config.select),
            ("configuration ignore", config.ignore),
        ):
            bad = first_unknown(registry, selectors)
            if bad is not None:
                raise LintFailure(f"arm-orchlint {where}: {unknown_message(registry, bad)}")
        severity = {}
        for where, table in (("configuration severity", config.severity), ("settings severity", settings.severity)):
            for name, level in table.items():
                rule = registry.get(name)
                if rule is None:
                    raise LintFailure(f"arm-orchlint {where}: {unknown_message(registry, name, 'rule')}")
                severity[rule.id] = level
        options = Options(
            select=settings.select or config.select,
            ignore=settings.ignore or config.ignore or [],
            severity=severity,
            per_file_ignores=config.per_file_ignores,
            config_root=config.root,
        )
        return Linter(registry, options), config

    # -- linting -------------------------------------------------------------------
    def _paired_parameters(self, path: str) -> list[str]:
        """Open ``.bicepparam`` files whose ``using`` names ``path`` (paired as on the
        command line when both are inputs)."""
        out = []
        target_key = key(path)
        for doc in self.documents.values():
            if doc.path.lower().endswith(".bicepparam") and self._using_target(doc) == target_key:
                out.append(doc.path)
        return out

    @staticmethod
    def _using_target(doc: OpenDocument) -> str | None:
        from arm_orchlint.front.bicep.params import parse_bicepparam

        try:
            using, _, _ = parse_bicepparam(doc.path, doc.text)
        except Exception:  # a file being typed: no pairing until it reads again
            return None
        if not isinstance(using, str) or not using or ":" in using.split("/")[0]:
            return None
        return key(os.path.join(os.path.dirname(doc.path), using))

    def lint(self, path: str) -> LintOutcome:
        """Lint an open document's current text; never raises."""
        doc = self.documents[key(path)]
        outcome = LintOutcome(doc.path, doc.text, doc.version)
        try:
            self._lint_into(doc, outcome)
        except LintFailure as exc:
            outcome.failure = str(exc)
            outcome.findings = []
        except Exception as exc:  # a bug must cost this file its diagnostics, not the session
            outcome.failure = f"arm-orchlint failed on this file ({type(exc).__name__}: {exc}); see the server log"
            outcome.findings = []
        self.outcomes[key(path)] = outcome
        return outcome

    def _lint_into(self, doc: OpenDocument, outcome: LintOutcome) -> None:
        from arm_orchlint.lint.text import lint_text

        if not is_linted(doc.path):
            return
        linter, config = self.linter_for(doc.path)
        if config.excluded(doc.path):
            return
        others = {d.path: d.text for k, d in self.documents.items() if k != key(doc.path)}
        if doc.path.lower().endswith(".bicepparam"):
            target = self._using_target(doc)
            if target is not None and target in self.documents:
                # The template is open: it is linted with this file's values, so this file
                # reports only its own problems (as when both are command-line inputs).
                from arm_orchlint.core.overlay import overlaid

                raw = doc.text.encode("utf-8")
                contents = {p: t.encode("utf-8") for p, t in others.items()}
                with overlaid({**contents, doc.path: raw}) as overlay:
                    result = linter.lint_job(doc.path, [], own_only=True, raw=raw)
                outcome.reads = overlay.reads | {target}
                outcome.findings, outcome.kind = result.findings, result.kind
                return
        parameter_files = [*config.parameter_files_for(doc.path), *self._paired_parameters(doc.path)]
        reads: set[str] = set()
        result = lint_text(linter, doc.path, doc.text, parameter_files, others=others, reads=reads)
        outcome.reads = reads
        if self.settings.against:
            self._compare(linter, doc, others, result, outcome)
        outcome.findings, outcome.kind = result.findings, result.kind

    def _compare(self, linter, doc: OpenDocument, others: dict, result, outcome: LintOutcome) -> None:
        """The version-diff rules against the ``against`` git revision (``--against REF``),
        the buffer being the new version.  Not in a repository (or no such revision): the
        file is linted without them and ``outcome.notice`` says why."""
        from arm_orchlint.core.overlay import overlaid
        from arm_orchlint.diff.compare import Differ
        from arm_orchlint.front.gitrev import GitError

        contents = {p: t.encode("utf-8") for p, t in others.items()}
        try:
            with overlaid({**contents, doc.path: doc.text.encode("utf-8")}):
                add = Differ(linter.registry, linter=linter).against_revision(self.settings.against, [doc.path])
                add(result)
        except GitError as exc:
            outcome.notice = f"arm-orchlint: no version-diff rules for {doc.path}: {exc}"

    def text_of(self, path: str) -> str | None:
        """A file's current text: the editor's buffer, else the disk (None if unreadable)."""
        doc = self.document(path)
        if doc is not None:
            return doc.text
        try:
            with open(path, encoding="utf-8-sig") as fh:
                return fh.read()
        except (OSError, UnicodeDecodeError):
            return None

    def scale_set_views(self, path: str) -> list[dict]:
        """``lint.show`` views of the scale sets the open document deploys (for hover)."""
        doc = self.document(path)
        if doc is None:
            return []
        cached = self._views.get(key(path))
        if cached is not None and cached[0] is doc.text:
            return cached[1]
        from arm_orchlint.core.overlay import overlaid
        from arm_orchlint.lint.show import scale_sets

        try:
            linter, config = self.linter_for(path)
            files = [*config.parameter_files_for(path), *self._paired_parameters(path)]
            contents = {d.path: d.text.encode("utf-8") for d in self.documents.values()}
            with overlaid(contents):
                views = scale_sets(linter, doc.path, doc.text.encode("utf-8"), files)
        except Exception:  # not a template, or being typed: no hover
            views = []
        self._views[key(path)] = (doc.text, views)
        return views

    def dependents(self, path: str) -> list[str]:
        """Open documents (other than ``path``) whose last lint read ``path``."""
        wanted = key(path)
        return [o.path for k, o in self.outcomes.items() if k != wanted and k in self.documents and wanted in o.reads]

    def findings_in(self, path: str) -> list[Finding]:
        """Findings located in ``path``: its own lint's, plus those other open files'
        lints place there (a module used by a template, a template a .bicepparam uses),
        each once."""
        wanted = key(path)
        seen: set[tuple] = set()
        out = []
        own = self.outcomes.get(wanted)
        sources = ([own] if own is not None else []) + [o for k, o in self.outcomes.items() if k != wanted]
        for outcome in sources:
            for f in outcome.findings:
                if key(f.path or outcome.path) != wanted or f.suppression is not None:
                    continue
                ident = (f.rule_id, f.line, f.col, f.message)
                if ident not in seen:
                    seen.add(ident)
                    out.append(f)
        return out

    def touched(self, outcome: LintOutcome | None) -> set[str]:
        """Paths an outcome placed findings in."""
        if outcome is None:
            return set()
        return {f.path or outcome.path for f in outcome.findings}
