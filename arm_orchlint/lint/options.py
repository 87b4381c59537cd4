"""What one run is asked to do (``Options``) and what it found in one input (``FileResult``)."""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from arm_orchlint.core.findings import Finding


@dataclass
class Options:
    parameter_files: list[str] = field(default_factory=list)
    params: list[tuple[str, Any]] = field(default_factory=list)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    explore: bool = True
    debug: bool = False
    # (glob, rule selectors): rules not run on files matching the glob (config ``per-file-ignores``)
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    # folder the per-file-ignores globs are relative to (the config file's folder); None: cwd
    config_root: str | None = None
    # read ``arm-orchlint-disable-next-line`` comments and resource ``metadata`` suppressions
    suppressions: bool = True
    # the folder confining every file a template names (--root; None: per input, see
    # front/checkout.py) and the paths named on the command line
    root: str | None = None
    arguments: list[str] = field(default_factory=list)
    # Python checks from rule-dirs and entry-point plugins (--allow-plugins); worker
    # processes build their registry with the same trust
    allow_plugins: bool = True
    config_path: str | None = None


@dataclass
class FileResult:
    path: str
    kind: str  # "template", "bicep", "params", "other", "error"
    findings: list[Finding] = field(default_factory=list)
    # the names the linted template declares in ``parameters`` (None: not a template);
    # lets the command line warn about a --param no template declares
    declared_parameters: tuple | None = None
    seconds: float = 0.0  # wall time the file's lint took (JUnit ``time``)

    @property
    def linted(self) -> bool:
        return self.kind in ("template", "bicep", "error")
