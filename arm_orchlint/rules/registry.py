"""The rule catalog: one JSON file per rule, validated, with its check attached.

Everything user-facing about a rule (listing, ``explain``, SARIF metadata, docs) is read
from the catalog here; nothing else keeps a second copy.
"""

from __future__ import annotations

import importlib
import json
import os
from functools import cache

from arm_orchlint.core.data import data_folder, read_catalog_bundle, read_schema
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
            except Exception as exc:  # any failure of third-party code on import
                why = f"{exc}" if isinstance(exc, (ImportError, AttributeError)) else type(exc).__name__
                raise CatalogError(f"rule {self.id}: cannot load check {target!r}: {why}") from None
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
            except Exception as exc:  # any failure of third-party code on import
                why = f"{exc}" if isinstance(exc, (ImportError, AttributeError)) else type(exc).__name__
                raise CatalogError(f"rule {self.id}: cannot load fix {target!r}: {why}") from None
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
        # The file is named, never its keys or values: a rule file may be anything a pull
        # request put there (or a symlink to a secret), and this line goes to the CI log.
        raise CatalogError(
            f"{where}: invalid rule: it does not match schemas/rule.schema.json "
            f"(the {errors[0].validator!r} check fails)"
        )


MESSAGE_FIELDS = ("value", "path", "mode")  # what a declarative message may name


def check_message(rule: Rule, where: str) -> None:
    """A declarative message may name only the placeholders ``{value}``, ``{path}`` and
    ``{mode}``: no attribute or index access (``{value.__class__}``), no nested fields."""
    message = rule.check.get("message")
    if message is None:
        return
    import string

    try:
        for _, name, spec, _ in string.Formatter().parse(message):
            if name is None:
                continue
            if name not in MESSAGE_FIELDS or (spec and "{" in spec):
                raise CatalogError(
                    f"{where}: rule {rule.id}: the message may use only the placeholders "
                    + ", ".join("{" + f + "}" for f in MESSAGE_FIELDS)
                )
        message.format(value="x", path="p", mode="m")
    except CatalogError:
        raise
    except (ValueError, TypeError, KeyError, IndexError):
        raise CatalogError(f"{where}: rule {rule.id}: the message is not a valid format string") from None


def _python_targets(rule: Rule) -> list[tuple[str, str]]:
    out = []
    if isinstance(rule.check.get("python"), str):
        out.append(("check", rule.check["python"]))
    if isinstance(rule.fix, dict) and isinstance(rule.fix.get("python"), str):
        out.append(("fix", rule.fix["python"]))
    return out


def _module_of(target: str) -> str:
    module_name = target.partition(":")[0]
    return module_name if "." in module_name else f"arm_orchlint.rules.checks.{module_name}"


def _load_code_now(rule: Rule) -> None:
    """Import a third-party rule's check and fix at load time, so that a broken one is
    one tool error before linting, not an internal error on every file."""
    for kind, _ in _python_targets(rule):
        rule.function() if kind == "check" else rule.fix_function()


def load_rule_file(text: str, where: str, origin: str, validate: bool) -> Rule:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CatalogError(f"{where}: not valid JSON: {exc}") from None
    if validate:
        _validate(data, where)
    return _rule_of(data, origin)


def _rule_of(data: dict, origin: str) -> Rule:
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
    return _catalog_in(data_folder("rules"))


def _catalog_in(folder: str) -> tuple[Rule, ...]:
    bundled = read_catalog_bundle(folder)  # an installed package's one-file copy of its rules
    if bundled is not None:
        rules = [_rule_of(data, "builtin") for data in bundled.values()]
        return tuple(sorted(rules, key=lambda r: r.id))
    rules = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            # (binary read and decode: half the cost of a text-mode file object, same text
            # for JSON, whose parse ignores how lines end)
            with open(os.path.join(folder, name), "rb") as fh:
                rules.append(load_rule_file(fh.read().decode("utf-8"), name, "builtin", validate=False))
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
        from arm_orchlint.rules.declarative import know_schemas

        know_schemas(r.check["schema"] for r in self.rules if r.is_declarative)

    @classmethod
    def default(
        cls,
        extra_dirs: list[str] = (),
        entry_points: bool = True,
        dir_code: bool = True,
        named_from: str | None = None,
    ) -> "Registry":
        """The built-in catalog, the rule folders' rules and (``entry_points``) installed
        plugins.  ``dir_code=False``: rule folders may hold declarative rules only -- a rule
        naming Python code is a tool error (see docs/error-model.md, "Trust").
        ``named_from``: the configuration file naming the folders; their files must be
        inside its checkout."""
        rules = list(builtin_rules())
        for folder in extra_dirs:
            rules.extend(_folder_rules(folder, dir_code, named_from))
        if entry_points:
            rules.extend(_entry_point_rules())
        return cls(rules)

    def get(self, key: str) -> Rule | None:
        return self.by_id.get(key.upper()) or self.by_name.get(key.lower())


MAX_RULE_FILE_BYTES = 1024 * 1024


def _folder_rules(folder: str, allow_code: bool, named_from: str | None = None) -> list[Rule]:
    """The rules of one ``rule-dirs`` folder: regular files inside the checkout, each at
    most ``MAX_RULE_FILE_BYTES``, read through the confined reader."""
    import pathlib  # only with extra rule folders

    from arm_orchlint.front.files import RefusedRead, read_named

    path = pathlib.Path(folder)
    if not path.is_dir():
        raise CatalogError(f"rule folder not found: {folder}")
    out = []
    for f in _iter_rule_files(path):
        try:
            raw = read_named(str(f), named_from or str(path / "-"))
        except RefusedRead as exc:
            raise CatalogError(f"{f}: rule file {exc.reason}; not read") from None
        except OSError as exc:
            raise CatalogError(f"{f}: cannot read rule file: {exc.strerror or exc}") from None
        if len(raw) > MAX_RULE_FILE_BYTES:
            raise CatalogError(f"{f}: rule file is larger than {MAX_RULE_FILE_BYTES // 1024} KiB; not read")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CatalogError(f"{f}: rule file is not UTF-8 text") from None
        rule = load_rule_file(text, str(f), str(path), validate=True)
        check_message(rule, str(f))
        if _python_targets(rule):
            if not allow_code:
                raise CatalogError(
                    f"{f}: rule {rule.id} runs Python code; rules from a discovered configuration are "
                    "declarative only (pass --allow-plugins, or allow-plugins = true in a file named by --config)"
                )
            _load_code_now(rule)
        out.append(rule)
    return out


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
            why = f"{type(exc).__name__}: {exc}" if isinstance(exc, ImportError) else type(exc).__name__
            raise CatalogError(f"plugin {ep.name!r} failed to load: {why}") from None
        own: list[Rule] = []
        try:
            if callable(target):
                items = target()
                for i, item in enumerate(items):
                    own.append(load_rule_file(json.dumps(item), f"{ep.name}[{i}]", f"plugin:{ep.name}", validate=True))
            else:
                from importlib import resources

                folder = resources.files(target)
                for f in _iter_rule_files(folder):
                    text = f.read_text(encoding="utf-8")
                    own.append(load_rule_file(text, f"{ep.name}:{f.name}", f"plugin:{ep.name}", validate=True))
        except CatalogError:
            raise
        except Exception as exc:
            raise CatalogError(f"plugin {ep.name!r} failed to list its rules: {type(exc).__name__}") from None
        package = ep.value.split(":")[0].split(".")[0].strip()
        for rule in own:
            check_message(rule, f"plugin {ep.name!r}")
            for kind, target_name in _python_targets(rule):
                module = _module_of(target_name)
                if module != package and not module.startswith(package + "."):
                    raise CatalogError(
                        f"plugin {ep.name!r}: rule {rule.id} names a {kind} outside the plugin's own package "
                        f"{package!r}; not loaded"
                    )
            _load_code_now(rule)
        found.extend(own)
    return found
