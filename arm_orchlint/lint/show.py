"""What the linter reads for each scale set of a template: ``arm-orchlint show PATH`` and
the language server's hover.  It says why a rule did or did not fire: the mode and how it
was found (assumed when ``orchestrationMode`` is left out), fault domains, zones, single
placement group, capacity and upgrade policy, each as written or as Azure's default, and
the parameter each value came from.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from arm_orchlint.lint.engine import Linter

from arm_orchlint.core.values import is_unknown
from arm_orchlint.model import defaults
from arm_orchlint.model.scalesets import ScaleSet, parameters_read, written_pointer

UPGRADE_DEFAULT = "Manual"  # Azure's default upgradePolicy.mode when the template leaves it out


class ShowError(Exception):
    """The file cannot be read as a template (one line, for the command line)."""


def _plain(value: Any) -> Any:
    """A value for JSON output: an Unknown becomes ``{"unknown": reason}``."""
    if is_unknown(value):
        return {"unknown": value.reason}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else value
        return [_plain(v) for v in items]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _origin(ss: ScaleSet, path: tuple) -> dict | None:
    """The parameter a property reads, and where that parameter's value came from."""
    res = ss.res
    if res.doc is None:
        return None
    evaluated = tuple(res.pointer) + path
    params = parameters_read(res, written_pointer(res.doc.data, evaluated), evaluated)
    if not params:
        return None
    name = params[0]
    source = res.param_sources.get(name)
    at = None
    if source is not None:
        doc, pointer = source
        pointer = tuple(pointer)
        if doc is not None and doc.kind in ("params", "bicepparam"):
            where = "parameter file"
        elif pointer[-1:] == ("defaultValue",):
            where = "default value"
        elif "allowedValues" in pointer:
            where = "allowed value"
        elif pointer[-1:] == ("value",) and "parameters" in pointer[:-2]:
            where = "module argument" if doc is not None and doc.kind == "bicep" else "deployment parameter"
        else:
            where = "value given"
        span = doc.locator.span(pointer) if doc is not None and doc.locator is not None else None
        if span is not None:
            at = f"{span.path}:{span.line}"
    else:
        where = "given on the command line or unknown before deployment"
    out = {"parameter": name, "from": where}
    if at:
        out["at"] = at
    return out


def _mode_text(info, effective: Any) -> str:
    if info.how in ("unknown", "ambiguous", "existing"):
        reason = info.value.reason if is_unknown(info.value) else info.how
        return f"unknown ({reason})"
    text = info.describe()
    if info.preview:
        text += f" (a 2019 preview name; checked as {effective})"
    elif info.current is None and info.how in ("literal", "parameter"):
        text += " (not a known mode)"
    return text


def _setting(ss: ScaleSet, value: Any, written: bool, path: tuple) -> dict:
    out = {"value": _plain(value), "written": written}
    origin = _origin(ss, path) if written else None
    if origin:
        out.update(origin)
    return out


def describe(ss: ScaleSet) -> dict:
    res = ss.res
    info = ss.mode
    mode_value = defaults.mode(ss)
    mode = {
        "value": _plain(mode_value),
        "written": _plain(info.value) if info.how not in ("assumed", "legacy", "ambiguous", "existing") else None,
        "how": info.how,
        "assumed": info.how == "assumed",
        "text": _mode_text(info, mode_value),
    }
    origin = _origin(ss, ("properties", "orchestrationMode"))
    if origin:
        mode.update(origin)
    fd, fd_written = defaults.fault_domains(ss)
    spg, spg_written = defaults.single_placement_group(ss)
    zones = ss.zones
    capacity = ss.capacity
    upgrade = res.get("properties", "upgradePolicy", "mode")
    span = _extent(res)
    name = res.name
    via = _module_declaration(res, span)
    return {
        "name": name if isinstance(name, str) else _plain(name),
        "symbolic": res.symbolic,
        "path": span.path if span else (res.doc.path if res.doc else ""),
        "line": span.line if span else 1,
        "end_line": span.end_line if span else 1,
        "api_version": _plain(res.api_version),
        "mode": mode,
        "fault_domains": _setting(ss, fd, fd_written, ("properties", "platformFaultDomainCount")),
        "zones": _setting(ss, zones, res.get("zones") not in (None, ""), ("zones",)),
        "single_placement_group": _setting(ss, spg, spg_written, ("properties", "singlePlacementGroup")),
        "capacity": _setting(ss, capacity, capacity is not None, ("sku", "capacity")),
        "upgrade_policy": _setting(
            ss,
            UPGRADE_DEFAULT if upgrade is None else upgrade,
            upgrade is not None,
            ("properties", "upgradePolicy", "mode"),
        ),
        "module": via,  # a set in a Bicep module: the module statement of the file that was read
    }


def _module_declaration(res, span) -> dict | None:
    """Where a module's scale set enters the file that was read: the ``module`` statement
    (its pointer is the first resource of the path into the mounted template)."""
    pointer = tuple(res.pointer)
    if res.doc is None or span is None or "template" not in pointer[2:]:
        return None
    outer = res.doc.locator.span(pointer[:2]) if res.doc.locator is not None else None
    if outer is None or outer.path == span.path:
        return None
    return {"path": outer.path, "line": outer.line, "end_line": outer.end_line}


def _extent(res):
    """The span of the whole resource (a JSON object or a Bicep declaration)."""
    locator = res.doc.locator if res.doc is not None else None
    if locator is None:
        return None
    extent = getattr(locator, "extent", None)
    found = extent(tuple(res.pointer)) if extent is not None else None
    return found or locator.span(tuple(res.pointer))


def scale_sets(linter: Linter, path: str, raw: bytes | None = None, parameter_files: list[str] = ()) -> list[dict]:
    """Every scale set the template at ``path`` (or ``raw`` as that path) deploys, its
    modules' and nested deployments' included, as ``describe`` reads it."""
    from arm_orchlint.evaluation.expand import expand
    from arm_orchlint.front.reading import load_linked, read_bytes, read_input
    from arm_orchlint.model.scalesets import Model

    if raw is None:
        try:
            raw = read_bytes(path)
        except OSError as exc:
            raise ShowError(f"cannot read {path}: {exc.strerror or exc}") from None
    result = read_input(path, raw)
    doc = result.doc
    files = list(parameter_files)
    if doc is not None and result.kind == "bicepparam":
        from arm_orchlint.front.bicep import frontend

        target = frontend.using_target(doc)
        if target is None:
            raise ShowError(f"{path}: the .bicepparam file names no local template")
        files.append(path)
        target_result = read_input(target)
        doc, result = target_result.doc, target_result
    if doc is None or result.kind not in ("template", "bicep"):
        message = result.diagnostics[0].message if result.diagnostics else "not an ARM template or Bicep file"
        raise ShowError(f"{path}: {message}")
    values = linter.parameter_values(files)
    model = Model(expansion=expand(doc, parameter_values=values, load_linked=load_linked))
    return [describe(ss) for ss in model.scale_sets]


def _text_value(setting: dict) -> str:
    value = setting["value"]
    if isinstance(value, dict) and "unknown" in value:
        shown = f"unknown ({value['unknown']})"
    elif isinstance(value, list):
        shown = "[" + ", ".join(json.dumps(v) for v in value) + "]" if value else "none (regional)"
    else:
        shown = json.dumps(value) if not isinstance(value, str) else value
    if not setting["written"]:
        shown += " (not written: Azure's default)" if not (isinstance(value, dict) and "unknown" in value) else ""
    elif "parameter" in setting:
        shown += f" (from parameter '{setting['parameter']}', {_where(setting)})"
    return shown


def _where(setting: dict) -> str:
    return setting["from"] + (f" at {setting['at']}" if setting.get("at") else "")


LABELS = (
    ("fault_domains", "fault domains"),
    ("zones", "zones"),
    ("single_placement_group", "single placement group"),
    ("capacity", "capacity"),
    ("upgrade_policy", "upgrade policy"),
)


def text_lines(view: dict) -> list[str]:
    """One scale set as lines of text (``show`` and hover share them)."""
    title = view["name"] if isinstance(view["name"], str) else (view["symbolic"] or "(name unknown)")
    lines = [f"scale set {title} ({view['path']}:{view['line']}, API {view['api_version']})"]
    if view.get("module"):
        lines.append(f"  deployed by the module at {view['module']['path']}:{view['module']['line']}")
    mode = view["mode"]
    text = mode["text"]
    if "parameter" in mode and "from parameter" not in text:
        text += f" (from parameter '{mode['parameter']}')"
    if "parameter" in mode:
        text += f", {_where(mode)}"
    lines.append(f"  mode: {text}")
    for key, label in LABELS:
        setting = view[key]
        if key == "capacity" and not setting["written"]:
            lines.append(f"  {label}: not written")
            continue
        lines.append(f"  {label}: {_text_value(setting)}")
    return lines
