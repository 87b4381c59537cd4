"""Issue 14 items 2 and 3: no code from the checkout, rule files confined.

The checkout under review holds a configuration, rule folders, Python modules and a
``*.dist-info`` folder; the linter runs in it as CI runs it (``python -m arm_orchlint`` with
the checkout as the current folder, and with ``PYTHONPATH=.``).  A module of the checkout
that gets imported leaves a marker file, so "no code ran" is checked, not assumed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import FIXTURES

CANARY = "canary-51c0ffee"
BAD = FIXTURES / "ORCH206" / "bad.json"
MARKER_CODE = "import pathlib\npathlib.Path(__file__).with_name('IMPORTED').write_text('x')\n"


def rule(rule_id: str, check: dict) -> dict:
    return {
        "id": rule_id,
        "name": f"team-{rule_id.lower()}",
        "severity": "warning",
        "modes": ["Flexible"],
        "resource": "Microsoft.Compute/virtualMachineScaleSets",
        "summary": "A team rule.",
        "explanation": "Team policy.\n\nBad:\n```json\n{}\n```\n\nGood:\n```json\n{}\n```\n",
        "sources": [{"title": "team handbook", "url": "https://example.invalid/"}],
        "check": check,
    }


DECLARATIVE = {"schema": {"required": ["zones"]}, "message": "zones are missing: {path}"}


@pytest.fixture
def checkout(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "rules").mkdir()
    (repo / "evilmod.py").write_text(
        MARKER_CODE + "def check(ss, model):\n    return ()\ndef rules():\n    return []\n"
    )
    (repo / "t.json").write_bytes(BAD.read_bytes())
    return repo


def run(cwd, *args, env=None) -> subprocess.CompletedProcess:
    full = dict(os.environ, **(env or {}))
    full.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *args], cwd=cwd, capture_output=True, timeout=60, env=full
    )


def one_error_line(proc) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, (proc.returncode, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("arm-orchlint: error:"), err
    assert "Traceback" not in err and CANARY not in err and CANARY not in proc.stdout.decode()
    return lines[0]


def test_discovered_config_loads_declarative_rules_only(checkout):
    (checkout / ".arm-orchlint.toml").write_text('rule-dirs = ["rules"]\n')
    (checkout / "rules" / "TEAM001.json").write_text(json.dumps(rule("TEAM001", {"python": "evilmod:check"})))
    line = one_error_line(run(checkout, "t.json"))
    assert "TEAM001.json" in line and "declarative only" in line
    assert not (checkout / "IMPORTED").exists()
    # a declarative rule from the same place is fine
    (checkout / "rules" / "TEAM001.json").write_text(json.dumps(rule("TEAM001", DECLARATIVE)))
    proc = run(checkout, "--format", "json", "t.json")
    assert "TEAM001" in {f["rule"] for f in json.loads(proc.stdout)["findings"]}


def test_discovered_config_cannot_allow_plugins(checkout):
    (checkout / ".arm-orchlint.toml").write_text('rule-dirs = ["rules"]\nallow-plugins = true\n')
    (checkout / "rules" / "TEAM001.json").write_text(json.dumps(rule("TEAM001", {"python": "evilmod:check"})))
    proc = run(checkout, "t.json")
    assert proc.returncode == 2 and b"allow-plugins is read only from a file named by --config" in proc.stderr
    assert not (checkout / "IMPORTED").exists()


@pytest.mark.parametrize("pythonpath", [False, True])
def test_dist_info_in_the_checkout_is_not_loaded(checkout, pythonpath):
    dist = checkout / "evil-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[arm_orchlint.rules]\nevil = evilmod:rules\n")
    proc = run(checkout, "--format", "json", "t.json", env={"PYTHONPATH": "."} if pythonpath else None)
    assert proc.returncode == 1, proc.stderr
    json.loads(proc.stdout)  # nothing printed into the report
    assert not (checkout / "IMPORTED").exists()


def test_python_m_does_not_import_modules_of_the_checkout(checkout):
    # a module named like a dependency, in the folder `python -m` would put first on sys.path
    (checkout / "json.py").write_text(MARKER_CODE)
    proc = run(checkout, "--format", "json", "t.json")
    assert proc.returncode == 1, proc.stderr
    assert not (checkout / "IMPORTED").exists()


@pytest.fixture
def plugin_site(tmp_path):
    """An installed plugin (outside the checkout) whose rule names a check elsewhere."""
    site = tmp_path / "site"
    pkg = site / "acme_rules"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    dist = site / "acme_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[arm_orchlint.rules]\nacme = acme_rules:get_rules\n")
    return site


@pytest.mark.parametrize("target", ["this:x", "json:dumps", "evilmod:check"])
def test_a_plugin_check_must_be_in_its_own_package(checkout, plugin_site, target):
    (plugin_site / "acme_rules" / "__init__.py").write_text(
        f"def get_rules():\n    return [{rule('ACME001', {'python': target})!r}]\n"
    )
    proc = run(checkout, "--allow-plugins", "t.json", env={"PYTHONPATH": str(plugin_site)})
    line = one_error_line(proc)
    assert "outside the plugin's own package" in line
    assert b"Zen of Python" not in proc.stdout + proc.stderr
    assert not (checkout / "IMPORTED").exists()


def test_a_broken_rule_is_one_tool_error_at_load_time(checkout, tmp_path):
    rules = tmp_path / "team-rules"
    rules.mkdir()
    (rules / "TEAM001.json").write_text(json.dumps(rule("TEAM001", {"python": "no_such_module_q:check"})))
    config = tmp_path / "team.toml"
    config.write_text(f'rule-dirs = ["{rules}"]\nallow-plugins = true\n')
    line = one_error_line(run(checkout, "--config", str(config), "--format", "json", "t.json"))
    assert "TEAM001" in line and "cannot load check" in line


@pytest.mark.parametrize(
    "message", ["{value.__class__}", "{value.__class__.__mro__}", "{value[0]}", "{other}", "{value:{mode}}", "{"]
)
def test_declarative_messages_name_placeholders_only(checkout, message):
    (checkout / ".arm-orchlint.toml").write_text('rule-dirs = ["rules"]\n')
    check = dict(DECLARATIVE, message=message)
    (checkout / "rules" / "TEAM001.json").write_text(json.dumps(rule("TEAM001", check)))
    line = one_error_line(run(checkout, "t.json"))
    assert "TEAM001" in line and "message" in line


@pytest.mark.skipif(os.name == "nt", reason="symlinks and FIFOs")
def test_rule_files_are_confined_regular_and_small(checkout, tmp_path):
    (checkout / ".arm-orchlint.toml").write_text('rule-dirs = ["rules"]\n')
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({CANARY: CANARY}))
    link = checkout / "rules" / "A001.json"
    link.symlink_to(secret)
    line = one_error_line(run(checkout, "t.json"))
    assert "A001.json" in line and "outside the checkout" in line
    link.unlink()
    os.mkfifo(checkout / "rules" / "A001.json")
    line = one_error_line(run(checkout, "t.json"))
    assert "not a regular file" in line
    os.unlink(checkout / "rules" / "A001.json")
    (checkout / "rules" / "A001.json").write_text(" " * (2 * 1024 * 1024))
    assert "larger than" in one_error_line(run(checkout, "t.json"))
    # an invalid rule file: named, its keys and values never printed
    (checkout / "rules" / "A001.json").write_text(json.dumps({"id": CANARY, CANARY: 1}))
    assert "A001.json: invalid rule" in one_error_line(run(checkout, "t.json"))


def test_rules_and_explain_accept_isolated(checkout):
    (checkout / ".arm-orchlint.toml").write_text('rule-dirs = ["rules"]\n')
    (checkout / "rules" / "TEAM001.json").write_text(json.dumps(rule("TEAM001", {"python": "evilmod:check"})))
    for command in (["rules"], ["explain", "ORCH206"]):
        assert run(checkout, *command).returncode == 2
        proc = run(checkout, *command, "--isolated")
        assert proc.returncode == 0, proc.stderr
    assert not (checkout / "IMPORTED").exists()


def test_isolated_and_allow_plugins_conflict(checkout):
    proc = run(checkout, "--isolated", "--allow-plugins", "t.json")
    assert proc.returncode == 2 and b"cannot be used together" in proc.stderr
