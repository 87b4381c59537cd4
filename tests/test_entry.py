"""``arm-orchlint PATH...`` runs without click (entry.py); it must behave exactly like
``arm-orchlint check PATH...``, which goes through click."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from arm_orchlint.cli.entry import paths_and_formats, plain_paths

from .conftest import FIXTURES

REPO = Path(__file__).parent.parent


def run(*args, cwd=REPO):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_ARM_ORCHLINT_COMPLETE")}
    return subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def run_click(*args, cwd=REPO):
    """The same command line through click, as entry.main sent every one with an option."""
    code = (
        f"import sys; sys.argv = ['arm-orchlint', *{list(args)!r}]\n"
        "from arm_orchlint.core.signals import install; install()\n"
        "from arm_orchlint.core.gcpolicy import collector_off_until_exit; collector_off_until_exit()\n"
        "from arm_orchlint.cli.app import main; main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_ARM_ORCHLINT_COMPLETE")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.parametrize(
    "paths",
    [
        [str(FIXTURES / "ORCH206" / "good.json")],
        [str(FIXTURES / "ORCH206" / "bad.json")],
        [str(FIXTURES / "ORCH001")],
        ["does-not-exist.json"],
        [str(FIXTURES / "ORCH206" / "bad.json"), "does-not-exist.json"],
    ],
)
def test_plain_paths_match_the_check_command(paths):
    fast, slow = run(*paths), run("check", *paths)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_a_broken_config_is_reported_the_same_way(tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text("this is [not toml\n")
    (tmp_path / "pyproject.toml").write_text("[tool.arm-orchlint]\nselect = 3\n")
    target = FIXTURES / "ORCH206" / "bad.json"
    fast, slow = run(str(target), cwd=tmp_path), run("check", str(target), cwd=tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


# Modules a plain JSON run must not import: each costs a noticeable share of start-up.
HEAVY = ("click", "jsonschema", "jmespath", "typing", "contextlib", "dataclasses", "pathlib", "tree_sitter")


def heavy_imports(target, cwd):
    """(heavy modules the run imported, exit code), for ``arm-orchlint target`` run in ``cwd``."""
    # -S: the package from the checkout, without site-packages (an editable install's import
    # hook imports typing itself); the plain JSON route needs no third-party package.
    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv = ['arm-orchlint', {str(target)!r}]\n"
        "before = set(sys.modules)\n"
        "from arm_orchlint.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        f"    print(sorted(m for m in {HEAVY!r} if m in sys.modules and m not in before), e.code, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=cwd)
    return proc.stderr.strip()


@pytest.mark.parametrize("name", ["good.json", "bad.json"])
def test_plain_paths_do_not_import_heavy_modules(name, tmp_path):
    assert heavy_imports(FIXTURES / "ORCH206" / name, tmp_path) == f"[] {0 if name == 'good.json' else 1}"


def test_a_valid_config_file_does_not_import_jsonschema(tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text('select = ["ORCH2"]\n[severity]\nORCH206 = "warning"\n')
    # tomllib itself imports typing and contextlib, and config paths are pathlib paths;
    # jsonschema is only needed to word an error
    assert heavy_imports(FIXTURES / "ORCH206" / "bad.json", tmp_path) == "['contextlib', 'pathlib', 'typing'] 1"
    (tmp_path / ".arm-orchlint.toml").write_text('select = ["not an id!"]\n')
    assert "jsonschema" in heavy_imports(FIXTURES / "ORCH206" / "bad.json", tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["--format=json", "t.json"],
        ["-fjson", "t.json"],
        ["t.json", "--format"],
        ["-f", "--debug", "t.json"],
        ["-f", "json", "-"],
        ["-f", "json"],
        ["check", "t.json"],
        ["rules"],
        ["explain", "ORCH206"],
        ["diff", "a.json", "b.json"],
        ["t.json", "-"],
        [""],
    ],
)
def test_anything_else_goes_through_click(args):
    assert plain_paths(args) is None


def test_paths_only():
    assert plain_paths(["t.json", "folder"]) == ["t.json", "folder"]


def test_paths_with_format_pairs():
    assert paths_and_formats(["t.json", "folder"]) == (["t.json", "folder"], [])
    assert paths_and_formats(["-f", "json", "t.json"]) == (["t.json"], ["json"])
    assert paths_and_formats(["a", "--format", "text", "b", "-f", "sarif=x.sarif"]) == (
        ["a", "b"],
        ["text", "sarif=x.sarif"],
    )
    # after an option, a subcommand's name is a path (click's group looks at the first word only)
    assert paths_and_formats(["-f", "json", "x", "rules"]) == (["x", "rules"], ["json"])
    assert paths_and_formats(["-f", "json", "rules"]) is None  # (left to click: the first path)
    assert paths_and_formats(["-f", "check", "t.json"]) == (["t.json"], ["check"])  # a bad format: run_check says so
    assert paths_and_formats(["-f", "", "t.json"]) is None


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json", str(FIXTURES / "ORCH206" / "bad.json")],
        [str(FIXTURES / "ORCH206" / "good.json"), "-f", "json"],
        ["-f", "sarif", str(FIXTURES / "ORCH001")],
        ["-f", "text", "-f", "json", str(FIXTURES / "ORCH206" / "bad.json")],  # two to stdout: a usage error
        ["-f", "jsn", str(FIXTURES / "ORCH206" / "bad.json")],  # unknown: a usage error with a hint
        ["-f", "check", "does-not-exist.json"],
        ["-f", "github", str(FIXTURES / "ORCH206" / "bad.json"), "does-not-exist.json"],
        ["-f", "junit", "does-not-exist.json"],
        ["-f", "json", "-f", "sarif=missing-folder/out.sarif", str(FIXTURES / "ORCH206" / "bad.json")],
        ["-f", "json", str(FIXTURES / "ORCH206" / "bad.json"), "rules"],
    ],
)
def test_paths_with_formats_match_the_click_route(args):
    fast, slow = run(*args), run_click(*args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_paths_with_formats_write_the_same_files(tmp_path):
    target = str(FIXTURES / "ORCH206" / "bad.json")
    outputs = []
    for route in (run, run_click):
        out = tmp_path / f"out{len(outputs)}.sarif"
        proc = route("-f", "text", "-f", f"sarif={out}", target)
        outputs.append((proc.returncode, proc.stdout, proc.stderr, out.read_text()))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_paths_with_a_format_do_not_import_click(fmt, tmp_path):
    target = FIXTURES / "ORCH206" / "bad.json"
    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv = ['arm-orchlint', '-f', {fmt!r}, {str(target)!r}]\n"
        "from arm_orchlint.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    print('click' in sys.modules, e.code, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.stderr.strip().splitlines()[-1] == "False 1"


def test_a_closed_pipe_with_a_format_ends_as_through_click(tmp_path, monkeypatch):
    """A BrokenPipeError out of the run: click's route exits 1 quietly; so does the format route."""
    import arm_orchlint.cli.entry as entry
    import arm_orchlint.cli.run as checkrun

    def broken(request):
        raise BrokenPipeError(32, "Broken pipe")

    silenced = []
    monkeypatch.setattr(checkrun, "run_check", broken)
    monkeypatch.setattr("arm_orchlint.cli.output.silence_stdout", lambda: silenced.append(1))
    monkeypatch.setattr(sys, "argv", ["arm-orchlint", "-f", "json", "t.json"])
    with pytest.raises(SystemExit) as exit_info:
        entry.main()
    assert (exit_info.value.code, silenced) == (1, [1])
    from arm_orchlint.cli.errors import run_guarded

    silenced.clear()
    with pytest.raises(SystemExit) as exit_info:
        run_guarded(False, broken, None)
    assert (exit_info.value.code, silenced) == (1, [1])
