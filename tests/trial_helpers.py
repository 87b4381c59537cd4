"""Shared by the allowedValues trial tests (``test_trial_entries.py``, ``test_trial_reuse.py``):
templates, and the findings of a file and of each of its trials with or without reuse of
the plain run (``evaluation/reuse.py``)."""

import json
import sys

from arm_orchlint.evaluation import reuse
from arm_orchlint.lint.engine import Linter, Options

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
MODE = {"type": "string", "allowedValues": ["Uniform", "Flexible"]}
EXPAND = sys.modules["arm_orchlint.evaluation.expand"]  # (``expand`` is also the function's name)


def scale_set(name, properties, **extra):
    body = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": name,
        "location": "westeurope",
        "sku": {"name": "Standard_D2s_v5", "capacity": 2},
        "properties": {"singlePlacementGroup": False, "platformFaultDomainCount": 1, **properties},
    }
    body.update(extra)
    return body


def shown(found):
    return [(f.rule_id, f.severity, f.message, f.pointer, [(r.message, r.span) for r in f.related]) for f in found]


def findings(registry, tmp_path, data, monkeypatch, reusing, walked=None):
    """The file's findings, then what each trial found (before exploration sums them up);
    ``walked`` collects the pointers of the entries the trials walked."""
    trials = []
    with monkeypatch.context() as patch:
        if not reusing:
            patch.setattr(reuse.Recorder, "for_trial", lambda self, tried: None)
        for name in ("_rules_with", "_errors_with"):
            real = getattr(Linter, name)

            def spy(self, *args, _real=real, **kwargs):
                found = _real(self, *args, **kwargs)
                trials.append(shown(found))
                return found

            patch.setattr(Linter, name, spy)
        if walked is not None:
            real_walk = EXPAND._Expander.entry

            def walk(self, tpl, raw, pointer, *rest):
                if isinstance(self.reuse, reuse._Reuse):
                    walked.append(pointer)
                return real_walk(self, tpl, raw, pointer, *rest)

            patch.setattr(EXPAND._Expander, "entry", walk)
        path = tmp_path / "t.json"
        path.write_text(json.dumps(data, indent=2))
        found = Linter(registry, Options()).lint_file(str(path)).findings
    return shown(found) + [("trial", i, trial) for i, trial in enumerate(trials)]
