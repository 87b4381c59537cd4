"""core/digest.py gives hashlib's digests (without importing it)."""

import hashlib
import subprocess
import sys

import pytest

from arm_orchlint.core.digest import sha1, sha256


@pytest.mark.parametrize("data", [b"", b"a", b"ORCH101\x1fa/b.json\x1fvmss\x1fsku.capacity", bytes(range(256)) * 9])
def test_the_digests_are_hashlibs(data):
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert sha1(data).digest() == hashlib.sha1(data).digest()


def test_hashlib_is_not_imported():
    code = "import sys; from arm_orchlint.core.digest import sha1, sha256; print('hashlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
