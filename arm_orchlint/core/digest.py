"""SHA-1 and SHA-256 without importing ``hashlib``.

``hashlib`` loads OpenSSL when it is imported (about as many instructions as 15 ms of
linting); the short texts a run hashes (finding fingerprints, ``uniqueString()``,
``guid()``) need only the interpreter's own implementations, which give the same digests.
Where those are missing (another interpreter), ``hashlib``'s are used.
"""

try:
    from _sha2 import sha256  # CPython 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:  # pragma: no cover - another interpreter
        from hashlib import sha256

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - another interpreter
    from hashlib import sha1

__all__ = ["sha1", "sha256"]
