import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, never time: hypothesis's default deadline (200 ms per
# example) fails a test at random on a loaded machine or a slow CI runner.
settings.register_profile("arm-orchlint", deadline=None)
settings.load_profile("arm-orchlint")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SHARED = Path(os.environ.get("ARM_ORCHLINT_SHARED", REPO.parent / "shared"))
if "ARM_ORCHLINT_SHARED" not in os.environ and not SHARED.exists() and (REPO.parent.parent / "shared").exists():
    SHARED = REPO.parent.parent / "shared"  # a git worktree one level deeper
CORPUS = SHARED / "corpus"


def lint(paths, *args, fmt="json"):
    """Run the CLI in-process; returns (exit_code, stdout)."""
    from click.testing import CliRunner

    from arm_orchlint.cli.app import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--format", fmt, *args, *[str(p) for p in paths]], catch_exceptions=False)
    return result.exit_code, result.stdout  # warnings go to stderr


@pytest.fixture
def repo_root():
    return REPO


def needs_shared(path: Path):
    return pytest.mark.skipif(
        not path.exists(), reason=f"{path} is not present (the shared reference folder sits beside the checkout in CI)"
    )


def load_expectations(folder: Path) -> tuple[dict, list]:
    """All ``expected*.json`` files of a fixture folder, merged: single-file fixtures
    (name -> spec) and version-diff pairs.  Several files let independent work (ARM, Bicep,
    evaluation fixtures) add cases to one rule's folder without touching each other."""
    import json

    singles: dict = {}
    pairs: list = []
    for path in sorted(folder.glob("expected*.json")):
        data = json.loads(path.read_text())
        if "pairs" in data:
            pairs.extend(data["pairs"])
            continue
        for name, spec in data.items():
            if name in singles:
                raise ValueError(f"{folder.name}: {name} is described twice")
            singles[name] = spec if isinstance(spec, dict) else {"findings": spec}
    return singles, pairs


def pointers(value, prefix=()):
    """Every JSON pointer inside ``value``, the root included."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from pointers(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from pointers(v, prefix + (i,))
