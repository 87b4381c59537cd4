"""The language server end to end: a real client (pytest-lsp) talking to
``arm-orchlint lsp`` over stdio."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the lsp test extra (pytest-lsp, pygls) is not installed")

from lsprotocol import types as T  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from .conftest import FIXTURES, REPO  # noqa: E402

# The server runs from this checkout, whatever the current directory and the installed copy.
_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "arm_orchlint", "lsp"], server_env=_ENV)
PUBLISH = T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path):
    await lsp_client.initialize_session(
        T.InitializeParams(
            capabilities=T.ClientCapabilities(),
            root_uri=tmp_path.as_uri(),
            workspace_folders=[T.WorkspaceFolder(tmp_path.as_uri(), "ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def bare_client(lsp_client: LanguageClient):
    """A client whose test initializes the session itself."""
    yield


async def published(client: LanguageClient, uri: str, until=lambda diags: True, timeout: float = 15.0):
    """The diagnostics of ``uri`` once a publication satisfies ``until``."""

    async def wait():
        while True:
            if uri in client.diagnostics and until(client.diagnostics[uri]):
                return list(client.diagnostics[uri])
            await client.wait_for_notification(PUBLISH)

    return await asyncio.wait_for(wait(), timeout)


def open_doc(client: LanguageClient, path, text: str | None = None, language: str = "json", version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            T.TextDocumentItem(uri, language, version, path.read_text() if text is None else text)
        )
    )
    return uri


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [T.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def codes(diags) -> list[str]:
    return sorted(str(d.code) for d in diags)


@pytest.mark.asyncio
async def test_open_publishes_located_diagnostics(client: LanguageClient, tmp_path):
    other = tmp_path / "package.json"
    other.write_text('{"name": "not a template", "version": "1.0.0"}')
    target = tmp_path / "bad.json"
    target.write_text((FIXTURES / "ORCH206" / "bad.json").read_text())
    other_uri = open_doc(client, other)
    uri = open_doc(client, target)
    diags = await published(client, uri, until=bool)
    assert codes(diags) == ["ORCH206"]
    (d,) = diags
    assert d.source == "arm-orchlint"
    assert d.severity == T.DiagnosticSeverity.Error
    assert (d.range.start.line, d.range.start.character) == (11, 8)  # the CLI's 12:9
    assert d.range.end.line == 11 and d.range.end.character > 8
    from arm_orchlint.core.project import project_url

    if project_url():  # the rule's page, when the package metadata names the project's home
        assert d.code_description.href == f"{project_url()}/blob/main/docs/rules/ORCH206.md"
    else:  # else the page in the checkout the server runs from
        assert d.code_description.href == (REPO / "docs" / "rules" / "ORCH206.md").as_uri()
    assert not client.diagnostics.get(other_uri)  # not a template: nothing to say


def apply_text_edits(text: str, edits: list[T.TextEdit]) -> str:
    """The client's side of a WorkspaceEdit (ASCII texts: characters are code units)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: T.Position) -> int:
        return starts[pos.line] + pos.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def copy_fixture(tmp_path, rule: str, name: str, as_name: str | None = None):
    target = tmp_path / (as_name or name)
    target.write_text((FIXTURES / rule / name).read_text())
    return target


@pytest.mark.asyncio
async def test_change_lints_the_unsaved_buffer(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "good.json", "t.json")
    good = target.read_text()
    uri = open_doc(client, target)
    assert await published(client, uri) == []
    bad = (FIXTURES / "ORCH206" / "bad.json").read_text()
    change_doc(client, uri, bad, 2)
    assert codes(await published(client, uri)) == ["ORCH206"]
    assert target.read_text() == good  # the disk was never the source
    change_doc(client, uri, good, 3)
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_fast_edits_are_linted_together_and_end_on_the_last_text(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "good.json", "t.json")
    good, bad = target.read_text(), (FIXTURES / "ORCH206" / "bad.json").read_text()
    uri = open_doc(client, target)
    await published(client, uri)
    for version in range(2, 12):
        change_doc(client, uri, bad if version % 2 else good, version)
    # the last text (version 11) is bad; whatever came between, the final publication says so
    assert codes(await published(client, uri)) == ["ORCH206"]
    await asyncio.sleep(0.4)  # longer than the debounce window: nothing newer is pending
    assert codes(client.diagnostics[uri]) == ["ORCH206"]


@pytest.mark.asyncio
async def test_save_lints_again(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "bad.bicep", "t.bicep")
    uri = open_doc(client, target, language="bicep")
    assert codes(await published(client, uri)) == ["ORCH206"]
    client.diagnostics.pop(uri)
    client.text_document_did_save(T.DidSaveTextDocumentParams(T.TextDocumentIdentifier(uri)))
    assert codes(await published(client, uri)) == ["ORCH206"]


async def suppress_and_relint(client: LanguageClient, uri: str, text: str, rule: str) -> str:
    (diag,) = [d for d in await published(client, uri, until=bool) if d.code == rule]
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(T.TextDocumentIdentifier(uri), diag.range, T.CodeActionContext(diagnostics=[diag]))
    )
    (action,) = [a for a in actions if a.title == f"Suppress {rule} with a reason"]
    assert action.kind == T.CodeActionKind.QuickFix and action.diagnostics[0].code == rule
    new_text = apply_text_edits(text, action.edit.changes[uri])
    change_doc(client, uri, new_text, 2)
    assert rule not in codes(await published(client, uri))
    return new_text


@pytest.mark.asyncio
async def test_suppress_action_in_bicep_is_a_comment_above_the_line(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "bad.bicep", "t.bicep")
    uri = open_doc(client, target, language="bicep")
    text = await suppress_and_relint(client, uri, target.read_text(), "ORCH206")
    assert "    // arm-orchlint-disable-next-line ORCH206 -- <reason>\n    singlePlacementGroup: true" in text


@pytest.mark.asyncio
async def test_suppress_action_in_plain_json_is_resource_metadata(client: LanguageClient, tmp_path):
    import json

    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    uri = open_doc(client, target)
    text = await suppress_and_relint(client, uri, target.read_text(), "ORCH206")
    resource = json.loads(text)["resources"][0]  # still plain JSON
    assert resource["metadata"] == {"arm-orchlint": {"ignore": {"ORCH206": "<reason>"}}}


@pytest.mark.asyncio
async def test_quick_fix_applied_and_relinted(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    text = target.read_text()
    uri = open_doc(client, target)
    (diag,) = await published(client, uri, until=bool)
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(T.TextDocumentIdentifier(uri), diag.range, T.CodeActionContext(diagnostics=[diag]))
    )
    (fix,) = [a for a in actions if a.is_preferred]  # the safe fix of --fix
    assert fix.title == "Set singlePlacementGroup to false" and fix.kind == T.CodeActionKind.QuickFix
    assert fix.diagnostics[0].code == "ORCH206"
    new_text = apply_text_edits(text, fix.edit.changes[uri])
    assert '"singlePlacementGroup": false' in new_text
    change_doc(client, uri, new_text, 2)
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_an_unsafe_fix_is_offered_but_not_preferred(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "eval-param-default.json", "t.json")
    uri = open_doc(client, target)
    (diag,) = await published(client, uri, until=bool)
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(T.TextDocumentIdentifier(uri), diag.range, T.CodeActionContext(diagnostics=[diag]))
    )
    (fix,) = [a for a in actions if a.title.startswith("Set singlePlacementGroup")]
    assert not fix.is_preferred and fix.title.endswith("(unsafe)")
    # the edit is at the parameter's default, elsewhere in the file
    (edit,) = fix.edit.changes[uri]
    assert edit.range.start.line != diag.range.start.line and edit.new_text == "false"


@pytest.mark.asyncio
async def test_hover_explains_the_finding_and_shows_the_scale_set(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "eval-param-default.json", "t.json")
    uri = open_doc(client, target)
    (diag,) = await published(client, uri, until=bool)
    result = await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri), diag.range.start))
    text = result.contents.value
    from arm_orchlint.rules.registry import Registry

    assert Registry.default().get("ORCH206").explain_text() in text
    assert "mode: Flexible" in text
    assert "single placement group: true (from parameter 'singlePlacementGroup', default value" in text
    # on the scale set but off the finding: only the configuration
    lines = target.read_text().split("\n")
    type_line = next(i for i, line in enumerate(lines) if "virtualMachineScaleSets" in line)
    result = await client.text_document_hover_async(
        T.HoverParams(T.TextDocumentIdentifier(uri), T.Position(type_line, 10))
    )
    assert "scale set vmss-flex-spg" in result.contents.value and "ORCH206" not in result.contents.value
    # outside any resource: nothing
    assert (
        await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri), T.Position(0, 0))) is None
    )


@pytest.mark.asyncio
async def test_hover_on_a_module_statement_shows_its_scale_sets(client: LanguageClient, tmp_path):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "vmss.bicep").write_text((FIXTURES / "ORCH206" / "modules" / "vmss.bicep").read_text())
    main = copy_fixture(tmp_path, "ORCH206", "bad-module.bicep", "main.bicep")
    uri = open_doc(client, main, language="bicep")
    await published(client, uri)
    result = await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri), T.Position(0, 3)))
    text = result.contents.value
    assert "scale set vmss-flex-spg" in text and "module argument at " in text


@pytest.mark.asyncio
async def test_configuration_change_overrides_select_ignore_severity(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    uri = open_doc(client, target)
    assert codes(await published(client, uri, until=bool)) == ["ORCH206"]
    client.diagnostics.pop(uri)
    client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(settings={"arm-orchlint": {"severity": {"ORCH206": "note"}}})
    )
    (diag,) = await published(client, uri)
    assert diag.severity == T.DiagnosticSeverity.Information
    client.diagnostics.pop(uri)
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(settings={"ignore": "ORCH2"}))
    assert await published(client, uri) == []
    # a null nudge keeps the settings in force
    client.diagnostics.pop(uri)
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(settings=None))
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_initialization_options_override_the_configuration_file(bare_client: LanguageClient, tmp_path):
    lsp_client = bare_client
    (tmp_path / ".arm-orchlint.toml").write_text('select = ["ORCH1"]\n')
    await lsp_client.initialize_session(
        T.InitializeParams(
            capabilities=T.ClientCapabilities(),
            root_uri=tmp_path.as_uri(),
            initialization_options={"arm-orchlint": {"select": ["ORCH206"], "severity": {"ORCH206": "warning"}}},
        )
    )
    try:
        target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
        uri = open_doc(lsp_client, target)
        (diag,) = await published(lsp_client, uri, until=bool)
        assert diag.code == "ORCH206" and diag.severity == T.DiagnosticSeverity.Warning
    finally:
        await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_against_a_git_revision_the_diff_rules_compare_the_buffer(client: LanguageClient, tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    target = copy_fixture(tmp_path, "ORCH206", "good.json", "t.json")
    flexible = target.read_text()
    target.write_text(flexible.replace('"Flexible"', '"Uniform"'))
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "t.json"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "uniform"], check=True)
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(settings={"against": "HEAD"}))
    uri = open_doc(client, target, text=flexible)  # the unsaved buffer changes the mode
    (diag,) = await published(client, uri, until=bool)
    assert diag.code == "ORCH801" and "from Uniform to Flexible" in diag.message
    (related,) = diag.related_information
    assert "old version" in related.message and related.location.uri == uri
    # outside a repository: linted without the diff rules, and the log says why
    elsewhere = tmp_path.parent / (tmp_path.name + "-norepo")
    elsewhere.mkdir()
    other = copy_fixture(elsewhere, "ORCH206", "bad.json", "t.json")
    other_uri = open_doc(client, other)
    assert codes(await published(client, other_uri, until=bool)) == ["ORCH206"]
    assert any("no version-diff rules" in m.message for m in client.log_messages)


@pytest.mark.asyncio
async def test_the_workspace_configuration_file_is_honoured(client: LanguageClient, tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text('ignore = ["ORCH206"]\n')
    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    uri = open_doc(client, target)
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_a_lint_that_cannot_run_is_one_diagnostic_on_line_1_and_a_log_message(client: LanguageClient, tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text("select = 3\n")
    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    uri = open_doc(client, target)
    (diag,) = await published(client, uri, until=bool)
    assert diag.range.start.line == 0 and "configuration" in diag.message
    assert any("configuration" in m.message for m in client.log_messages)
    # the session goes on: fixing the file brings the findings back
    (tmp_path / ".arm-orchlint.toml").write_text("")
    change_doc(client, uri, target.read_text(), 2)
    assert codes(await published(client, uri)) == ["ORCH206"]


@pytest.mark.asyncio
async def test_an_unknown_rule_in_the_settings_is_shown_not_ignored(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    uri = open_doc(client, target)
    await published(client, uri, until=bool)
    client.diagnostics.pop(uri)
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(settings={"ignore": ["ORHC206"]}))
    (diag,) = await published(client, uri)
    assert diag.range.start.line == 0 and "unknown rule selector 'ORHC206'" in diag.message
    assert "did you mean 'ORCH206'" in diag.message


@pytest.mark.asyncio
async def test_editing_a_module_relints_the_files_that_use_it(client: LanguageClient, tmp_path):
    (tmp_path / "modules").mkdir()
    module = tmp_path / "modules" / "vmss.bicep"
    module.write_text((FIXTURES / "ORCH206" / "modules" / "vmss.bicep").read_text())
    main = copy_fixture(tmp_path, "ORCH206", "bad-module.bicep", "main.bicep")
    main_uri = open_doc(client, main, language="bicep")
    module_uri = module.as_uri()
    # the finding is in the module, with the argument main.bicep passes
    (diag,) = await published(client, module_uri, until=bool)
    assert diag.code == "ORCH206"
    assert any(r.location.uri == main_uri for r in diag.related_information or [])
    open_doc(client, module, language="bicep")
    client.diagnostics.pop(main_uri, None)
    uniform = module.read_text().replace("'Flexible'", "'Uniform'")
    change_doc(client, module_uri, uniform, 2)  # unsaved
    await published(client, main_uri)  # main.bicep was linted again, with the module's buffer
    assert "ORCH206" not in codes(await published(client, module_uri, until=lambda d: "ORCH206" not in codes(d)))


@pytest.mark.asyncio
async def test_a_module_changed_on_disk_relints_the_files_that_use_it(client: LanguageClient, tmp_path):
    (tmp_path / "modules").mkdir()
    module = tmp_path / "modules" / "vmss.bicep"
    module.write_text((FIXTURES / "ORCH206" / "modules" / "vmss.bicep").read_text())
    main = copy_fixture(tmp_path, "ORCH206", "bad-module.bicep", "main.bicep")
    open_doc(client, main, language="bicep")
    assert codes(await published(client, module.as_uri(), until=bool)) == ["ORCH206"]
    module.write_text(module.read_text().replace("'Flexible'", "'Uniform'"))  # not open in the editor
    client.workspace_did_change_watched_files(
        T.DidChangeWatchedFilesParams([T.FileEvent(module.as_uri(), T.FileChangeType.Changed)])
    )
    await published(client, module.as_uri(), until=lambda d: "ORCH206" not in codes(d))


@pytest.mark.asyncio
async def test_the_server_asks_to_watch_files_where_the_client_allows(bare_client: LanguageClient, tmp_path):
    registered: list = []

    @bare_client.feature(T.CLIENT_REGISTER_CAPABILITY)
    def _register(params: T.RegistrationParams):
        registered.extend(params.registrations)

    caps = T.ClientCapabilities(
        workspace=T.WorkspaceClientCapabilities(
            did_change_watched_files=T.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        )
    )
    await bare_client.initialize_session(T.InitializeParams(capabilities=caps, root_uri=tmp_path.as_uri()))
    try:
        for _ in range(100):
            if registered:
                break
            await asyncio.sleep(0.05)
        (registration,) = registered
        assert registration.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES
        patterns = [w["globPattern"] for w in registration.register_options["watchers"]]
        assert "**/.arm-orchlint.toml" in patterns and "**/*.{bicep,bicepparam,json,jsonc}" in patterns
    finally:
        await bare_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_bicepparam_file_pairs_with_its_template(client: LanguageClient, tmp_path):
    template = tmp_path / "main.bicep"
    template.write_text((FIXTURES / "ORCH206" / "modules" / "vmss.bicep").read_text())
    params = tmp_path / "main.bicepparam"
    params.write_text("using 'main.bicep'\n\nparam location = 'westeurope'\nparam singlePlacementGroup = true\n")
    uri = open_doc(client, template, language="bicep")
    assert await published(client, uri) == []  # the default is false
    open_doc(client, params, language="bicep-params")
    assert codes(await published(client, uri, until=bool)) == ["ORCH206"]
    # they read each other, yet once both are linted the server falls quiet
    await asyncio.sleep(0.5)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.wait_for_notification(PUBLISH), 1.0)


@pytest.mark.asyncio
async def test_shutdown_ends_the_server_cleanly(client: LanguageClient, tmp_path):
    target = copy_fixture(tmp_path, "ORCH206", "bad.json", "t.json")
    uri = open_doc(client, target)
    await published(client, uri, until=bool)
    await client.shutdown_session()  # shutdown, then exit: it waits for the process
    assert client._server.returncode == 0
    client.capabilities = None  # the fixture's own shutdown has nothing left to do
