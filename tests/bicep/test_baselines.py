"""The Bicep compiler's own baselines (``../shared/peer/bicep-baselines``): what the
compiler accepts must translate without a syntax finding (ORCH908) or an untranslated
statement (ORCH907); where its parser rejects a line, ORCH908 must be on that line too.

Each baseline folder holds ``main.bicep`` and the compiler's expected diagnostics
``main.diagnostics.bicep`` (each ``//@[start:end) [BCPnnn (Level)] message`` comment sits
under the line it belongs to).  Run this file as a script for the counts in the note."""

from __future__ import annotations

import os
import re
import sys

import pytest

from tests.conftest import SHARED, needs_shared

BASELINES = SHARED / "peer" / "bicep-baselines"
pytestmark = needs_shared(BASELINES)

_DIAGNOSTIC = re.compile(r"^//@\[(\d+):(\d+)\) \[(\S+) \((Error|Warning|Info)\)\] (.*)$")

# Codes the compiler's lexer and parser report (a malformed token or declaration, a missing
# token), as opposed to the binder and type checker (names, types, cycles, scopes).
PARSER_CODES = frozenset(
    "BCP001 BCP002 BCP003 BCP004 BCP005 BCP006 BCP007 BCP008 BCP009 BCP010 BCP012 BCP013 BCP015 BCP016"
    " BCP017 BCP018 BCP019 BCP020 BCP022 BCP023 BCP024 BCP064 BCP068 BCP096 BCP097 BCP103 BCP117 BCP118"
    " BCP123 BCP132 BCP140 BCP153 BCP162 BCP167 BCP226 BCP236 BCP237 BCP238 BCP243 BCP249 BCP266 BCP279"
    " BCP290 BCP291 BCP292 BCP325 BCP346 BCP347".split()
)


def expected(folder: str) -> list[tuple[int, int, str, str, str]]:
    """The compiler's diagnostics of a baseline: (0-based line, column, code, level, message)."""
    out = []
    line = -1
    with open(os.path.join(BASELINES, folder, "main.diagnostics.bicep"), encoding="utf-8-sig", newline="") as f:
        for raw in f.read().split("\n"):
            m = _DIAGNOSTIC.match(raw.rstrip("\r"))
            if m:
                out.append((line, int(m.group(1)), m.group(3), m.group(4), m.group(5)))
            else:
                line += 1
    return out


def folders() -> list[str]:
    if not BASELINES.exists():
        return []
    return sorted(f for f in os.listdir(BASELINES) if (BASELINES / f / "main.bicep").exists())


def valid_folders() -> list[str]:
    return [f for f in folders() if not any(level == "Error" for _, _, _, level, _ in expected(f))]


def invalid_folders() -> list[str]:
    return [f for f in folders() if any(level == "Error" for _, _, _, level, _ in expected(f))]


def compile_folder(folder: str):
    from arm_orchlint.front.bicep.compile import compile_bicep

    path = str(BASELINES / folder / "main.bicep")
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    return path, compile_bicep(path, text)


def diagnostics(folder: str, rule: str) -> list:
    path, doc = compile_folder(folder)
    return [d for d in doc.diagnostics if d.rule_id == rule and d.span is not None and d.span.path == path]


def parser_lines(folder: str) -> set[int]:
    return {line for line, _, code, level, _ in expected(folder) if level == "Error" and code in PARSER_CODES}


def error_lines(folder: str) -> set[int]:
    return {line for line, _, _, level, _ in expected(folder) if level == "Error"}


@pytest.mark.parametrize("folder", valid_folders())
def test_valid_baseline_has_no_syntax_finding(folder):
    found = [(d.span.line, d.message) for d in diagnostics(folder, "ORCH908")]
    assert found == []


@pytest.mark.parametrize("folder", valid_folders())
def test_valid_baseline_translates_every_statement(folder):
    _, doc = compile_folder(folder)
    assert [d.message for d in doc.diagnostics if d.rule_id == "ORCH907"] == []


# Lines (1-based) where the compiler's parser reports an error and ORCH908 is not on that line.
_KNOWN_MISSES = {
    # `map([0], (` <new line> `a` <new line> `b) => ...`: reported on line 85, at `b`
    ("InvalidLambdas_LF", 83),
    # the baseline writes the diagnostic under the last line of the unterminated multi-line
    # string; ORCH908 is on the line where the string starts (line 1)
    ("InvalidMultilineString_CRLF", 2),
    # `'${{this: doesnt}.work}'`: the compiler's lexer ends the string early; ours reads the
    # object literal (a type error, BCP087, which the compiler reports as well)
    ("InvalidParameters_LF", 87),
}


@pytest.mark.parametrize("folder", invalid_folders())
def test_every_compiler_parse_error_line_gets_a_syntax_finding(folder):
    found = {d.span.line - 1 for d in diagnostics(folder, "ORCH908")}
    missed = sorted(line + 1 for line in parser_lines(folder) - found if (folder, line + 1) not in _KNOWN_MISSES)
    assert missed == []


@pytest.mark.parametrize("folder", valid_folders())
def test_the_checking_parser_accepts_every_valid_baseline(folder):
    # tree-sitter accepts these files, so compiling never runs the checking parser on them:
    # run it directly, as it would run on a valid file that only tree-sitter cannot read
    from arm_orchlint.front.bicep.diagnose import find_errors

    source = (BASELINES / folder / "main.bicep").read_bytes().removeprefix(b"\xef\xbb\xbf")
    assert find_errors(source) == []


def test_syntax_findings_are_errors_with_the_compilers_wording():
    found = diagnostics("InvalidParameters_LF", "ORCH908")
    assert found and all(d.severity is None for d in found)  # the rule's default: error
    by_line = {d.span.line: d.message for d in found}
    assert by_line[50] == "Bicep syntax error: expected '=' or a new line"  # param x string: 'hello'
    assert by_line[6].startswith("Bicep syntax error: unknown declaration 'wrong'")


def counts() -> dict:
    """The numbers the note reports."""
    valid = valid_folders()
    out = {
        "valid": len(valid),
        "valid_with_ORCH908": sum(1 for f in valid if diagnostics(f, "ORCH908")),
        "valid_with_ORCH907": sum(
            1 for f in valid if any(d.rule_id == "ORCH907" for d in compile_folder(f)[1].diagnostics)
        ),
        "parser_error_lines": 0,
        "matched": 0,
        "syntax_lines_without_compiler_error": 0,
    }
    for f in invalid_folders():
        lines = {d.span.line - 1 for d in diagnostics(f, "ORCH908")}
        wanted = parser_lines(f)
        out["parser_error_lines"] += len(wanted)
        out["matched"] += len(wanted & lines)
        out["syntax_lines_without_compiler_error"] += len(lines - error_lines(f))
    return out


def test_the_checking_parser_accepts_every_corpus_file():
    from arm_orchlint.front.bicep.diagnose import find_errors
    from tests.conftest import CORPUS

    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is not present (the shared reference folder sits beside the checkout in CI)")
    rejected = [
        str(path.relative_to(CORPUS))
        for path in sorted(CORPUS.rglob("*.bicep"))
        if find_errors(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    ]
    assert rejected == []


if __name__ == "__main__":  # python -m tests.bicep.test_baselines [-v]
    for key, value in counts().items():
        print(f"{key}: {value}")
    if "-v" in sys.argv:
        for f in invalid_folders():
            lines = {d.span.line - 1 for d in diagnostics(f, "ORCH908")}
            for line, col, code, level, message in expected(f):
                if level == "Error" and code in PARSER_CODES and line not in lines:
                    print(f"missed {f}:{line + 1}:{col} {code} {message[:80]}")
