"""Checks on how a run names rules, before anything is linted: an unknown selector in an
option or a configuration key is a usage error (exit 2), never a run that checks nothing."""

from __future__ import annotations

from arm_orchlint.rules import selectors


def option_problem(registry, option: str, values: list[str]) -> str | None:
    """``--select: unknown rule selector 'ORHC2' (did you mean 'ORCH2'?)`` or None."""
    bad = selectors.first_unknown(registry, values)
    return f"{option}: {selectors.unknown_message(registry, bad)}" if bad is not None else None


def config_problem(registry, config) -> str | None:
    """The first rule selector in the configuration file that names no rule, worded with
    the file and key (``pyproject.toml: select: unknown rule selector ...``)."""
    if config.path is None:
        return None
    where = config.path
    for key, values in (("select", config.select), ("ignore", config.ignore)):
        bad = selectors.first_unknown(registry, values)
        if bad is not None:
            return f"{where}: {key}: {selectors.unknown_message(registry, bad)}"
    for pattern, values in config.per_file_ignores:
        bad = selectors.first_unknown(registry, values)
        if bad is not None:
            return f"{where}: per-file-ignores: {pattern!r}: {selectors.unknown_message(registry, bad)}"
    return None
