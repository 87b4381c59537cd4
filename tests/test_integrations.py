"""The repository's CI and editor integrations: problem matcher, action script, pre-commit
manifest and generated docs."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import FIXTURES, REPO
from .test_formats import run_cli


# -- problem matcher -------------------------------------------------------------------
def _matcher():
    data = json.loads((REPO / ".github" / "arm-orchlint-matcher.json").read_text())
    (matcher,) = data["problemMatcher"]
    (pattern,) = matcher["pattern"]
    assert matcher["owner"] == "arm-orchlint"
    return pattern


def test_matcher_parses_real_text_output(monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    pattern = _matcher()
    rx = re.compile(pattern["regexp"])
    code, out = run_cli(
        "check",
        "--isolated",
        "fixtures/ORCH206/bad.json",
        "tests/data/preview-only.json",
        "tests/data/suppressed.jsonc",
    )
    lines = out.splitlines()
    matched = [rx.match(line) for line in lines]
    got = [
        (
            m[pattern["file"]],
            int(m[pattern["line"]]),
            int(m[pattern["column"]]),
            m[pattern["severity"]],
            m[pattern["code"]],
        )
        for m in matched
        if m
    ]
    assert got == [
        ("fixtures/ORCH206/bad.json", 12, 9, "error", "ORCH206"),
        ("tests/data/preview-only.json", 12, 9, "error", "ORCH002"),
        ("tests/data/suppressed.jsonc", 15, 9, "warning", "ORCH905"),
    ]
    first = matched[0]
    assert first[pattern["message"]].startswith("Flexible scale sets do not support a single placement group;")
    assert not rx.match(lines[-1])  # the summary line is not a problem


def test_matcher_skips_notes_and_handles_colons_in_paths():
    rx = re.compile(_matcher()["regexp"])
    assert rx.match("x.json:1:1: note: something [ORCH904]") is None  # GitHub matchers know only error/warning
    m = rx.match(r"C:\infra\a.json:3:5: warning: a: b [ACME001]")
    assert m and m[1] == r"C:\infra\a.json" and m[5] == "a: b" and m[6] == "ACME001"


# -- action ----------------------------------------------------------------------------
def test_action_manifest():
    text = (REPO / "action.yml").read_text()
    assert "using: composite" in text
    for name in ("paths", "format", "parameters", "fail-level", "sarif-file", "args"):
        assert re.search(rf"^  {re.escape(name)}:$", text, re.M), name
    # the action path reaches the shell through env (no expression inside a script)
    assert 'pip install --disable-pip-version-check --quiet "$ACTION_PATH"' in text
    assert '${{ github.action_path }}"' not in text
    assert "uses: actions/cache@v4" in text and "PIP_CACHE_DIR: ${{ steps.cache-key.outputs.dir }}" in text
    assert "scripts/action-run.sh" in text


def _wrapper(tmp_path, log=None):
    """An arm-orchlint executable in a folder with a space in its name (as on some runners)."""
    folder = tmp_path / "tool dir"
    folder.mkdir(exist_ok=True)
    script = folder / "arm-orchlint"
    record = f'printf "%s\\n" "$*" >> "{log}"\n' if log else ""
    script.write_text(f'#!/usr/bin/env bash\n{record}exec "{sys.executable}" -m arm_orchlint "$@"\n')
    script.chmod(0o755)
    return script


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("target,expected_code", [("fixtures/ORCH206/bad.json", 1), ("fixtures/ORCH206/good.json", 0)])
def test_action_script(tmp_path, target, expected_code):
    sarif = tmp_path / "out" / "results.sarif"
    outputs = tmp_path / "github_output"
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "INPUT_PATHS": target,
        "INPUT_FORMAT": "text",
        "INPUT_PARAMETERS": "",
        "INPUT_FAIL_LEVEL": "warning",
        "INPUT_SARIF_FILE": str(sarif),
        "INPUT_ARGS": "--isolated",
        "ACTION_PATH": str(REPO),
        "ARM_ORCHLINT": str(_wrapper(tmp_path)),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    proc = subprocess.run(
        ["bash", str(REPO / "scripts" / "action-run.sh")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == expected_code, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"::add-matcher::{REPO}/.github/arm-orchlint-matcher.json"
    assert lines[-1] == "::remove-matcher owner=arm-orchlint::"
    doc = json.loads(sarif.read_text())
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == (["ORCH206"] if expected_code else [])
    assert f"exit-code={expected_code}" in outputs.read_text()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_script_reports_tool_errors(tmp_path):
    env = {
        **os.environ,
        "INPUT_PATHS": "does-not-exist.json",
        "INPUT_SARIF_FILE": str(tmp_path / "r.sarif"),
        "ACTION_PATH": str(REPO),
        "ARM_ORCHLINT": str(_wrapper(tmp_path)),
        "INPUT_ARGS": "--isolated",
    }
    env.pop("GITHUB_OUTPUT", None)
    proc = subprocess.run(
        ["bash", str(REPO / "scripts" / "action-run.sh")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert not (tmp_path / "r.sarif").exists()


# -- pre-commit --------------------------------------------------------------------------
def _hooks() -> list[dict]:
    """A reader for the flat YAML subset the manifest uses (a list of string mappings)."""
    hooks: list[dict] = []
    for raw in (REPO / ".pre-commit-hooks.yaml").read_text().splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        m = re.match(r"^(- |  )([a-z_]+): (.*)$", line)
        assert m, f"unexpected manifest line: {raw!r}"
        if m[1] == "- ":
            hooks.append({})
        hooks[-1][m[2]] = m[3]
    return hooks


def test_pre_commit_manifest():
    hooks = {h["id"]: h for h in _hooks()}
    assert set(hooks) == {"arm-orchlint", "arm-orchlint-config"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
    main = hooks["arm-orchlint"]
    assert main["entry"] == "arm-orchlint"
    files = re.compile(main["files"])
    assert all(files.search(n) for n in ("a.json", "b/c.jsonc", "m.bicep", "p.bicepparam"))
    assert not files.search("x.yaml") and not files.search("a.json.bak")
    assert hooks["arm-orchlint-config"]["pass_filenames"] == "false"
    assert hooks["arm-orchlint-config"]["entry"] == "arm-orchlint ."


def test_pre_commit_hook_runs_like_pre_commit(monkeypatch):
    """pre-commit appends the staged file names to the entry."""
    monkeypatch.chdir(REPO)
    code, out = run_cli(
        str(FIXTURES / "ORCH206" / "good.json"),
        str(FIXTURES / "ORCH002" / "good.json"),
        str(FIXTURES / "ORCH002" / "expected.json"),
    )
    assert code == 0, out


# -- generated docs ----------------------------------------------------------------------
def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_current():
    stale = _gen_docs().stale_files(REPO)
    assert not stale, "stale generated docs (run `python scripts/gen_docs.py`): " + ", ".join(
        str(p.relative_to(REPO)) for p in stale
    )


def test_every_rule_has_a_page_and_a_readme_row():
    readme = (REPO / "README.md").read_text()
    table = readme.split("<!-- rules-table:start -->")[1].split("<!-- rules-table:end -->")[0]
    for path in (REPO / "rules").glob("*.json"):
        rule_id = path.stem
        assert (REPO / "docs" / "rules" / f"{rule_id}.md").is_file()
        assert f"[{rule_id}](docs/rules/{rule_id}.md)" in table


def test_integrations_doc_has_every_surface():
    text = (REPO / "docs" / "integrations.md").read_text()
    for needle in (
        "github/codeql-action/upload-sarif",
        "CodeAnalysisLogs",
        "--format azure",
        ".pre-commit-config.yaml",
        "problemMatcher",
        "SARIF viewer",
    ):
        assert needle in text, needle


# -- the action's lists and single run (issue 15, item 10) --------------------------------
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_lists_with_spaces_and_one_run(tmp_path):
    work = tmp_path / "repo"
    (work / "my infra").mkdir(parents=True)
    shutil.copy(FIXTURES / "ORCH206" / "bad.json", work / "my infra" / "bad.json")
    shutil.copy(FIXTURES / "ORCH206" / "good.json", work / "other.json")
    (work / "my config.toml").write_text('ignore = ["ORCH905"]\n')
    calls = tmp_path / "calls.log"
    sarif = work / "out dir" / "results.sarif"
    env = {
        **os.environ,
        "INPUT_PATHS": "my infra\n  other.json  \n",
        "INPUT_FORMAT": "github",
        "INPUT_PARAMETERS": "",
        "INPUT_FAIL_LEVEL": "",
        "INPUT_SARIF_FILE": str(sarif),
        "INPUT_ARGS": "--config\nmy config.toml\n--select=ORCH2",
        "ACTION_PATH": str(REPO),
        "ARM_ORCHLINT": str(_wrapper(tmp_path, log=calls)),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    env.pop("GITHUB_OUTPUT", None)
    proc = subprocess.run(
        ["bash", str(REPO / "scripts" / "action-run.sh")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("::error file=my infra/bad.json,line=12,")
    assert len(calls.read_text().splitlines()) == 1  # one run writes the log and the SARIF
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("ORCH206", "my%20infra/bad.json")
    ]
    assert (tmp_path / "summary.md").read_text().count("## arm-orchlint") == 1


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is not installed (apt-get install shellcheck)"
)
def test_action_script_passes_shellcheck():
    proc = subprocess.run(["shellcheck", str(REPO / "scripts" / "action-run.sh")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


# -- docs/integrations.md shows only what works today (issue 15, item 11) -------------------
def test_integrations_doc_promises_no_release():
    text = (REPO / "docs" / "integrations.md").read_text()
    for line in text.splitlines():
        for needle in ("pip install arm-orchlint", "rev: v", "@main", "arm-orchlint/arm-orchlint"):
            if needle in line:
                assert "on release" in line or "do not work" in line, line


def test_integrations_doc_commands_run(tmp_path):
    """Every arm-orchlint command line of the doc's CI snippets is accepted (no usage error)."""
    import shlex

    text = (REPO / "docs" / "integrations.md").read_text()
    commands = []
    for line in text.splitlines():
        m = re.match(r"^\s*(?:- (?:run|script): |)(arm-orchlint (?:--|check|infra|\$).*)$", line)
        if m and "<" not in m[1]:
            commands.append(m[1].split(" #")[0].strip())
    assert len(commands) >= 3, commands
    (tmp_path / "infra").mkdir()
    shutil.copy(FIXTURES / "ORCH206" / "good.json", tmp_path / "infra" / "main.json")
    (tmp_path / "CodeAnalysisLogs").mkdir()
    for command in commands:
        command = command.replace("$(Build.ArtifactStagingDirectory)", str(tmp_path)).replace(
            "${workspaceFolder}", str(tmp_path)
        )
        argv = shlex.split(command)[1:]
        proc = subprocess.run(
            [sys.executable, "-m", "arm_orchlint", *argv], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, (command, proc.stderr)
