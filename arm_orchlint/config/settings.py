"""Configuration files: ``[tool.arm-orchlint]`` in ``pyproject.toml`` or ``.arm-orchlint.toml``.

Discovery walks up from the current directory; in each folder ``.arm-orchlint.toml`` wins
over ``pyproject.toml``, and a ``pyproject.toml`` only counts when it has a
``[tool.arm-orchlint]`` table.  In ``.arm-orchlint.toml`` the keys are written at the top
level; a ``[tool.arm-orchlint]`` table is accepted there too (and then used alone).

Relative paths (``parameters`` files, ``rule-dirs``) resolve against the config file's
folder, and every glob is matched against paths relative to that folder.  The file is
validated against ``schemas/config.schema.json``; any problem is a one-line ``ConfigError``
(exit code 2).  ``tomllib`` and ``jsonschema`` are imported only when a file is read.
"""

from __future__ import annotations

import json
import os

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up

from arm_orchlint.config import globs

if TYPE_CHECKING:  # pathlib is imported only where it is used, to keep start-up short
    from pathlib import Path

CONFIG_FILE = ".arm-orchlint.toml"
PYPROJECT = "pyproject.toml"
SECTION = "arm-orchlint"


class ConfigError(Exception):
    """An unreadable or invalid configuration file (exit code 2)."""


@dataclass
class Config:
    path: str | None = None  # the file read; None: no configuration
    root: str = "."  # folder relative paths and globs resolve against
    select: list[str] | None = None
    ignore: list[str] | None = None
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_level: str | None = None
    parameters: list[tuple[str, list[str]]] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rule_dirs: list[str] = field(default_factory=list)
    allow_plugins: bool = False  # only ever True for a file named by --config
    baseline: str | None = None  # the baseline file (resolved against the config's folder)

    def relative(self, path: str) -> str:
        return globs.relative_to(path, self.root)

    def excluded(self, path: str) -> bool:
        return bool(self.exclude) and globs.any_match(self.exclude, self.relative(path))

    def parameter_files_for(self, path: str) -> list[str]:
        if not self.parameters:
            return []
        rel = self.relative(path)
        out: list[str] = []
        for pattern, files in self.parameters:
            if globs.matches(pattern, rel):
                out.extend(f for f in files if f not in out)
        return out


def find_config(start: str | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (default: the current directory).
    Plain ``os.path`` here: this runs on every start-up."""
    folder = os.path.realpath(start or os.getcwd())
    while True:
        own = os.path.join(folder, CONFIG_FILE)
        if os.path.isfile(own):
            return _path(own)
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and _pyproject_has_section(pyproject):
            return _path(pyproject)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def _pyproject_has_section(path) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return False
    if SECTION not in text:  # cheap test before parsing
        return False
    try:
        data = _parse(text, path)
    except ConfigError:
        if f"[tool.{SECTION}]" in text or f'[tool."{SECTION}"]' in text:
            raise
        return False
    return isinstance(data.get("tool"), dict) and SECTION in data["tool"]


def _parse(text: str, path: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: str | os.PathLike) -> Config:
    """Read, validate and resolve one configuration file."""
    file = _path(str(path))
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    data = _parse(text, file)
    tool = data.get("tool")
    if file.name == PYPROJECT:
        table = tool.get(SECTION, {}) if isinstance(tool, dict) else {}
        where = f"[tool.{SECTION}]"
    elif isinstance(tool, dict) and SECTION in tool:
        table = tool[SECTION]
        where = f"[tool.{SECTION}]"
    else:
        table = data
        where = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    _validate(table, f"{path}", where)
    return _resolve(table, file)


def _config_schema() -> dict:
    from arm_orchlint.core.data import read_schema

    return json.loads(read_schema("config.schema.json"))


def _validate(table: dict, path: str, where: str) -> None:
    from arm_orchlint.core.schema_subset import subset_errors

    schema = _config_schema()
    if subset_errors(table, schema) == []:
        return  # valid: jsonschema (a tenth of a second to import) is needed only to word an error
    from jsonschema import Draft202012Validator

    errors = sorted(
        Draft202012Validator(schema).iter_errors(table),
        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
    )
    if not errors:
        return
    err = errors[0]
    if err.validator == "additionalProperties" and not err.absolute_path:
        unknown = sorted(set(table) - set(err.schema.get("properties", {})))
        known = ", ".join(sorted(err.schema.get("properties", {})))
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known keys: {known})")
    key = ".".join(str(p) for p in err.absolute_path)
    prefix = f"{where} " if where else ""
    message = err.message
    if err.validator == "oneOf":
        message = f"{json.dumps(err.instance)} is not a file name or a list of file names"
    raise ConfigError(f"{path}: {prefix}{key}: {message}")


def _resolve(table: dict, file: Path) -> Config:
    root = str(file.resolve().parent)

    def path_of(value: str) -> str:
        return os.path.normpath(os.path.join(root, value))

    parameters = []
    for pattern, files in table.get("parameters", {}).items():
        files = [files] if isinstance(files, str) else files
        parameters.append((globs.normalise(pattern, root), [path_of(f) for f in files]))
    return Config(
        path=str(file),
        root=root,
        select=table.get("select"),
        ignore=table.get("ignore"),
        per_file_ignores=[(globs.normalise(p, root), rules) for p, rules in table.get("per-file-ignores", {}).items()],
        severity=dict(table.get("severity", {})),
        fail_level=table.get("fail-level"),
        parameters=parameters,
        exclude=[globs.normalise(p, root) for p in table.get("exclude", [])],
        rule_dirs=[path_of(d) for d in table.get("rule-dirs", [])],
        allow_plugins=table.get("allow-plugins") is True,
        baseline=path_of(table["baseline"]) if "baseline" in table else None,
    )


def resolve_config(config_file: str | None, isolated: bool) -> Config:
    """The configuration of one run: ``--config FILE``, nothing with ``--isolated``, or the
    nearest file found by walking up from the current directory."""
    if isolated:
        return Config()
    if config_file:
        return load_config(config_file)
    found = find_config()
    if not found:
        return Config()
    config = load_config(found)
    if config.allow_plugins:  # found in the checkout: it may not allow code from the checkout
        import sys

        print(
            f"arm-orchlint: warning: {found}: allow-plugins is read only from a file named by --config; "
            "plugins stay off",
            file=sys.stderr,
        )
        config.allow_plugins = False
    return config
