"""Module-level patterns are compiled on first use (``core/lazy_regex.py``): a run compiles
only the patterns it uses, and a lazy pattern answers exactly as the compiled one."""

import re
import subprocess
import sys

import pytest

from arm_orchlint.core.lazy_regex import lazy_compile

from .conftest import FIXTURES

SMALL_BICEP = """param location string = resourceGroup().location

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
  name: 'web'
  location: location
  sku: { name: 'Standard_D2s_v5', capacity: 3 }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
  }
}
"""


@pytest.mark.parametrize(
    "pattern, flags, text",
    [
        (r"(a+)(b)?", 0, "xaab ab a"),
        (r"^x.*$", re.M | re.S, "x1\ny\nx2"),
        (rb"\[(\?)", 0, b"a[?b[c"),
        (r"(?P<word>\w+)", re.I, "One two"),
    ],
)
def test_a_lazy_pattern_answers_like_the_compiled_one(pattern, flags, text):
    lazy, compiled = lazy_compile(pattern, flags), re.compile(pattern, flags)
    assert "search" not in vars(lazy)  # nothing compiled yet
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert "search" in vars(lazy)  # compiled once, its methods kept
    assert lazy.sub(lambda m: m.group()[:1] * 2, text) == compiled.sub(lambda m: m.group()[:1] * 2, text)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )
    assert bool(lazy.match(text)) == bool(compiled.match(text)) and lazy.split(text) == compiled.split(text)
    with pytest.raises(AttributeError):
        lazy.no_such_method


def test_an_invalid_lazy_pattern_fails_when_used():
    bad = lazy_compile("(")
    with pytest.raises(re.error):
        bad.search("x")


# Runs the command on one file with re.compile wrapped: every pattern the package compiles
# comes back as a proxy noting its first use; prints the unused ones.
PROBE = """
import re, sys
real = re.compile
made, used = {}, set()
class Probe:
    def __init__(self, compiled, where):
        self._compiled, self._where = compiled, where
    def __getattr__(self, name):
        used.add(self._where)
        return getattr(self._compiled, name)
def probe(pattern, flags=0):
    frame = sys._getframe(1)
    while frame.f_code.co_filename.endswith(("lazy_regex.py", "functools.py")):
        frame = frame.f_back
    where = frame.f_code.co_filename.replace("\\\\", "/")
    if "/arm_orchlint/" not in where or where.endswith("schema_subset.py"):
        return real(pattern, flags)  # (a rule schema's patterns are compiled to learn they are valid)
    where = f"{where.rpartition('/arm_orchlint/')[2]}:{frame.f_lineno}"
    made[where] = 1
    return Probe(real(pattern, flags), where)
re.compile = probe
sys.argv = ["arm-orchlint", sys.argv[1]]
from arm_orchlint.cli.entry import main
try:
    main()
except SystemExit:
    pass
print("unused:", sorted(set(made) - used), file=sys.stderr)
"""


@pytest.mark.parametrize("name", ["small.bicep", "good.json"])
def test_a_small_run_compiles_only_the_patterns_it_uses(name, tmp_path):
    target = tmp_path / name
    target.write_text(SMALL_BICEP if name.endswith(".bicep") else (FIXTURES / "ORCH206" / "good.json").read_text())
    proc = subprocess.run([sys.executable, "-c", PROBE, str(target)], capture_output=True, text=True, cwd=tmp_path)
    assert "No problems found" in proc.stdout, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "unused: []"
