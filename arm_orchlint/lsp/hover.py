"""Hover: on a finding, its rule's explanation (the text of ``arm-orchlint explain``); on
a scale set, its effective configuration as the linter reads it (``arm-orchlint show``)."""

from __future__ import annotations

from lsprotocol import types as T

from arm_orchlint.lsp.convert import span_range


def _inside(rng: T.Range, pos: T.Position) -> bool:
    start, end = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    return start <= (pos.line, pos.character) <= end


def finding_parts(findings, registry, pos: T.Position) -> list[str]:
    parts, seen = [], set()
    for f in findings:
        if f.rule_id in seen or not _inside(span_range(f.span), pos):
            continue
        seen.add(f.rule_id)
        rule = registry.get(f.rule_id)
        text = rule.explain_text() if rule is not None else f"{f.rule_id}\n"
        parts.append(f"**{f.rule_id}**: {f.message}\n\n{text}")
    return parts


def scale_set_parts(views: list[dict], path_key, pos: T.Position) -> list[str]:
    from arm_orchlint.lint.show import text_lines
    from arm_orchlint.lsp.paths import key

    line = pos.line + 1
    parts = []
    for view in views:
        places = [view] + ([view["module"]] if view.get("module") else [])
        if any(key(p["path"]) == path_key and p["line"] <= line <= p["end_line"] for p in places):
            parts.append("```text\n" + "\n".join(text_lines(view)) + "\n```")
    return parts


def hover(findings, registry, views: list[dict], path_key: str, pos: T.Position) -> T.Hover | None:
    parts = finding_parts(findings, registry, pos) + scale_set_parts(views, path_key, pos)
    if not parts:
        return None
    return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))
