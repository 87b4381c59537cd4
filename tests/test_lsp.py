"""The language server end to end: a real client (pytest-lsp) talking to
``arm-orchlint lsp`` over stdio."""

from __future__ import annotations

import asyncio
import sys

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the lsp test extra (pytest-lsp, pygls) is not installed")

from lsprotocol import types as T  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from .conftest import FIXTURES  # noqa: E402

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "arm_orchlint", "lsp"])
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
    else:
        assert d.code_description is None
    assert not client.diagnostics.get(other_uri)  # not a template: nothing to say
