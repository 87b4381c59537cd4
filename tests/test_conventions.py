"""Command-line conventions users bring from ruff and cfn-lint (issue 15, items 4-7):
help that shows the lint options, usage errors naming the command typed, a `rules` table
within 100 columns, standard input, colour control, --statistics and repeated --format."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from .conftest import FIXTURES, REPO

BAD = FIXTURES / "ORCH206" / "bad.json"
GOOD = FIXTURES / "ORCH206" / "good.json"
PREVIEW = REPO / "tests" / "data" / "preview-only.json"


def run(*args, stdin=None, env=None, cwd=REPO):
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_STEP_SUMMARY")}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


# -- 4. help, usage errors, rules ------------------------------------------------------------
def test_top_level_help_shows_the_lint_options():
    code, out, _ = run("--help")
    assert code == 0
    assert out.startswith("Usage: arm-orchlint [OPTIONS] PATH...\n")
    for option in ("--format FORMAT[=FILE]", "--select RULES", "--fail-level", "--stdin-filename", "--color"):
        assert option in out, option
    assert "Commands:" in out and "explain" in out


def test_usage_error_names_the_command_typed():
    code, _, err = run("--bogus", BAD)
    assert code == 2
    assert err.startswith("Usage: arm-orchlint [OPTIONS] PATH...\nTry 'arm-orchlint --help' for help.")
    code, _, err = run("check", "--bogus", BAD)
    assert code == 2
    assert err.startswith("Usage: arm-orchlint check [OPTIONS] PATH...\nTry 'arm-orchlint check --help' for help.")


def test_rules_has_a_header_and_fits_100_columns():
    code, out, _ = run("rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "SEVERITY", "MODES", "NAME"]
    assert lines[1].strip() == "SUMMARY"
    assert max(len(line) for line in lines) <= 100
    first = lines[2].split()
    assert first[:2] == ["ORCH001", "error"] and first[-1] == "orchestration-mode-value"


# -- 5. standard input, colour -----------------------------------------------------------------
def test_stdin_with_stdin_filename():
    code, out, err = run("--isolated", "-", "--stdin-filename", "infra/main.json", stdin=BAD.read_bytes())
    assert code == 1, err
    assert out.startswith("infra/main.json:12:9: error: ") and "[ORCH206]" in out.splitlines()[0]


def test_stdin_bicep_reads_modules_next_to_the_named_file():
    source = FIXTURES / "ORCH206" / "bad-module.bicep"
    name = str(source.relative_to(REPO))
    code, out, _ = run("--isolated", "-", "--stdin-filename", name, "--format", "json", stdin=source.read_bytes())
    on_disk = run("--isolated", name, "--format", "json")[1]
    assert code == 1
    assert json.loads(out)["findings"] == json.loads(on_disk)["findings"]


def test_stdin_filename_alone_reads_stdin_and_keeps_path_order():
    assert run("--isolated", "--stdin-filename", "a.json", stdin=BAD.read_bytes())[0] == 1
    code, out, _ = run(
        "--isolated", "-f", "json", GOOD, "-", PREVIEW, "--stdin-filename", "a.json", stdin=BAD.read_bytes()
    )
    data = json.loads(out)
    assert [f["path"] for f in data["files"]] == [str(GOOD), "a.json", str(PREVIEW)]


def test_stdin_filename_without_dash_is_a_usage_error():
    code, _, err = run("--isolated", "--stdin-filename", "a.json", BAD)
    assert code == 2 and "add '-' to the paths" in err


@pytest.mark.parametrize(
    "args,env,coloured",
    [
        ((), {}, False),  # a pipe
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # an explicit option wins
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "0"}, False),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins, as in CPython
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color(args, env, coloured):
    code, out, _ = run("--isolated", *args, BAD, env=env)
    assert code == 1
    assert ("\x1b[31merror\x1b[0m" in out) is coloured


def test_color_never_goes_to_files(tmp_path):
    run("--isolated", "--color", "always", "-f", "json", "-f", f"text={tmp_path / 'out.txt'}", BAD)
    assert "\x1b[" not in (tmp_path / "out.txt").read_text()


# -- 6. --statistics ---------------------------------------------------------------------------
def test_statistics_prints_only_the_counts():
    code, out, _ = run("--isolated", "--statistics", BAD, PREVIEW)
    assert code == 1
    assert out.splitlines() == [
        "1  ORCH002  error    preview-orchestration-mode",
        "1  ORCH206  error    flexible-single-placement-group",
    ]
    assert run("--isolated", "--statistics", GOOD) == (0, "", "")


# -- 7. several outputs from one run -----------------------------------------------------------
def test_repeated_format_writes_every_output_from_one_run(tmp_path):
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    code, out, err = run("--isolated", "-f", "text", "-f", f"sarif={sarif}", "--format", f"junit={junit}", BAD, PREVIEW)
    assert code == 1, err
    assert "Found 2 problems (2 errors) in 2 files.\n" in out
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["ORCH002", "ORCH206"]
    assert len(ET.parse(junit).getroot().findall("testsuite")) == 2


def test_only_file_outputs_print_nothing(tmp_path):
    code, out, _ = run("--isolated", "-f", f"json={tmp_path / 'r.json'}", BAD)
    assert code == 1 and out == ""
    assert json.loads((tmp_path / "r.json").read_text())["findings"][0]["rule"] == "ORCH206"


def test_plain_format_goes_to_output(tmp_path):
    code, out, _ = run("--isolated", "-f", "json", "-o", tmp_path / "a.json", "-f", f"text={tmp_path / 'a.txt'}", BAD)
    assert code == 1 and out == ""
    assert json.loads((tmp_path / "a.json").read_text())["findings"]
    assert (tmp_path / "a.txt").read_text().startswith(f"{BAD}:12:9: error:")


@pytest.mark.parametrize(
    "formats,message",
    [
        (["-f", "text", "-f", "json"], "text and json both go to standard output"),
        (["-f", "txt"], "unknown format 'txt' (did you mean 'text'?)"),
        (["-f", "sarif="], "give a file name after '='"),
        (["-f", "sarif=x.sarif", "-f", "json=x.sarif"], "x.sarif is named more than once"),
    ],
)
def test_bad_format_values_are_usage_errors(formats, message, tmp_path):
    code, out, err = run("--isolated", *formats, BAD, cwd=tmp_path)
    assert code == 2 and out == ""
    assert message in err
    assert not (tmp_path / "x.sarif").exists()
