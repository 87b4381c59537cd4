"""Stable stand-ins for ``uniqueString()`` and ``guid()``.

Azure computes these with its own hash; the exact algorithm is not part of the template
language contract, so the linter does NOT reproduce Azure's values.  What matters for
linting is that equal arguments give equal results and different arguments (almost
always) different ones, in the same shape Azure uses: 13 lowercase base32 characters
for ``uniqueString`` and a version-5-style UUID for ``guid``.
"""

from __future__ import annotations

_SEPARATOR = "\x1f"
_GUID_NAMESPACE = "5a0b6c1e-4d0f-4f3a-9c52-7d7b8e0a61f2"  # arbitrary, fixed for this project


def deterministic_unique_string(parts: list[str]) -> str:
    import base64
    import hashlib  # imported on use: most templates never call uniqueString

    digest = hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:13]


def deterministic_guid(parts: list[str]) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID(_GUID_NAMESPACE), _SEPARATOR.join(parts)))
