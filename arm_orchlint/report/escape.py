"""Escaping of untrusted text (template values, file names) for every output format.

A template under review is written by whoever opened the pull request, and CI runners
read the linter's output as commands: Azure Pipelines acts on ``##vso[`` anywhere in a
line, GitHub Actions on a line starting with ``::`` (and on the legacy ``##[``), a
terminal on escape sequences.  So nothing a template contains may reach the output as
a line break, a control character or a command prefix.  The formatters call these small
functions on every piece of user text they embed.
"""

from __future__ import annotations

import re

from arm_orchlint.core.lazy_regex import lazy_compile

# C0 controls except tab, DEL, C1 controls (0x9b is a one-byte CSI on some terminals),
# Unicode line/paragraph separators, bidi overrides and isolates ("Trojan Source"), and
# lone surrogates (a JSON "\ud800" or an undecodable byte of a file name).
_CONTROL = lazy_compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x00": "\\0"}
# Runner command prefixes that must not survive anywhere in a line: Azure Pipelines
# logging commands (``##vso[``) and formatting commands / GitHub's legacy form (``##[``).
_COMMAND_PREFIX = lazy_compile(r"#(?=#(?:vso)?\[)", re.I)


def _visible(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with control characters (and lone surrogates) as visible escapes."""
    return _CONTROL.sub(_visible, text) if _CONTROL.search(text) else text


def neutral(text: str) -> str:
    """``visible(text)`` and no runner command prefix left in it."""
    text = visible(text)
    return _COMMAND_PREFIX.sub(r"\\x23", text) if "#" in text else text


def safe_line(line: str) -> str:
    """A finished log line: a leading ``::`` (a GitHub workflow command) is broken up.
    The parts of the line must already have gone through ``neutral``."""
    stripped = line.lstrip()
    if stripped.startswith("::"):
        indent = len(line) - len(stripped)
        return line[:indent] + "\\x3a" + stripped[1:]
    return line


_SURROGATE = lazy_compile("[\ud800-\udfff]")
_XML_FORBIDDEN = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def encodable(text: str) -> str:
    """Lone surrogates as visible ``\\udXXX`` text: every output must be valid UTF-8."""
    return _SURROGATE.sub(_visible, text) if _SURROGATE.search(text) else text


def json_encodable(document_text: str) -> str:
    """A JSON document produced with ``ensure_ascii=False``: a lone surrogate becomes the
    JSON string ``\\\\udXXX`` (a visible backslash escape), so the file is valid UTF-8."""
    if not _SURROGATE.search(document_text):
        return document_text
    return _SURROGATE.sub(lambda m: "\\" + _visible(m), document_text)


def xml_text(text: str) -> str:
    """Characters XML 1.0 forbids (most controls, lone surrogates) as visible escapes."""
    return _XML_FORBIDDEN.sub(_visible, text) if _XML_FORBIDDEN.search(text) else text


# -- Azure Pipelines (azure-pipelines-task-lib's escaping) ----------------------------------
def azure_data(text: str) -> str:
    """The message of a logging command: ``%``, CR and LF as task-lib escapes them; other
    controls visible.  The agent parses only the first ``##vso[`` of a line, which is ours;
    later ones are broken up all the same, so that no reader can mistake them."""
    text = text.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")
    return neutral(text)


def azure_property(text: str) -> str:
    """A property value: also ``;`` and ``]``, which would end the property or the command."""
    return azure_data(text).replace(";", "%3B").replace("]", "%5D")


# -- GitHub Actions workflow commands (actions/toolkit's escaping) -------------------------
def github_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return neutral(text)


def github_property(text: str) -> str:
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
