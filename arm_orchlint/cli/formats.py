"""What one run writes: ``--format FORMAT[=FILE]`` (repeatable), colour, statistics.

One run can feed several consumers -- ``--format text --format sarif=results.sarif`` lints
once and writes the log and the SARIF file -- so CI does not lint twice.  At most one format
has no file: it goes to ``--output`` or standard output (``text`` when none is given).
"""

from __future__ import annotations

import os

COLOR_CHOICES = ("auto", "always", "never")


class FormatError(ValueError):
    """A ``--format`` value that cannot be used (a usage error)."""


def known_formats() -> tuple:
    from arm_orchlint.report import FORMATS

    return FORMATS


def parse_formats(values, output: str | None) -> list[tuple[str, str | None]]:
    """``[(format, file or None)]``; the entry with None is the one for stdout/--output."""
    values = list(values or ())
    if not values:
        values = ["text"]
    out: list[tuple[str, str | None]] = []
    for value in values:
        name, sep, target = value.partition("=")
        name = name.strip().lower()
        if name not in known_formats():
            import difflib

            near = difflib.get_close_matches(name, known_formats(), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise FormatError(f"--format: unknown format {name!r}{hint}; choose from {', '.join(known_formats())}")
        if sep and not target:
            raise FormatError(f"--format {value}: give a file name after '='")
        out.append((name, target or None))
    plain = [name for name, target in out if target is None]
    if len(plain) > 1:
        raise FormatError(
            f"--format: {' and '.join(plain)} both go to {'--output' if output else 'standard output'}; "
            f"give the others a file (--format {plain[1]}=FILE)"
        )
    files = [target for _, target in out if target is not None]
    if output:
        files.append(output)
    for target in files:
        if files.count(target) > 1:
            raise FormatError(f"--format: {target} is named more than once")
    return out


def use_color(choice: str | None, stream) -> bool:
    """``--color always|never`` decides; ``auto`` (the default) follows NO_COLOR, then
    FORCE_COLOR, then whether the stream is a terminal.  NO_COLOR wins over FORCE_COLOR
    when both are set, as in CPython's own colour handling."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR") not in (None, "", "0"):
        return True
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False
