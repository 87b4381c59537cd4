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
    import importlib.machinery

    monkeypatch.delitem(sys.modules, "tree_sitter_bicep._binding", raising=False)
    monkeypatch.setattr(importlib.machinery, "EXTENSION_SUFFIXES", [])  # no file found: the fallback
    binding = syntax._grammar_binding()
    assert binding.__name__ == "tree_sitter_bicep"
    assert callable(binding.language)


def test_a_parse_does_not_import_tree_sitters_package_or_typing():
    # -S with the package's and tree-sitter's folders on the path: an editable install's
    # import hook imports typing itself
    import os

    import tree_sitter

    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(syntax.__file__))))
    site = os.path.dirname(os.path.dirname(tree_sitter.__file__))
    code = (
        f"import sys; sys.path[:0] = [{repo!r}, {site!r}]\n"
        "from arm_orchlint.front.bicep import syntax\n"
        "assert syntax.parse('var a = 1\\n').statements\n"
        "print('tree_sitter' in sys.modules, 'typing' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_tree_sitters_package_is_used_when_its_extension_cannot_be_found(monkeypatch):
    import importlib.machinery

    monkeypatch.delitem(sys.modules, "tree_sitter._binding", raising=False)
    monkeypatch.setattr(importlib.machinery, "EXTENSION_SUFFIXES", [])
    module = syntax._tree_sitter()
    assert module.__name__ == "tree_sitter" and callable(module.Parser) and callable(module.Language)
