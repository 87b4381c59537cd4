"""The language server: pygls wiring of open/change/save/close, configuration, code
actions and hover onto ``state.Workspace``.

Diagnostics are published on open and save at once, and on change at once too when the
document was not linted within the debounce window; edits that arrive closer together
wait for the window to end and are linted together (the lint reads the latest text).
"""

from __future__ import annotations

import logging
import sys
import time

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from arm_orchlint import __version__
from arm_orchlint.lsp.convert import diagnostic, failure_diagnostic
from arm_orchlint.lsp.paths import is_linted, key, path_to_uri, uri_to_path
from arm_orchlint.lsp.settings import parse_settings
from arm_orchlint.lsp.state import LintOutcome, Workspace

log = logging.getLogger("arm_orchlint.lsp")


class _Protocol(LanguageServerProtocol):
    @lsp_method(T.INITIALIZE)
    def lsp_initialize(self, params: T.InitializeParams):
        # The linter counts columns in UTF-16 code units, the encoding every client must
        # support: never negotiate another one.
        general = params.capabilities.general if params.capabilities else None
        if general is not None:
            general.position_encodings = None
        return (yield from super().lsp_initialize(params))


class OrchlintServer(LanguageServer):
    def __init__(self):
        super().__init__("arm-orchlint", __version__, protocol_cls=_Protocol)
        self.state = Workspace()
        self.pending: dict[str, object] = {}  # key -> scheduled lint (asyncio handle)
        self.last_lint: dict[str, float] = {}  # key -> loop time the last lint finished
        self.published: dict[str, int] = {}  # uri -> diagnostics published (for clearing)

    # -- logging ------------------------------------------------------------------
    def log(self, message: str, kind: T.MessageType = T.MessageType.Log) -> None:
        log.info(message)
        try:
            self.window_log_message(T.LogMessageParams(type=kind, message=message))
        except Exception:  # no client to tell (shutting down)
            pass

    # -- scheduling ---------------------------------------------------------------
    def schedule(self, path: str, now: bool = False, cascade: bool = True) -> None:
        """Lint ``path`` soon (see the module docstring).  ``cascade``: its text changed, so
        the open files that read it are linted after it; a lint caused by a dependency does
        not cascade (a template and its .bicepparam read each other)."""
        import asyncio

        k = key(path)
        loop = asyncio.get_running_loop()
        pending = self.pending.pop(k, None)
        if pending is not None:
            handle, was_cascading = pending
            cascade = cascade or was_cascading
            if not now:
                self.pending[k] = (handle, cascade)  # already due: it will read the latest text
                return
            handle.cancel()
        window = self.state.settings.debounce_ms / 1000
        last = self.last_lint.get(k)
        wait = 0.0 if now or last is None else max(0.0, window - (loop.time() - last))
        self.pending[k] = (loop.call_later(wait, self._run, path), cascade)

    def _run(self, path: str) -> None:
        import asyncio

        k = key(path)
        _, cascade = self.pending.pop(k, (None, False))
        if k not in self.state.documents:
            return
        try:
            self.lint_and_publish(path)
        except Exception as exc:  # publishing failed: tell the log, keep serving
            self.log(f"{path}: {type(exc).__name__}: {exc}", T.MessageType.Error)
        self.last_lint[k] = asyncio.get_running_loop().time()
        if cascade:
            for other in self.state.dependents(path):
                self.schedule(other, cascade=False)

    def lint_and_publish(self, path: str) -> LintOutcome:
        before = self.state.outcomes.get(key(path))
        started = time.perf_counter()
        outcome = self.state.lint(path)
        if outcome.failure:
            self.log(f"{path}: {outcome.failure}", T.MessageType.Error)
        if outcome.notice:
            self.log(outcome.notice, T.MessageType.Warning)
        for f in outcome.findings:
            if f.rule_id == "ORCH900" and "internal error" in f.message:
                self.log(f"{path}: {f.message} (details on the server's standard error)", T.MessageType.Error)
        self.publish_paths({outcome.path} | self.state.touched(before) | self.state.touched(outcome), outcome)
        log.debug("linted %s in %.1f ms", path, (time.perf_counter() - started) * 1000)
        return outcome

    def publish_paths(self, paths: set[str], outcome: LintOutcome | None = None) -> None:
        done = set()
        for path in paths:
            if key(path) in done:
                continue
            done.add(key(path))
            self.publish(path, outcome if outcome is not None and key(outcome.path) == key(path) else None)

    def publish(self, path: str, outcome: LintOutcome | None = None) -> None:
        own = self.state.outcomes.get(key(path))
        uri = path_to_uri(path)
        if own is not None and own.failure:
            diagnostics = [failure_diagnostic(own.failure)]
        else:
            diagnostics = [diagnostic(f, self._registry_for(path)) for f in self.state.findings_in(path)]
        if not diagnostics and not self.published.get(uri) and own is None:
            return  # nothing shown there, nothing to show
        version = outcome.version if outcome is not None else None
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri, diagnostics, version))
        self.published[uri] = len(diagnostics)

    def _registry_for(self, path: str):
        try:
            return self.state.registry_for(self.state.config_for(path))
        except Exception:
            from arm_orchlint.rules.registry import Registry

            return Registry.default(entry_points=False, dir_code=False)

    def relint_all(self) -> None:
        for doc in list(self.state.documents.values()):
            self.schedule(doc.path, now=True, cascade=False)

    def apply_settings(self, raw) -> None:
        settings = parse_settings(raw)
        for problem in settings.problems:
            self.log(f"arm-orchlint settings: {problem} (ignored)", T.MessageType.Warning)
        self.state.settings = settings


server = OrchlintServer()


def _path_of(uri: str) -> str | None:
    path = uri_to_path(uri)
    return path if path is not None and is_linted(path) else None


@server.feature(T.INITIALIZE)
def _initialize(ls: OrchlintServer, params: T.InitializeParams) -> None:
    ls.apply_settings(params.initialization_options)


@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: OrchlintServer, params: T.DidOpenTextDocumentParams) -> None:
    path = _path_of(params.text_document.uri)
    if path is None:
        return
    ls.state.open(path, params.text_document.text, params.text_document.version)
    ls.schedule(path, now=True)
    # a .bicepparam pairs with its template: the open template is linted again with its values
    if path.lower().endswith(".bicepparam"):
        target = ls.state._using_target(ls.state.document(path))
        if target is not None and target in ls.state.documents:
            ls.schedule(ls.state.documents[target].path, now=True, cascade=False)


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: OrchlintServer, params: T.DidChangeTextDocumentParams) -> None:
    path = _path_of(params.text_document.uri)
    if path is None:
        return
    text = ls.workspace.get_text_document(params.text_document.uri).source
    ls.state.change(path, text, params.text_document.version)
    ls.schedule(path)


@server.feature(T.TEXT_DOCUMENT_DID_SAVE, T.SaveOptions(include_text=False))
def _did_save(ls: OrchlintServer, params: T.DidSaveTextDocumentParams) -> None:
    path = _path_of(params.text_document.uri)
    if path is None:
        return
    if ls.state.document(path) is not None:
        ls.schedule(path, now=True, cascade=False)
    for other in ls.state.dependents(path):
        ls.schedule(other, now=True, cascade=False)


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: OrchlintServer, params: T.DidCloseTextDocumentParams) -> None:
    path = _path_of(params.text_document.uri)
    if path is None:
        return
    pending = ls.pending.pop(key(path), None)
    if pending is not None:
        pending[0].cancel()
    dependents = ls.state.dependents(path)
    outcome = ls.state.close(path)
    # What this file's lint placed elsewhere goes; what others place here stays.
    ls.publish_paths({path} | ls.state.touched(outcome))
    for other in dependents:  # they read the buffer; now they read the disk
        ls.schedule(other, now=True, cascade=False)


@server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
def _did_change_configuration(ls: OrchlintServer, params: T.DidChangeConfigurationParams) -> None:
    # Some clients send ``null`` (a nudge to pull settings we do not ask for): keep what we have.
    if isinstance(params.settings, dict) and params.settings:
        ls.apply_settings(params.settings)
    ls.relint_all()


WATCHED = ("**/*.{bicep,bicepparam,json,jsonc}", "**/.arm-orchlint.toml", "**/pyproject.toml")
CONFIG_NAMES = (".arm-orchlint.toml", "pyproject.toml")


@server.feature(T.INITIALIZED)
async def _initialized(ls: OrchlintServer, params: T.InitializedParams) -> None:
    # Ask to hear of files changed outside the editor (a module, a parameter file, the
    # configuration), where the client lets a server ask.
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    options = T.DidChangeWatchedFilesRegistrationOptions(
        watchers=[T.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
    )
    try:
        await ls.client_register_capability_async(
            T.RegistrationParams([T.Registration("arm-orchlint-files", T.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)])
        )
    except Exception as exc:
        ls.log(f"arm-orchlint: could not watch files ({exc}); edits outside the editor show on the next change")


@server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _did_change_watched_files(ls: OrchlintServer, params: T.DidChangeWatchedFilesParams) -> None:
    import os

    for change in params.changes:
        path = uri_to_path(change.uri)
        if path is None:
            continue
        if os.path.basename(path) in CONFIG_NAMES:
            ls.relint_all()  # the configuration of every open file may have changed
            return
        if ls.state.document(path) is None:  # an open file's buffer is what counts, not the disk
            for other in ls.state.dependents(path):
                ls.schedule(other, now=True, cascade=False)


@server.feature(T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
def _code_action(ls: OrchlintServer, params: T.CodeActionParams) -> list[T.CodeAction] | None:
    from arm_orchlint.lsp.actions import code_actions

    path = _path_of(params.text_document.uri)
    if path is None:
        return None
    try:
        findings = ls.state.findings_in(path)
        return (
            code_actions(findings, ls._registry_for(path), path, params.range, params.context, ls.state.text_of) or None
        )
    except Exception as exc:  # never the session
        ls.log(f"{path}: code actions failed ({type(exc).__name__}: {exc})", T.MessageType.Error)
        return None


@server.feature(T.TEXT_DOCUMENT_HOVER)
def _hover(ls: OrchlintServer, params: T.HoverParams) -> T.Hover | None:
    from arm_orchlint.lsp.hover import hover

    path = _path_of(params.text_document.uri)
    if path is None or ls.state.document(path) is None:
        return None
    try:
        findings = ls.state.findings_in(path)
        views = ls.state.scale_set_views(path)
        return hover(findings, ls._registry_for(path), views, key(path), params.position)
    except Exception as exc:  # never the session
        ls.log(f"{path}: hover failed ({type(exc).__name__}: {exc})", T.MessageType.Error)
        return None


def main() -> None:
    """Serve on standard input and output until the client says exit."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="arm-orchlint lsp: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Nothing else may write to the protocol stream: stray prints go to the log instead.
    sys.stdout = sys.stderr
    server.start_io(stdin, stdout)
