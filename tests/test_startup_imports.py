"""Start-up hygiene of the commonest runs, a small clean Bicep file and a small JSON one: the
modules below are each a noticeable share of such a run, and none of them is needed by it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

REPO = Path(__file__).resolve().parent.parent

NOT_NEEDED = (
    "typing",  # tree-sitter's package __init__ (front/bicep/syntax loads its extension alone)
    "contextlib",  # typing, importlib.util
    "importlib.util",
    "tree_sitter",  # the package; its _binding extension is what is used
    "tree_sitter_bicep",
    "signal",  # core/signals uses _signal
    "base64",  # evaluation/functions/strings imports it when a base64 function runs
    "numbers",  # core/schema_subset imports it for values that are not plain JSON
    "dataclasses",
    "click",
    "jsonschema",
    "pathlib",
)

SMALL_BICEP = """param location string = resourceGroup().location

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
  name: 'web'
  location: location
  zones: ['1', '2', '3']
  sku: { name: 'Standard_D2s_v5', capacity: 3 }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    singlePlacementGroup: false
  }
}
"""


def imported(target: Path) -> str:
    """The modules of NOT_NEEDED that ``arm-orchlint target`` imported, and its exit code."""
    import tree_sitter

    # -S with the checkout and tree-sitter's folder on the path: an editable install's
    # import hook imports typing itself
    site = os.path.dirname(os.path.dirname(tree_sitter.__file__))
    code = (
        f"import sys; sys.path[:0] = [{str(REPO)!r}, {site!r}]; sys.argv = ['arm-orchlint', {str(target)!r}]\n"
        "from arm_orchlint.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        f"    print(sorted(m for m in {NOT_NEEDED!r} if m in sys.modules), e.code, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=target.parent)
    return proc.stderr.strip()


@pytest.mark.parametrize("name", ["small.bicep", "good.json"])
def test_a_small_clean_run_imports_none_of_the_modules_it_does_not_need(name, tmp_path):
    target = tmp_path / name
    target.write_text(SMALL_BICEP if name.endswith(".bicep") else (FIXTURES / "ORCH206" / "good.json").read_text())
    assert imported(target) == "[] 0"
