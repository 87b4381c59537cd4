import os

import pytest

SAMPLES = os.path.join(os.path.dirname(__file__), "samples")


@pytest.fixture
def compile_text():
    """Compile Bicep text; extra files for modules / load*Content come from ``files``."""
    from arm_orchlint.front.bicep.compile import compile_bicep

    def run(text, files=None, path="/virtual/main.bicep"):
        files = {os.path.normpath(k): v for k, v in (files or {}).items()}

        def read(p):
            p = os.path.normpath(p)
            if p not in files:
                raise OSError(f"no such file: {p}")
            return files[p]

        return compile_bicep(path, text, read_file=read)

    return run
