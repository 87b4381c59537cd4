"""``lint.text.lint_text``: lint text as a given path (editor buffers, standard input)."""

from __future__ import annotations

import os

from arm_orchlint.lint.engine import Linter
from arm_orchlint.lint.text import lint_text
from arm_orchlint.rules.registry import Registry

from .conftest import FIXTURES

BAD = (FIXTURES / "ORCH206" / "bad.json").read_text()
GOOD = (FIXTURES / "ORCH206" / "good.json").read_text()


def linter() -> Linter:
    return Linter(Registry.default())


def test_the_text_is_linted_not_the_file(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(GOOD)
    result = lint_text(linter(), str(path), BAD)
    assert [(f.rule_id, f.path, f.line) for f in result.findings] == [("ORCH206", str(path), 12)]
    assert lint_text(linter(), str(path), GOOD).findings == []


def test_the_path_need_not_exist_and_decides_the_front_end(tmp_path):
    bicep = (FIXTURES / "ORCH206" / "bad.bicep").read_text()
    result = lint_text(linter(), str(tmp_path / "new.bicep"), bicep)
    assert result.kind == "bicep" and [f.rule_id for f in result.findings] == ["ORCH206"]
    assert lint_text(linter(), str(tmp_path / "new.json"), '{"name": "x"}').kind == "other"


def module_case(tmp_path):
    (tmp_path / "modules").mkdir()
    module = tmp_path / "modules" / "vmss.bicep"
    module.write_text((FIXTURES / "ORCH206" / "modules" / "vmss.bicep").read_text())
    main = tmp_path / "main.bicep"
    main.write_text((FIXTURES / "ORCH206" / "bad-module.bicep").read_text())
    return main, module


def test_other_buffers_replace_the_disk_and_reads_are_recorded(tmp_path):
    main, module = module_case(tmp_path)
    reads: set[str] = set()
    result = lint_text(linter(), str(main), main.read_text(), reads=reads)
    assert [(f.rule_id, f.path) for f in result.findings] == [("ORCH206", str(module))]
    assert os.path.normcase(str(module)) in reads
    uniform = module.read_text().replace("'Flexible'", "'Uniform'")
    result = lint_text(linter(), str(main), main.read_text(), others={str(module): uniform})
    assert [f.rule_id for f in result.findings if f.rule_id == "ORCH206"] == []
    # the buffers are gone after the lint
    assert [f.rule_id for f in lint_text(linter(), str(main), main.read_text()).findings] == ["ORCH206"]
