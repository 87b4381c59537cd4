"""Checks on the orchestration mode value itself."""

from __future__ import annotations

from ..findings import Hit

_MODE = ("properties", "orchestrationMode")
_TODAY = {"VM": "Flexible", "ScaleSetVM": "Uniform"}


def preview_mode_name(ss, model):
    preview = ss.mode.preview
    if preview:
        yield Hit(ss.res, _MODE, f"orchestrationMode '{ss.mode.value}' is a 2019 preview name that Azure never accepted; use '{_TODAY[preview]}'")
