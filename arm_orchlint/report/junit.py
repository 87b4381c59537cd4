"""JUnit XML for CI test-report views: one testsuite per linted file.

Each (unsuppressed) finding is a failing testcase named after its rule and position; a
file without findings gets one passing testcase, so clean files show up as passed.
Every embedded string goes through ``escape.xml_text``: XML 1.0 forbids most control
characters even as character references, and the report must parse for any input.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from arm_orchlint.report import repo_path as _repo_path
from arm_orchlint.report.escape import xml_text


def repo_path(path: str, root: str) -> str:
    return xml_text(_repo_path(path, root))


def render(results, context) -> str:
    suites = ET.Element("testsuites", name="arm-orchlint")
    total_tests = total_failures = 0
    for r in results:
        if not r.linted:
            continue
        path = repo_path(r.path, context.root)
        findings = [f for f in r.findings if f.suppression is None]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=path,
            tests=str(max(1, len(findings))),
            failures=str(len(findings)),
            errors="0",
            skipped="0",
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname=path, name="arm-orchlint", file=path)
        for f in findings:
            rule = context.registry.by_id.get(f.rule_id)
            name = xml_text(f"{f.rule_id} {rule.name}" if rule else f.rule_id)
            message = xml_text(f.message)
            case = ET.SubElement(
                suite,
                "testcase",
                classname=path,
                name=f"{name} at {f.line}:{f.col}",
                file=repo_path(f.path, context.root),
                line=str(f.line),
            )
            failure = ET.SubElement(case, "failure", message=message, type=f"{f.rule_id} {f.severity}")
            failure.text = f"{repo_path(f.path, context.root)}:{f.line}:{f.col}: {f.severity}: {message} [{f.rule_id}]"
        total_tests += max(1, len(findings))
        total_failures += len(findings)
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
