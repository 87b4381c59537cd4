"""Keep the content of files read for Bicep ``load*`` functions out of messages.

A message names the value it objects to.  When that value came from a file a
``loadTextContent`` (or ``loadJsonContent``, ``loadYamlContent``, ``loadFileAsBase64``)
call read, the message shows only its first characters and says where it came from:
``'#!/bin/bash…' (from loadTextContent)``.  Quoted parts of a message that are pieces of
such a file (a ``split`` of it, a property of loaded JSON) are shortened the same way.
"""

from __future__ import annotations

import re

SHOWN = 12  # characters of a loaded value a message may show
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def short(value: str) -> str:
    return value if len(value) <= SHOWN else value[:SHOWN] + "…"


def redact(message: str, loaded: list[tuple[str, str]]) -> str:
    """``message`` with every value from a loaded file shortened and attributed."""
    if not loaded or not message:
        return message

    def source_of(text: str) -> str | None:
        for function, content in loaded:
            if text == content or (len(text) > SHOWN and text in content):
                return function
        return None

    def piece(match: re.Match) -> str:
        text = match.group(1) if match.group(1) is not None else match.group(2)
        function = source_of(text)
        if function is None:
            return match.group()
        quote = match.group()[0]
        return f"{quote}{short(text)}{quote} (from {function})"

    message = _QUOTED.sub(piece, message)
    for function, content in loaded:  # an unquoted copy of a whole file
        if len(content) > SHOWN and content in message:
            message = message.replace(content, f"{short(content)} (from {function})")
    return message


def redact_findings(findings: list, loaded: list[tuple[str, str]]) -> None:
    """Apply ``redact`` to the messages of ``findings`` (and their related locations)."""
    if not loaded:
        return
    for f in findings:
        f.message = redact(f.message, loaded)
        for r in f.related:
            r.message = redact(r.message, loaded)
