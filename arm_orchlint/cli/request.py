"""``RunRequest``: what one ``check`` or ``diff`` command asks for, with every default in
one place.  The click commands, the click-free entry (``entry.py``) and the tests build one;
``run.prepare`` turns it, with the configuration file, into the run's rules and options,
so that ``check``, ``check --against`` and ``diff`` read the configuration the same way."""

from __future__ import annotations

from arm_orchlint.core.records import record as dataclass

DEFAULT_FAIL_LEVEL = "warning"  # when neither --fail-level nor the configuration says


@dataclass
class RunRequest:
    paths: tuple = ()
    fmt: str | tuple = "text"  # a format, or --format values FORMAT[=FILE] (cli/formats.parse_formats)
    output: str | None = None
    parameter_files: tuple = ()  # -p; for diff: NEW's parameter files
    params: tuple = ()  # --param NAME=VALUE, as written
    select: tuple = ()  # as written (comma-separated values allowed)
    ignore: tuple = ()
    fail_level: str | None = None  # None: the configuration's, else DEFAULT_FAIL_LEVEL
    exit_zero: bool = False
    root: str | None = None  # None: the git work tree of each input, else the current folder
    statistics: bool = False
    no_explore: bool = False
    jobs: int = 1
    debug: bool = False
    against: str | None = None
    config_file: str | None = None
    isolated: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    show_diff: bool = False
    allow_plugins: bool = False  # Python checks from rule-dirs and entry-point plugins
    old_parameters: tuple = ()  # diff: OLD's parameter files
    stdin_filename: str | None = None  # the name standard input ("-") is linted as
    color: str = "auto"  # auto | always | never (cli/formats.use_color)
    sarif_category: str | None = None  # runs[].automationDetails.id; None: "arm-orchlint/"
    sarif_omit_suppressed: bool = False
    baseline: str | None = None  # report only findings not recorded in this file
    write_baseline: str | None = None  # record today's findings here instead of reporting
