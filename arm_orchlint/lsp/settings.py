"""Editor settings: ``initializationOptions`` and ``workspace/didChangeConfiguration``.

Either may hold the settings directly or under an ``arm-orchlint`` (or ``armOrchlint``)
key.  They override the workspace configuration file the way command-line options do:

* ``select``, ``ignore``: rule ids, id prefixes or names (a list or a comma-separated string);
  given, they replace the configuration file's lists;
* ``severity``: ``{rule: "error" | "warning" | "note"}``, on top of the file's table;
* ``debounceMs``: how long to wait after an edit that follows a lint closely (default 150);
* ``against``: a git revision (``HEAD``, ``origin/main``): the version-diff rules compare
  the buffer with the file at that revision, as ``--against`` does.
"""

from __future__ import annotations

from arm_orchlint.core.findings import SEVERITIES
from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

DEFAULT_DEBOUNCE_MS = 150
_SECTIONS = ("arm-orchlint", "armOrchlint", "arm_orchlint")


@dataclass
class Settings:
    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: dict[str, str] = field(default_factory=dict)
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    against: str | None = None
    problems: list[str] = field(default_factory=list)  # settings that were not understood


def _rules(value, name: str, problems: list[str]) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{name}: expected a list of rule ids or names")
        return None
    out = [part.strip() for v in value for part in v.split(",") if part.strip()]
    return out or None


def parse_settings(raw) -> Settings:
    """Settings from a client's object; anything unusable is named in ``problems``."""
    settings = Settings()
    if not isinstance(raw, dict):
        return settings
    for section in _SECTIONS:
        if isinstance(raw.get(section), dict):
            raw = raw[section]
            break
    problems = settings.problems
    settings.select = _rules(raw.get("select"), "select", problems)
    settings.ignore = _rules(raw.get("ignore"), "ignore", problems)
    severity = raw.get("severity")
    if isinstance(severity, dict):
        for rule, level in severity.items():
            if isinstance(level, str) and level.lower() in SEVERITIES:
                settings.severity[str(rule)] = level.lower()
            else:
                problems.append(f"severity.{rule}: expected one of {', '.join(SEVERITIES)}")
    elif severity is not None:
        problems.append("severity: expected a table of rule -> level")
    against = raw.get("against")
    if isinstance(against, str) and against.strip():
        settings.against = against.strip()
    elif against not in (None, ""):
        problems.append("against: expected a git revision")
    debounce = raw.get("debounceMs")
    if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 10_000:
        settings.debounce_ms = int(debounce)
    elif debounce is not None:
        problems.append("debounceMs: expected a number of milliseconds (0 to 10000)")
    return settings
