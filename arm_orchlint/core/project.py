"""Where the project lives, from the one place it is set: ``[project.urls]`` in
pyproject.toml, read back from the installed package's metadata.

SARIF's ``informationUri`` and each rule's ``helpUri`` are built from it.  When the
metadata names no URL (the project has no public home yet, or runs from a bare source
tree) the links are left out rather than pointing at a made-up address.
"""

from __future__ import annotations

DISTRIBUTION = "arm-orchlint"
_KEYS = ("repository", "source", "homepage")  # preferred first; compared case-insensitively


def project_url() -> str | None:
    """The project's address (no trailing slash), or None; read once per process."""
    if _CACHE:
        return _CACHE[0]
    _CACHE.append(_read_project_url())
    return _CACHE[0]


_CACHE: list = []


def _read_project_url() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, metadata  # ~10 ms: only when asked
    except ImportError:  # pragma: no cover
        return None
    try:
        meta = metadata(DISTRIBUTION)
    except PackageNotFoundError:
        return None
    urls: dict[str, str] = {}
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    for key in _KEYS:
        if urls.get(key):
            return urls[key].rstrip("/")
    home = meta.get("Home-page")
    return home.rstrip("/") if home else None


def rule_page(rule_id: str, base: str | None) -> str | None:
    """The rule's page in the repository's docs/rules/ folder, when the repository is known."""
    return f"{base}/blob/main/docs/rules/{rule_id}.md" if base else None
