"""JUnit XML for CI test-report views: one testsuite per linted file.

The report agrees with the exit code: a finding at or above the fail level is a failing
testcase; one below it (a note, say, with the default fail level) is a passing testcase
whose ``<system-out>`` carries the finding; a file without findings gets one passing
testcase, so clean files show up as passed.  Test-case names are the rule, the resource and
the property path -- never the line -- so a test's history survives edits that move it.
``time`` is the file's lint time (suites) and 0 for a finding (it has no duration of its own).
Every embedded string goes through ``escape.xml_text``: XML 1.0 forbids most control
characters even as character references, and the report must parse for any input.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from arm_orchlint.core.findings import SEVERITY_RANK
from arm_orchlint.report import repo_path as _repo_path
from arm_orchlint.report.escape import xml_text


def repo_path(path: str, root: str) -> str:
    return xml_text(_repo_path(path, root))


def case_name(f, rule) -> str:
    """``ORCH206 flexible-single-placement-group vmss-web.properties.singlePlacementGroup``."""
    name = f"{f.rule_id} {rule.name}" if rule else f.rule_id
    where = f.resource or ""
    if f.property_path:
        where = f"{where}.{f.property_path}" if where else f.property_path
    return xml_text(f"{name} {where}" if where else name)


def render(results, context) -> str:
    threshold = SEVERITY_RANK[context.extra.get("fail_level") or "warning"]
    suites = ET.Element("testsuites", name="arm-orchlint")
    total_tests = total_failures = 0
    total_time = 0.0
    for r in results:
        if not r.linted:
            continue
        path = repo_path(r.path, context.root)
        findings = [f for f in r.findings if f.suppression is None]
        failing = sum(1 for f in findings if SEVERITY_RANK[f.severity] >= threshold)
        seconds = getattr(r, "seconds", 0.0)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=path,
            tests=str(max(1, len(findings))),
            failures=str(failing),
            errors="0",
            skipped="0",
            time=f"{seconds:.3f}",
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname=path, name="arm-orchlint", file=path, time=f"{seconds:.3f}")
        names: dict[str, int] = {}
        for f in findings:
            name = case_name(f, context.registry.by_id.get(f.rule_id))
            names[name] = names.get(name, 0) + 1
            if names[name] > 1:  # the same rule twice on one property (different messages)
                name = f"{name} #{names[name]}"
            message = xml_text(f.message)
            case = ET.SubElement(
                suite,
                "testcase",
                classname=path,
                name=name,
                file=repo_path(f.path, context.root),
                line=str(f.line),
                time="0.000",
            )
            text = f"{repo_path(f.path, context.root)}:{f.line}:{f.col}: {f.severity}: {message} [{f.rule_id}]"
            if SEVERITY_RANK[f.severity] >= threshold:
                failure = ET.SubElement(case, "failure", message=message, type=f"{f.rule_id} {f.severity}")
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
        total_tests += max(1, len(findings))
        total_failures += failing
        total_time += seconds
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    suites.set("time", f"{total_time:.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
