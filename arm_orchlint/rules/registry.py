"""The rule catalog: one JSON file per rule, validated, with its check attached.

Everything user-facing about a rule (listing, ``explain``, SARIF metadata, docs) is read
from the catalog here; nothing else keeps a second copy.
"""

from __future__ import annotations

import importlib
import json
import os
from functools import cache

from arm_orchlint.core.data import data_folder, read_schema
from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up

if TYPE_CHECKING:  # pathlib is imported only where it is used, to keep start-up short
    from collections.abc import Callable
    from typing import Any


class CatalogError(Exception):
    """A rule file is invalid: a tool error (exit 2), never a silent skip."""


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    modes: list[str]
    summary: str
    explanation: str
    sources: list[dict]
    check: dict
    resource: str | None = None
    tags: list[str] = field(default_factory=list)
    seed: str | None = None
    facts: list[str] = field(default_factory=list)
    fix: dict | None = None  # {"title", "safe", and "set" | "remove" | "python"}: see rules/fixes.py
    migration: str | None = None  # what to do instead, when moving a set to a mode where this rule fires
    origin: str = "builtin"
    _func: Callable | None = None
    _fix_func: Callable | None = None

    @property
    def is_declarative(self) -> bool:
        return "schema" in self.check

    @property
    def is_builtin_finding(self) -> bool:
        """Rules reported by the tool itself (parse errors, limits), not by a check."""
        return "builtin" in self.check

    @property
    def is_diff(self) -> bool:
        """Rules that compare two versions of a template (run by ``arm_orchlint.diff.compare``)."""
        return self.check.get("diff") is True

    def function(self) -> Callable:
        if self._func is None:
            target = self.check["python"]
            module_name, _, func_name = target.partition(":")
            if "." not in module_name:
                module_name = f"arm_orchlint.rules.checks.{module_name}"
            try:
                module = importlib.import_module(module_name)
                self._func = getattr(module, func_name)
            except (ImportError, AttributeError) as exc:
                raise CatalogError(f"rule {self.id}: cannot load check {target!r}: {exc}") from None
        return self._func

    def fix_function(self) -> Callable:
        """The ``python`` fix of the catalog entry: ``f(hit, model, spec) -> Plan | None``."""
        if self._fix_func is None:
            target = self.fix["python"]
            module_name, _, func_name = target.partition(":")
            if "." not in module_name:
                module_name = f"arm_orchlint.rules.checks.{module_name}"
            try:
                self._fix_func = getattr(importlib.import_module(module_name), func_name)
            except (ImportError, AttributeError) as exc:
                raise CatalogError(f"rule {self.id}: cannot load fix {target!r}: {exc}") from None
        return self._fix_func

    def explain_text(self) -> str:
        """The full explanation as ``arm-orchlint explain`` prints it (and editors show on hover)."""
        lines = [f"{self.id} {self.name} ({self.severity}; modes: {', '.join(self.modes)})", ""]
        lines += [self.summary, "", self.explanation.rstrip(), "", "Sources:"]
        lines += [f"  - {src['title']}" + (f" <{src['url']}>" if src.get("url") else "") for src in self.sources]
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "severity": self.severity,
            "modes": self.modes,
            "summary": self.summary,
            "tags": self.tags,
            "sources": self.sources,
        }


@cache
def rule_schema() -> dict:
    return json.loads(read_schema("rule.schema.json"))


def _validate(data: Any, where: str) -> None:
    from jsonschema import Draft202012Validator  # imported only when a catalog is validated

    errors = sorted(Draft202012Validator(rule_schema()).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        at = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise CatalogError(f"{where}: invalid rule at {at}: {first.message}")


def load_rule_file(text: str, where: str, origin: str, validate: bool) -> Rule:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CatalogError(f"{where}: not valid JSON: {exc}") from None
    if validate:
        _validate(data, where)
    known = {k: data[k] for k in Rule.__record_fields__ if k in data and not k.startswith("_")}
    return Rule(**known, origin=origin)


def _iter_rule_files(folder: Any):
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            yield entry


@cache
def builtin_rules() -> tuple[Rule, ...]:
    # The shipped catalog is validated by the test suite; skipping validation here keeps
    # jsonschema out of every lint run's start-up.
    folder = data_folder("rules")
    rules = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                rules.append(load_rule_file(fh.read(), name, "builtin", validate=False))
    return tuple(sorted(rules, key=lambda r: r.id))


class Registry:
    """The rules of one run: built-in, from extra folders and from entry points."""

    def __init__(self, rules: list[Rule]):
        ids: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in ids:
                raise CatalogError(f"rule id {rule.id} is defined twice ({ids[rule.id].origin} and {rule.origin})")
            ids[rule.id] = rule
        self.by_id = ids
        self.rules = sorted(ids.values(), key=lambda r: r.id)
        self.by_name = {r.name: r for r in self.rules}

    @classmethod
    def default(cls, extra_dirs: list[str] = (), entry_points: bool = True) -> "Registry":
        rules = list(builtin_rules())
        for folder in extra_dirs:
            import pathlib  # only with extra rule folders

            path = pathlib.Path(folder)
            if not path.is_dir():
                raise CatalogError(f"rule folder not found: {folder}")
            for f in _iter_rule_files(path):
                rules.append(load_rule_file(f.read_text(encoding="utf-8"), str(f), str(path), validate=True))
        if entry_points:
            rules.extend(_entry_point_rules())
        return cls(rules)

    def get(self, key: str) -> Rule | None:
        return self.by_id.get(key.upper()) or self.by_name.get(key.lower())


def _plugins_installed() -> bool:
    """Whether any installed distribution declares ``arm_orchlint.rules`` entry points.

    ``importlib.metadata`` costs tens of milliseconds to import; a plain look at the
    ``entry_points.txt`` files on ``sys.path`` answers the common "no plugins" case."""
    import sys

    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder or ".", name, "entry_points.txt"), encoding="utf-8") as fh:
                        if "arm_orchlint.rules" in fh.read():
                            return True
                except OSError:
                    continue
    return False


def _entry_point_rules() -> list[Rule]:
    """Rules from installed plugins: each entry point in ``arm_orchlint.rules`` names a
    folder-like resource (a package) holding rule JSON files, or a callable returning a
    list of rule dicts."""
    if not _plugins_installed():
        return []
    from importlib.metadata import entry_points

    found: list[Rule] = []
    for ep in entry_points(group="arm_orchlint.rules"):
        try:
            target = ep.load()
        except Exception as exc:  # a broken plugin is a tool error with its name
            raise CatalogError(f"plugin {ep.name!r} failed to load: {exc}") from None
        if callable(target):
            items = target()
            for i, item in enumerate(items):
                found.append(load_rule_file(json.dumps(item), f"{ep.name}[{i}]", f"plugin:{ep.name}", validate=True))
        else:
            from importlib import resources

            folder = resources.files(target)
            for f in _iter_rule_files(folder):
                found.append(
                    load_rule_file(
                        f.read_text(encoding="utf-8"), f"{ep.name}:{f.name}", f"plugin:{ep.name}", validate=True
                    )
                )
    return found
