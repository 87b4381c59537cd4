"""User-defined functions (``func``), compile-time imports and module outputs evaluate to
what the Bicep compiler's own template evaluates to."""

from __future__ import annotations

import json

import pytest

from arm_orchlint.core.values import contains_unknown, is_unknown
from arm_orchlint.evaluation.context import Frame, Run, TemplateContext
from arm_orchlint.evaluation.evaluator import evaluate_value_safely
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.front.bicep.compile import compile_bicep
from arm_orchlint.front.document import Document
from tests.conftest import SHARED

BASELINES = SHARED / "peer" / "bicep-baselines"

# Outputs whose value comes from an ARM JSON file imported at compile time: not read, so unknown.
_JSON_IMPORTS = {("Imports_LF", "magicWord")}


def _outputs(doc: Document) -> dict:
    context = TemplateContext(Run(Limits()), doc, (), doc.data, {}, scope={})
    outputs = doc.data.get("outputs") or {}
    return {
        k: evaluate_value_safely(v.get("value"), Frame(context), ("outputs", k, "value")) for k, v in outputs.items()
    }


def _variables(doc: Document, names) -> dict:
    context = TemplateContext(Run(Limits()), doc, (), doc.data, {}, scope={})
    return {name: context.variable(name) for name in names}


@pytest.mark.parametrize("case", ["Functions_LF", "Imports_LF"])
def test_outputs_equal_the_compilers_template(case):
    folder = BASELINES / case
    if not folder.exists():
        pytest.skip(f"{folder} is not present (the shared reference folder sits beside the checkout in CI)")
    source = folder / "main.bicep"
    ours = compile_bicep(str(source), source.read_text(encoding="utf-8-sig"))
    assert ours.diagnostics == []
    peer = Document(path=str(folder / "main.json"), data=json.loads((folder / "main.json").read_text()), locator=None)
    mine, theirs = _outputs(ours), _outputs(peer)
    compared = 0
    for name, value in theirs.items():
        if contains_unknown(value):
            continue  # a function the evaluator does not have (like(), distinct())
        if (case, name) in _JSON_IMPORTS:
            assert contains_unknown(mine[name])
            continue
        assert mine[name] == value, name
        compared += 1
    # the variables the file declares itself (imported ones carry other names in each template)
    names = [n for n in peer.data.get("variables", {}) if n in ours.data["variables"] and n != "copy"]
    for name, value in _variables(peer, names).items():
        if not contains_unknown(value):
            assert _variables(ours, [name])[name] == value, name
            compared += 1
    assert compared >= 3


def _compile(files: dict, main: str = "/v/main.bicep"):
    def read(path):
        if path not in files:
            raise FileNotFoundError(path)
        return files[path]

    return compile_bicep(main, files[main], read_file=read)


def _output(doc, name):
    return _outputs(doc)[name]


def test_imported_variables_functions_and_namespaces():
    files = {
        "/v/lib/shared.bicep": (
            "@export()\nvar prefix = 'vmss'\nvar hidden = 'x'\n"
            "@export()\nfunc name(env string) string => '${prefix}-${hidden}-${env}'\n"
            "func notExported() int => 1\n"
        ),
        "/v/main.bicep": (
            "import { prefix as p, name } from 'lib/shared.bicep'\nimport * as s from './lib/shared.bicep'\n"
            "var hidden = 'mine'\n"  # the imported file's own 'hidden' does not clash with this one
            "output a string = p\noutput b string = name('dev')\noutput c string = s.name('prod')\n"
            "output d string = hidden\n"
        ),
    }
    doc = _compile(files)
    assert doc.diagnostics == []
    assert _output(doc, "a") == "vmss"
    assert _output(doc, "b") == "vmss-x-dev"
    assert _output(doc, "c") == "vmss-x-prod"
    assert _output(doc, "d") == "mine"


def test_imports_of_imports_and_cycles():
    files = {
        "/v/a.bicep": "import { y } from 'b.bicep'\n@export()\nvar x = '${y}!'\n",
        "/v/b.bicep": "import { x } from 'a.bicep'\n@export()\nvar y = 'why'\n",
        "/v/main.bicep": "import { x } from 'a.bicep'\noutput o string = x\n",
    }
    doc = _compile(files)
    assert _output(doc, "o") == "why!"


def test_a_missing_import_is_a_note_and_its_names_stay_unknown():
    doc = _compile({"/v/main.bicep": "import { x } from 'gone.bicep'\noutput o string = x\n"})
    assert [d.rule_id for d in doc.diagnostics] == ["ORCH904"]
    assert is_unknown(_output(doc, "o"))


def test_a_registry_import_is_silent_and_unknown():
    doc = _compile({"/v/main.bicep": "import { t } from 'br/public:avm/utl/types:0.1.0'\nparam p t\n"})
    assert doc.diagnostics == []


def test_user_function_of_an_unknown_parameter_links_by_origin():
    """Two calls of one function with the same unknown argument give the same name."""
    files = {
        "/v/main.bicep": (
            "param env string\nfunc n(e string) string => 'vmss-${e}'\n"
            "output a string = n(env)\noutput b string = n(env)\n"
        )
    }
    from arm_orchlint.model.links import name_key

    outs = _outputs(_compile(files))
    assert is_unknown(outs["a"]) and name_key(outs["a"]) == name_key(outs["b"]) is not None


def test_module_outputs_are_evaluated_with_the_parameters_passed():
    files = {
        "/v/m.bicep": "param size int = 1\noutput twice int = size * 2\noutput name string = 'n${size}'\n",
        "/v/main.bicep": (
            "module m 'm.bicep' = {\n  name: 'm'\n  params: { size: 21 }\n}\n"
            "output x int = m.outputs.twice\noutput y string = m.outputs.name\n"
        ),
    }
    doc = _compile(files)
    assert _output(doc, "x") == 42
    assert _output(doc, "y") == "n21"


def test_outputs_of_a_module_loop_stay_unknown():
    files = {
        "/v/m.bicep": "param size int = 1\noutput twice int = size * 2\n",
        "/v/main.bicep": (
            "module m 'm.bicep' = [for i in range(0, 2): {\n  name: 'm${i}'\n  params: { size: i }\n}]\n"
            "output x int = m[0].outputs.twice\n"
        ),
    }
    assert is_unknown(_output(_compile(files), "x"))
