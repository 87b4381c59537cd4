"""Seeded byte-level mutations of the real corpus: every run ends with exit 0 or 1 and
valid output in every format.

By default a sample of the corpus gets 2 mutations per file (CI size); set
``ARM_ORCHLINT_MUTATIONS=full`` for 20 mutations of every file.
"""

import json
import os
import random
import xml.etree.ElementTree as ET

import pytest

from arm_orchlint.lint.engine import Linter
from arm_orchlint.report import ReportContext, render
from arm_orchlint.rules.registry import Registry

from .conftest import CORPUS, SHARED, needs_shared

pytestmark = needs_shared(CORPUS)

FULL = os.environ.get("ARM_ORCHLINT_MUTATIONS") == "full"
PER_FILE = 20 if FULL else 2
SAMPLE = None if FULL else 40
INSERTS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b",",
    b":",
    b"\\",
    b"\x00",
    b"\xff",
    b"[[",
    b'"[',
    b"(",
    b"/*",
    b"\r\n",
    b"<<<<<<< HEAD\n",
]


def mutate(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 3)):
        if not data:
            return bytes(rng.choice(INSERTS))
        op = rng.choice(("flip", "delete", "truncate", "insert", "insert"))
        at = rng.randrange(len(data))
        if op == "flip":
            data[at] ^= 1 << rng.randrange(8)
        elif op == "delete":
            del data[at : at + rng.randint(1, 16)]
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = rng.choice(INSERTS)
    return bytes(data)


def corpus_files():
    files = sorted(
        p
        for p in (CORPUS / "files").rglob("*")
        if p.is_file() and p.suffix.lower() in (".json", ".jsonc", ".bicep", ".bicepparam")
    )
    if SAMPLE is not None:
        files = random.Random(8).sample(files, min(SAMPLE, len(files)))
    return files


@pytest.fixture(scope="module")
def sarif_validator():
    import jsonschema

    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def test_mutated_corpus_files_give_findings_and_valid_output(tmp_path, capsys, sarif_validator):
    registry = Registry.default()
    linter = Linter(registry)
    context = ReportContext(registry=registry, version="test", root=str(tmp_path))
    runs = 0
    for path in corpus_files():
        raw = path.read_bytes()
        rng = random.Random(f"{path.name}:{len(raw)}")
        for n in range(PER_FILE):
            target = tmp_path / f"m{n}{path.suffix}"
            target.write_bytes(mutate(raw, rng))
            label = f"{path.relative_to(CORPUS)} mutation {n}"
            result = linter.lint_job(str(target))  # the CLI's per-file entry point
            out = {fmt: render(fmt, [result], context) for fmt in ("json", "sarif", "junit", "text", "github", "azure")}
            json.loads(out["json"])
            errors = list(sarif_validator.iter_errors(json.loads(out["sarif"])))
            assert not errors, (label, errors[0].message)
            ET.fromstring(out["junit"])
            err = capsys.readouterr().err
            assert "internal error" not in err, (label, err)
            runs += 1
    assert runs == len(corpus_files()) * PER_FILE
