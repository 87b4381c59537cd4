"""Which rules run: ``select``/``ignore`` for the whole run, ``per-file-ignores`` per file."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterable

    from arm_orchlint.lint.options import Options
    from arm_orchlint.rules.registry import Registry, Rule

from arm_orchlint.rules.selectors import matches as selector_matches


def matches(rule: Rule, selectors: Iterable[str]) -> bool:
    """Whether any selector (see ``rules.selectors``) matches the rule."""
    return any(selector_matches(rule, s) for s in selectors)


class Selection:
    def __init__(self, registry: Registry, options: Options):
        self.options = options
        self.active: dict[str, Rule] = {r.id: r for r in registry.rules if self._enabled(r)}

    def _enabled(self, rule: Rule) -> bool:
        opts = self.options
        if opts.select is not None and not matches(rule, opts.select):
            return False
        return not matches(rule, opts.ignore)

    def ignored_rules(self, path: str) -> set[str]:
        """Rule ids that ``per-file-ignores`` switches off for ``path``."""
        if not self.options.per_file_ignores:
            return set()
        from arm_orchlint.config.globs import matches as glob_matches
        from arm_orchlint.config.globs import relative_to

        rel = relative_to(path, self.options.config_root)
        out: set[str] = set()
        for pattern, selectors in self.options.per_file_ignores:
            if glob_matches(pattern, rel):
                out |= {rule_id for rule_id, rule in self.active.items() if matches(rule, selectors)}
        return out

    def enabled_for(self, rule_id: str, path: str, ignored: set[str] | None = None) -> bool:
        if ignored is None:
            ignored = self.ignored_rules(path)
        return rule_id in self.active and rule_id not in ignored
