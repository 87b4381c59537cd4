"""Issue 14 items 1 and 10: files a template names are read only inside the checkout.

Each test builds a checkout (a folder with ``.git/config``) holding a hostile pull request
and an "outside" folder beside it, runs the real command line in a subprocess with a secret
canary in its environment, and checks what comes out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

CANARY = "canary-7f3e9b2d51a8"
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX paths, symlinks and FIFOs")


def vmss(mode: str) -> str:
    return f"""
resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {{
  name: 'vmss'
  location: 'westeurope'
  sku: {{ name: 'Standard_D2s_v5', capacity: 2 }}
  properties: {{
    orchestrationMode: {mode}
    platformFaultDomainCount: 1
  }}
}}
"""


@pytest.fixture
def checkout(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text(
        f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {CANARY}\n'
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{CANARY}-secret-file")
    (outside / "mod.bicep").write_text(f"this is not bicep {CANARY}\n" + vmss("'Flex'"))
    (outside / "linked.json").write_text(arm_template(f'"{CANARY}"'))
    return repo


def arm_template(mode_json: str, extra_resources: str = "") -> str:
    return (
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",'
        ' "contentVersion": "1.0.0.0", "resources": [' + extra_resources + '{"type": '
        '"Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "s", "location": "w",'
        ' "sku": {"name": "Standard_D2s_v5", "capacity": 2}, "properties": {"orchestrationMode": '
        + mode_json
        + ', "platformFaultDomainCount": 1}}]}'
    )


def linked(relative: str) -> str:
    return (
        '{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "d",'
        ' "properties": {"mode": "Incremental", "templateLink": {"relativePath": ' + json.dumps(relative) + "}}},"
    )


def run(cwd, *args, timeout=60) -> tuple[int, str, dict]:
    env = dict(os.environ, ARM_ORCHLINT_CANARY=CANARY)
    env.pop("GITHUB_STEP_SUMMARY", None)
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert CANARY not in out and CANARY not in err, "a secret reached the output"
    assert "Traceback" not in err, err
    return proc.returncode, err, json.loads(out)


def notes(doc: dict, rule: str = "ORCH911") -> list[dict]:
    return [f for f in doc["findings"] if f["rule"] == rule]


@POSIX
@pytest.mark.parametrize("function", ["loadTextContent", "loadJsonContent", "loadYamlContent", "loadFileAsBase64"])
def test_load_functions_cannot_read_the_environment(checkout, function):
    (checkout / "main.bicep").write_text(vmss(f"{function}('/proc/self/environ')"))
    code, _, doc = run(checkout, "main.bicep")
    [note] = notes(doc)
    assert note["severity"] == "note" and note["line"] == 7
    assert "is outside the checkout; not read" in note["message"]
    assert not [f for f in doc["findings"] if f["severity"] == "error"]  # the value is unknown


@POSIX
def test_git_credentials_are_not_read(checkout):
    (checkout / "infra").mkdir()
    (checkout / "infra" / "main.bicep").write_text(vmss("loadTextContent('../.git/config')"))
    code, _, doc = run(checkout, ".")
    [note] = notes(doc)
    assert "inside the .git folder" in note["message"]


@POSIX
def test_symlinked_file_and_folder_are_resolved_first(checkout, tmp_path):
    (checkout / "data.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (checkout / "modules").symlink_to(tmp_path / "outside", target_is_directory=True)
    (checkout / "main.bicep").write_text(
        vmss("loadTextContent('data.txt')") + "\nmodule m 'modules/mod.bicep' = { name: 'm' }\n"
    )
    code, _, doc = run(checkout, "main.bicep")
    messages = sorted(n["message"] for n in notes(doc))
    assert len(messages) == 2 and all("outside the checkout" in m for m in messages)


@POSIX
def test_module_outside_never_prints_its_tokens(checkout):
    (checkout / "main.bicep").write_text(
        "module a '/etc/passwd' = { name: 'a' }\nmodule b '../outside/mod.bicep' = { name: 'b' }\n"
    )
    code, _, doc = run(checkout, "main.bicep")
    assert len(notes(doc)) == 2
    assert not [f for f in doc["findings"] if f["rule"] == "ORCH908"]  # no syntax error of a file not read
    assert "root:" not in json.dumps(doc)


@POSIX
def test_linked_template_outside_is_a_note_at_the_reference(checkout):
    (checkout / "main.json").write_text(arm_template('"Flexible"', linked("../outside/linked.json")))
    code, _, doc = run(checkout, "main.json")
    [note] = notes(doc)
    assert not notes(doc, "ORCH904")  # one note, not also "not found"
    assert note["propertyPath"].endswith("templateLink.relativePath")
    assert "linked template '../outside/linked.json' is outside the checkout" in note["message"]


@POSIX
def test_bicepparam_using_outside_is_not_read(checkout):
    (checkout / "main.bicepparam").write_text("// values\nusing '../outside/mod.bicep'\n")
    code, _, doc = run(checkout, "main.bicepparam")
    [note] = notes(doc)
    assert note["line"] == 2 and "outside the checkout" in note["message"]
    assert not [f for f in doc["findings"] if f["rule"] == "ORCH908"]


@POSIX
def test_a_walked_symlink_to_a_secret_is_not_read(checkout, tmp_path):
    (checkout / "evil.bicep").symlink_to(tmp_path / "outside" / "mod.bicep")
    code, _, doc = run(checkout, ".")
    [note] = notes(doc)
    assert "outside the checkout" in note["message"]


@POSIX
def test_root_option_widens_the_checkout(checkout, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "mod.bicep").write_text(vmss("'Flex'"))
    (checkout / "main.bicep").write_text("module b '../shared/mod.bicep' = { name: 'b' }\n")
    code, _, doc = run(checkout, "main.bicep")
    assert len(notes(doc)) == 1
    code, _, doc = run(tmp_path, "--root", str(tmp_path), "repo/main.bicep")
    assert not notes(doc)
    assert [f["rule"] for f in doc["findings"]] == ["ORCH001"]  # read now: the module's own finding


@POSIX
def test_fifo_and_devices_never_hang(checkout):
    os.mkfifo(checkout / "pipe.txt")
    os.mkfifo(checkout / "pipe.bicep")
    (checkout / "zero.txt").symlink_to("/dev/zero")
    (checkout / "main.bicep").write_text(
        vmss("loadTextContent('pipe.txt')")
        + "\nvar z = loadTextContent('zero.txt')\nvar s = loadTextContent('/dev/stdin')\n"
        + "module m 'pipe.bicep' = { name: 'm' }\n"
    )
    start = time.monotonic()
    code, _, doc = run(checkout, "main.bicep", timeout=30)
    assert time.monotonic() - start < 20
    messages = sorted(n["message"] for n in notes(doc))
    assert len(messages) == 4
    assert sum("not a regular file" in m for m in messages) == 2
    assert sum("outside the checkout" in m for m in messages) == 2


def test_loaded_content_never_fills_a_message(checkout):
    (checkout / "mode.txt").write_text("Flexible-but-actually-a-very-long-script-body\n")
    (checkout / "main.bicep").write_text(vmss("loadTextContent('mode.txt')"))
    code, _, doc = run(checkout, "main.bicep")
    [finding] = [f for f in doc["findings"] if f["rule"] == "ORCH001"]
    assert "'Flexible-but…' (from loadTextContent)" in finding["message"]
    assert "very-long-script" not in finding["message"]


def test_module_fan_out_is_capped_and_shared(checkout):
    levels = 25
    for level in range(levels):
        nxt = f"m{level + 1}.bicep"
        body = (
            f"module a '{nxt}' = {{ name: 'a{level}' }}\nmodule b '{nxt}' = {{ name: 'b{level}' }}\n"
            if level + 1 < levels
            else vmss("'Flexible'")
        )
        (checkout / f"m{level}.bicep").write_text(body)
    start = time.monotonic()
    code, _, doc = run(checkout, "m0.bicep", timeout=60)
    assert time.monotonic() - start < 10
    assert [f for f in doc["findings"] if f["rule"] == "ORCH901"]


def test_linked_template_fan_out_is_capped(checkout):
    levels = 8
    for level in range(levels):
        links = "".join(linked(f"t{level + 1}.json") for _ in range(4)) if level + 1 < levels else ""
        (checkout / f"t{level}.json").write_text(arm_template('"Flexible"', links))
    start = time.monotonic()
    code, _, doc = run(checkout, "t0.json", timeout=60)
    assert time.monotonic() - start < 10
    assert [f for f in doc["findings"] if f["rule"] == "ORCH901" and "nested deployments in all" in f["message"]]


def test_unclosed_brackets_are_refused_before_parsing(checkout):
    (checkout / "deep.bicep").write_text("var x = " + "(" * 200_000 + "\n")
    (checkout / "main.bicep").write_text("module m 'deep.bicep' = { name: 'm' }\n")
    start = time.monotonic()
    code, _, doc = run(checkout, "deep.bicep", "main.bicep", timeout=60)
    assert time.monotonic() - start < 5
    assert [f for f in doc["findings"] if f["rule"] == "ORCH900" and "nests deeper" in f["message"]]


@POSIX
def test_compile_time_import_outside_is_not_read(checkout):
    (checkout / "../outside/shared.bicep").write_text(f"@export()\nvar mode = 'Uniform' // {CANARY}\n")
    (checkout / "main.bicep").write_text(
        "import { mode } from '../outside/shared.bicep'\nimport * as s from '/etc/passwd.bicep'\n" + vmss("mode")
    )
    code, _, doc = run(checkout, "main.bicep")
    assert len(notes(doc)) == 2 and all("outside the checkout" in n["message"] for n in notes(doc))
    assert CANARY not in json.dumps(doc)
    assert not [f for f in doc["findings"] if f["severity"] == "error"]  # the imported mode stays unknown
