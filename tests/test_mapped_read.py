"""A large input is decoded from a read-only mapping of the file (front/files.py
``read_bytes(mapped=True)``): the text, every read error and the findings must be those of
the plain read."""

from __future__ import annotations

import json
import mmap
from pathlib import Path

import pytest

from arm_orchlint.front import files
from arm_orchlint.front.json.load import ReadError, decode_bytes

TEMPLATE = json.dumps(
    {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2024-03-01",
                "name": "vmss-é",
                "location": "westeurope",
                "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": True},
            }
        ],
    },
    indent=2,
    ensure_ascii=False,
)

CONTENTS = {
    "utf8": TEMPLATE.encode("utf-8"),
    "utf8-bom": b"\xef\xbb\xbf" + TEMPLATE.encode("utf-8"),
    "utf16-le": TEMPLATE.encode("utf-16"),
    "utf16-be-bom": b"\xfe\xff" + TEMPLATE.encode("utf-16-be"),
    "utf16-bad": b"\xff\xfe" + b"a\x00\x00\xd8",
    "nul-near-start": b'{"a": 1}\x00' + b" " * 100,
    "nul-far-on": b"{" + b" " * 9000 + b'"a": "\x00"}',
    "bad-utf8-middle": TEMPLATE.encode("utf-8")[:40] + b"\xff\n\xfe" + TEMPLATE.encode("utf-8")[40:],
    "bad-utf8-end": TEMPLATE.encode("utf-8") + b"\n\xc3",
    "non-ascii-only": "ÿ€😀\n".encode() * 50,
}


def _decoded(raw):
    try:
        return "text", decode_bytes(raw)
    except ReadError as exc:
        return "error", (exc.message, exc.line, exc.col)


@pytest.fixture
def map_everything(monkeypatch):
    monkeypatch.setattr(files, "MAP_FROM_BYTES", 1)


@pytest.mark.parametrize("name", sorted(CONTENTS))
def test_a_mapped_file_decodes_as_its_bytes(tmp_path: Path, map_everything, name):
    path = tmp_path / "t.json"
    path.write_bytes(CONTENTS[name])
    mapped = files.read_bytes(str(path), mapped=True)
    assert isinstance(mapped, mmap.mmap)
    assert _decoded(mapped) == _decoded(CONTENTS[name])
    assert mapped.closed  # decoded once, then let go


def test_small_empty_and_too_large_files_are_read(tmp_path: Path, monkeypatch):
    small = tmp_path / "small.json"
    small.write_bytes(CONTENTS["utf8"])
    assert files.read_bytes(str(small), mapped=True) == CONTENTS["utf8"]  # under MAP_FROM_BYTES
    monkeypatch.setattr(files, "MAP_FROM_BYTES", 0)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert files.read_bytes(str(empty), mapped=True) == b""  # (mmap cannot map an empty file)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    big = files.read_bytes(str(small), mapped=True)
    assert big == CONTENTS["utf8"][:11]  # one past the limit, for the caller to report


@pytest.mark.parametrize("name", ["utf8", "utf8-bom", "utf16-le", "bad-utf8-middle"])
def test_linting_a_mapped_file_finds_what_its_bytes_give(tmp_path: Path, map_everything, name):
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.rules.registry import Registry

    path = tmp_path / "t.json"
    path.write_bytes(CONTENTS[name])
    linter = Linter(Registry.default())

    def shown(result):
        return [(f.rule_id, f.message, f.span) for f in result.findings]

    from_file = shown(linter.lint_file(str(path)))
    assert from_file == shown(linter.lint_file(str(path), raw=CONTENTS[name]))
    assert from_file  # (the template has findings, or the bad bytes a read error)
