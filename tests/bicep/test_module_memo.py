"""A module compiled for one input of a run is reused for the next inputs that use it
(compile._Compiled): every compilation must be exactly what compiling afresh gives, whatever
the order of the inputs, with cycles, syntax errors, ``load*`` files, imports, modules shared
within one compilation and stand-in texts."""

import json
from itertools import permutations

from arm_orchlint.core.overlay import overlaid
from arm_orchlint.front.bicep import compile as C
from arm_orchlint.front.bicep.compile import compile_bicep
from arm_orchlint.front.checkout import remembering_folders

FILES = {
    "a.bicep": "module n 'mods/n.bicep' = {\n  name: 'n'\n}\nmodule m 'mods/m.bicep' = {\n  name: 'm'\n}\n",
    "b.bicep": "module m 'mods/m.bicep' = {\n  name: 'm'\n  params: {\n    size: 3\n  }\n}\n",
    "c.bicep": "module m1 'mods/m.bicep' = {\n  name: 'm1'\n}\nmodule m2 'mods/m.bicep' = {\n  name: 'm2'\n}\n",
    "mods/m.bicep": (
        "import {shared} from 'lib.bicep'\n"
        "param size int = 2\n"
        "// a comment\n"
        "var text = loadTextContent('data.txt')\n"
        "module n 'n.bicep' = {\n  name: 'inner'\n  params: {\n    count: size\n  }\n}\n"
        "module gone 'missing.bicep' = {\n  name: 'gone'\n}\n"
        "output o string = '${text}${shared}'\n"
        "var broken = (\n"
    ),
    "mods/n.bicep": (
        "param count int = 1\n"
        "var t = loadTextContent('../../outside.txt')\n"
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n"
        "  name: 'vmss${count}'\n  location: 'westeurope'\n  properties: {\n    orchestrationMode: 'Flexible'\n  }\n}\n"
    ),
    "mods/lib.bicep": "@export()\nvar shared = 'x'\n",
    "mods/data.txt": "hello",
    "cyc/x.bicep": "module y 'y.bicep' = {\n  name: 'y'\n}\n",
    "cyc/y.bicep": "module x 'x.bicep' = {\n  name: 'x'\n}\nmodule n '../mods/n.bicep' = {\n  name: 'n'\n}\n",
    "cyc/z.bicep": "module y 'y.bicep' = {\n  name: 'y'\n}\n",
    "d.bicep": "module m 'link/m.bicep' = {\n  name: 'm'\n}\n",
}
INPUTS = ["a.bicep", "b.bicep", "c.bicep", "d.bicep", "mods/m.bicep", "cyc/x.bicep", "cyc/y.bicep", "cyc/z.bicep"]


def _tree(tmp_path):
    (tmp_path / ".git").mkdir()  # the checkout: modules may be read from all of it
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "link").symlink_to(tmp_path / "mods", target_is_directory=True)  # (same files, other paths)


def _spans(locator) -> dict:
    out = {repr(p): repr(locator.span(p)) for p in locator.pointers()}
    for pointer, child in locator._mounts.items():
        out["mount " + repr(pointer)] = _spans(child)
    return out


def _dump(doc) -> str:
    return json.dumps(
        {
            "data": doc.data,
            "diagnostics": [(d.rule_id, d.message, repr(d.span), d.pointer, d.severity) for d in doc.diagnostics],
            "spans": _spans(doc.locator),
            "comments": {p: [repr(c) for c in doc.comments.of(p)] for p in doc.comments.paths()},
            "loaded": doc.loaded,
        },
        sort_keys=True,
        default=repr,
    )


def _compile(tmp_path, name: str):
    path = str(tmp_path / name)
    return compile_bicep(path, (tmp_path / name).read_text())


def test_reused_modules_compile_as_afresh_in_any_order(tmp_path, monkeypatch):
    _tree(tmp_path)
    compiled = []
    original = C._Session.compile_file
    monkeypatch.setattr(
        C._Session, "compile_file", lambda self, path, *a: compiled.append(path) or original(self, path, *a)
    )
    fresh = {name: _dump(_compile(tmp_path, name)) for name in INPUTS}  # (no run: nothing kept)
    every = len(compiled)
    for order in list(permutations(INPUTS))[::2999]:
        compiled.clear()
        with remembering_folders():
            for name in order:
                assert _dump(_compile(tmp_path, name)) == fresh[name], (order, name)
        assert len(compiled) < every - 4, order


def test_a_module_is_compiled_once_per_run(tmp_path):
    _tree(tmp_path)
    with remembering_folders():
        first = _compile(tmp_path, "b.bicep")
        second = _compile(tmp_path, "c.bicep")
    template = first.data["resources"]["m"]["properties"]["template"]
    assert second.data["resources"]["m1"]["properties"]["template"] is template
    assert second.data["resources"]["m2"]["properties"]["template"] is template
    assert [d.rule_id for d in second.diagnostics] == [d.rule_id for d in first.diagnostics]
    assert "ORCH908" in [d.rule_id for d in second.diagnostics]  # the module's syntax error, reported again
    assert second.loaded == first.loaded == [("loadTextContent", "hello")]
    with remembering_folders():
        again = _compile(tmp_path, "b.bicep")
    assert again.data["resources"]["m"]["properties"]["template"] is not template  # (a new run)


def test_stand_in_texts_are_never_served_from_an_earlier_compile(tmp_path):
    _tree(tmp_path)
    changed = FILES["mods/n.bicep"].replace("'vmss${count}'", "'other${count}'")
    with remembering_folders():
        _compile(tmp_path, "b.bicep")
        with overlaid({str(tmp_path / "mods/n.bicep"): changed.encode()}):
            doc = _compile(tmp_path, "c.bicep")
    inner = doc.data["resources"]["m1"]["properties"]["template"]["resources"]["n"]["properties"]["template"]
    assert "other" in inner["resources"]["vmss"]["name"]


def test_an_input_that_is_also_a_module_is_compiled_once(tmp_path):
    _tree(tmp_path)
    with remembering_folders():
        module = _compile(tmp_path, "mods/m.bicep")
        user = _compile(tmp_path, "b.bicep")
        again = _compile(tmp_path, "mods/m.bicep")
    assert user.data["resources"]["m"]["properties"]["template"] is module.data
    assert again.data is module.data and _dump(again) == _dump(module)


def test_linting_bicep_inputs_leaves_every_shared_template_as_compiled(monkeypatch):
    """The memo shares compiled templates between documents (an input's template is the
    nested template of the inputs that use it): linting must never change one."""
    import copy

    from arm_orchlint.lint import engine
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.lint.jobs import lint_all
    from arm_orchlint.rules.registry import Registry
    from tests.conftest import FIXTURES

    read = engine.read_input
    seen = []

    def reading(path, raw=None):
        result = read(path, raw)
        if result.doc is not None and result.kind == "bicep":
            seen.append((result.doc, copy.deepcopy(result.doc.data)))
        return result

    monkeypatch.setattr(engine, "read_input", reading)
    paths = sorted(str(p) for p in FIXTURES.rglob("*.bicep"))
    lint_all(Linter(Registry.default()), paths)
    assert len(seen) > 50
    for doc, data in seen:
        assert doc.data == data, doc.path
