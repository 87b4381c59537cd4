"""``arm-orchlint lsp``: a Language Server on stdio (the optional ``lsp`` extra).

A thin layer over ``lint/``: editor buffers are linted as the command line lints files
(``lint.text.lint_text``), findings become LSP diagnostics, and the rest (code actions,
hover) reads the same findings, rule catalog and scale-set model.  ``pygls`` and
``lsprotocol`` are imported only here, so the command line never pays for them.
"""
