"""Bicep / ARM parity over the decompiled quickstart templates of the shared corpus.

    python scripts/bicep_parity.py [CORPUS]      # CORPUS defaults to ../shared/corpus

For each folder of ``files/anthony-c-martin__azure-quickstart-templates`` that holds both
``azuredeploy.json`` and its decompiled ``azuredeploy.bicep`` and declares a scale set
(``has_vmss`` in ``MANIFEST.tsv``), both files are linted (with ``azuredeploy.parameters.json``
when there is one) and the sets of rule ids reported at error/warning level are compared;
note-level sets are compared separately.  Prints the agreement ratio and every disagreement.
Exits 0 (with a message) when the corpus is not there.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUICKSTARTS = "files/anthony-c-martin__azure-quickstart-templates"
LOUD = ("error", "warning")


@dataclass
class Pair:
    folder: str
    json_loud: set = field(default_factory=set)
    bicep_loud: set = field(default_factory=set)
    json_notes: set = field(default_factory=set)
    bicep_notes: set = field(default_factory=set)
    notes: str = ""  # the manifest notes of the Bicep file

    @property
    def agrees(self) -> bool:
        return self.json_loud == self.bicep_loud

    @property
    def notes_agree(self) -> bool:
        return self.json_notes == self.bicep_notes


def default_corpus() -> Path:
    here = REPO.parent / "shared" / "corpus"
    if not here.exists() and (REPO.parent.parent / "shared" / "corpus").exists():
        here = REPO.parent.parent / "shared" / "corpus"  # a git worktree one level deeper
    return here


def vmss_folders(corpus: Path) -> list[tuple[Path, str]]:
    """(folder, notes of its azuredeploy.bicep) for every quickstart pair with a scale set."""
    rows: dict[str, dict] = {}
    with open(corpus / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows[row["local_path"]] = row
    out = []
    base = corpus / QUICKSTARTS
    for folder in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        rel = f"{QUICKSTARTS}/{folder.name}"
        arm, bicep = rows.get(f"{rel}/azuredeploy.json"), rows.get(f"{rel}/azuredeploy.bicep")
        if (
            arm is None
            or bicep is None
            or not (folder / "azuredeploy.json").is_file()
            or not (folder / "azuredeploy.bicep").is_file()
        ):
            continue
        if "y" not in (arm.get("has_vmss", ""), bicep.get("has_vmss", "")):
            continue
        out.append((folder, bicep.get("notes", "")))
    return out


def run(corpus: Path) -> list[Pair]:
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    registry = Registry.default()
    pairs = []
    for folder, notes in vmss_folders(corpus):
        params = folder / "azuredeploy.parameters.json"
        options = Options(parameter_files=[str(params)] if params.is_file() else [], select=["ORCH"])
        pair = Pair(folder.name, notes=notes)
        for name, loud, quiet in (
            ("azuredeploy.json", pair.json_loud, pair.json_notes),
            ("azuredeploy.bicep", pair.bicep_loud, pair.bicep_notes),
        ):
            result = Linter(registry, options).lint_file(str(folder / name))
            for f in result.findings:
                (loud if f.severity in LOUD else quiet).add(f.rule_id)
        pairs.append(pair)
    return pairs


def ratio(pairs: list[Pair]) -> float:
    return sum(p.agrees for p in pairs) / len(pairs) if pairs else 1.0


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else default_corpus()
    if not (corpus / "MANIFEST.tsv").is_file():
        print(f"corpus not found at {corpus}; nothing to compare")
        return 0
    sys.path.insert(0, str(REPO))
    pairs = run(corpus)
    agree = sum(p.agrees for p in pairs)
    print(f"error/warning rule sets agree on {agree}/{len(pairs)} pairs ({ratio(pairs):.1%})")
    for p in pairs:
        if not p.agrees:
            print(
                f"  DIFF {p.folder}: json-only {sorted(p.json_loud - p.bicep_loud)} "
                f"bicep-only {sorted(p.bicep_loud - p.json_loud)}  [{p.notes}]"
            )
    notes_agree = sum(p.notes_agree for p in pairs)
    print(f"note-level rule sets agree on {notes_agree}/{len(pairs)} pairs")
    for p in pairs:
        if not p.notes_agree:
            print(
                f"  NOTE {p.folder}: json-only {sorted(p.json_notes - p.bicep_notes)} "
                f"bicep-only {sorted(p.bicep_notes - p.json_notes)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
