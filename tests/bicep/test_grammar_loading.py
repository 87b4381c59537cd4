"""The grammar's extension module is loaded without its package's ``__init__`` (which imports
``importlib.resources`` and its dependencies for query files the linter never reads)."""

import subprocess
import sys

from arm_orchlint.front.bicep import syntax


def test_a_parse_does_not_import_the_grammar_packages_resources():
    code = (
        "import sys\n"
        "from arm_orchlint.front.bicep import syntax\n"
        "assert syntax.parse('var a = 1\\n').statements\n"
        "print('importlib.resources' in sys.modules, 'tree_sitter_bicep' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_package_is_used_when_its_extension_cannot_be_found(monkeypatch):
    import importlib.util

    monkeypatch.delitem(sys.modules, "tree_sitter_bicep._binding", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)  # no spec: the fallback
    binding = syntax._grammar_binding()
    assert binding.__name__ == "tree_sitter_bicep"
    assert callable(binding.language)
