"""Linting never changes the parsed document: ORCH909's shortcut (lint/duplicates.py) and the
locator's member search (front/json/locate.py) compare the text with ``doc.data`` and trust
that it is still what the text parses to."""

import copy
from pathlib import Path

from arm_orchlint.lint import engine
from arm_orchlint.lint.engine import Linter
from arm_orchlint.rules.registry import Registry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_linting_the_fixtures_leaves_every_parsed_document_as_read(monkeypatch):
    read = engine.read_input
    seen = []

    def reading(path, raw=None):
        result = read(path, raw)
        if result.doc is not None:
            seen.append((result.doc, copy.deepcopy(result.doc.data)))
        return result

    monkeypatch.setattr(engine, "read_input", reading)
    linter = Linter(Registry.default())
    paths = sorted(p for p in FIXTURES.rglob("*.json") if not p.name.startswith("expected"))
    assert len(paths) > 100
    for path in paths:
        linter.lint_file(str(path))
    assert len(seen) > 100
    for doc, data in seen:
        assert doc.data == data, doc.path
