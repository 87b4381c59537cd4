"""docs/migration.md shows real output: every ``console`` block is run again, in order, on a
copy of the quickstart it names, and must print exactly what the page shows
(``python scripts/refresh_migration_doc.py`` rewrites the page)."""

import importlib.util

from ..conftest import CORPUS, REPO, needs_shared

QUICKSTART = (
    CORPUS / "files/anthony-c-martin__azure-quickstart-templates/201-vmss-windows-webapp-dsc-autoscale/azuredeploy.json"
)


def _script():
    spec = importlib.util.spec_from_file_location(
        "refresh_migration_doc", REPO / "scripts" / "refresh_migration_doc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_shared(QUICKSTART)
def test_the_migration_guide_shows_what_the_commands_print():
    script = _script()
    text = script.PAGE.read_text(encoding="utf-8")
    assert len(script.BLOCK.findall(text)) >= 5
    assert script.refreshed(text, QUICKSTART) == text, "run python scripts/refresh_migration_doc.py"
