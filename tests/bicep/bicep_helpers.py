import os

SAMPLES = os.path.join(os.path.dirname(__file__), "samples")


def sample(name):
    path = os.path.join(SAMPLES, name)
    with open(path, encoding="utf-8") as f:
        return path, f.read()
