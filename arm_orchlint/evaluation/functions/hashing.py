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

    from arm_orchlint.core.digest import sha256  # (not hashlib: see there)

    digest = sha256(_SEPARATOR.join(parts).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:13]


_GUID_NAMESPACE_BYTES = bytes.fromhex(_GUID_NAMESPACE.replace("-", ""))
# The bits a version-5 UUID fixes (RFC 4122): the variant (10 at bits 62-63 of the low
# half) and the version (5 in the high nibble of the third group).
_GUID_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_GUID_SET = (0x8000 << 48) | (5 << 76)


def deterministic_guid(parts: list[str]) -> str:
    """``uuid.uuid5`` of the joined parts in the project's namespace, computed with SHA-1:
    importing ``uuid`` (and the ``platform`` module it pulls in) costs more than a run's
    few guid() calls."""
    from arm_orchlint.core.digest import sha1

    name = _SEPARATOR.join(parts).encode("utf-8")
    digest = sha1(_GUID_NAMESPACE_BYTES + name).digest()
    h = "%032x" % (int.from_bytes(digest[:16], "big") & _GUID_CLEAR | _GUID_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
