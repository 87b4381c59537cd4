"""Warnings about the inputs of a run that would otherwise pass in silence: a folder with
no template in it, a file named on the command line that is not linted (and why), and a
``--param`` that no linted template declares.  They go to stderr and never change the
exit code; the report itself stays as it is."""

from __future__ import annotations

import os


def _under(path: str, folder: str) -> bool:
    path, folder = os.path.abspath(path), os.path.abspath(folder)
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


def _skip_reason(result) -> str | None:
    if result.kind == "params":
        if result.path.lower().endswith(".bicepparam"):
            return None  # its template is linted with its values (or it reports its own problems)
        return "parameter file: pass it with -p/--parameters TEMPLATE"
    if result.kind == "other":
        if not os.path.isfile(result.path):
            return "not a regular file"
        return "not an ARM template or Bicep file (no deployment-template $schema or resources)"
    return None


def input_warnings(paths, excluded, results, config_path: str | None) -> list[str]:
    """One warning per folder that yields no linted file and per explicitly named file
    that is skipped, in the order the paths were given."""
    excluded_paths = {item.path for item in excluded}
    by_path = {r.path: r for r in results}
    out: list[str] = []
    for given in dict.fromkeys(paths):
        if given == "-":
            continue
        if os.path.isdir(given):
            if any(r.linted and _under(r.path, given) for r in results):
                continue
            held = sum(1 for p in excluded_paths if _under(p, given))
            extra = f" ({held} excluded by {config_path})" if held else ""
            out.append(f"no templates found under {given}{extra}")
        elif given in excluded_paths:
            out.append(f"{given}: skipped: excluded by config ({config_path})")
        elif given in by_path:
            reason = _skip_reason(by_path[given])
            if reason:
                out.append(f"{given}: skipped: {reason}")
    return out


def param_warnings(params, results) -> list[str]:
    """``--param nosuch=1``: a value no linted template declares is a typo, most likely.
    Parameter names are case-insensitive in ARM."""
    templates = [r for r in results if r.declared_parameters is not None]
    if not templates:
        return []
    declared = {name.lower() for r in templates for name in r.declared_parameters}
    out = []
    for name, _ in dict.fromkeys((n, None) for n, _ in params):
        if name.lower() in declared:
            continue
        if len(templates) == 1:
            out.append(f"--param {name}: {templates[0].path} declares no parameter named {name!r}")
        else:
            out.append(
                f"--param {name}: none of the {len(templates)} linted templates declares a parameter named {name!r}"
            )
    return out
