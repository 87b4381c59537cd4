"""Reading a file as it was at a git revision (``git show REF:path``), without a checkout."""

from __future__ import annotations

import os


class GitError(Exception):
    """git is missing, the path is not in a repository, or the revision does not exist."""


def _git(folder: str, *args: str):
    import subprocess  # only --against and diff need git

    try:
        return subprocess.run(["git", "-C", folder, *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "unknown git error"


class Revision:
    """One revision of the repositories holding the files asked about."""

    def __init__(self, ref: str):
        self.ref = ref
        self._roots: dict[str, str] = {}  # folder -> repository top level
        self._checked: set[str] = set()  # roots where the ref resolved

    def root_of(self, folder: str) -> str:
        folder = os.path.abspath(folder or ".")
        root = self._roots.get(folder)
        if root is None:
            done = _git(folder, "rev-parse", "--show-toplevel")
            if done.returncode != 0:
                raise GitError(f"{folder} is not inside a git repository ({_first_line(done.stderr)})")
            root = self._roots[folder] = done.stdout.decode("utf-8").strip()
        if root not in self._checked:
            done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{self.ref}^{{commit}}")
            if done.returncode != 0:
                raise GitError(f"unknown git revision {self.ref!r} in {root}")
            self._checked.add(root)
        return root

    def relative(self, path: str) -> tuple[str, str]:
        """(repository root, path relative to it in POSIX form)."""
        folder = os.path.dirname(os.path.abspath(path))
        root = self.root_of(folder)
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            raise GitError(f"{path} is outside the repository at {root}")
        return root, rel.replace(os.sep, "/")

    def show(self, path: str) -> bytes | None:
        """The file's bytes at the revision, or None when it did not exist there."""
        root, rel = self.relative(path)
        spec = f"{self.ref}:{rel}"
        if _git(root, "cat-file", "-e", spec).returncode != 0:
            return None
        done = _git(root, "cat-file", "blob", spec)
        if done.returncode != 0:
            raise GitError(f"cannot read {spec}: {_first_line(done.stderr)}")
        return done.stdout

    def label(self, path: str) -> str:
        """How the old version is named in messages: ``REF:path``."""
        return f"{self.ref}:{self.relative(path)[1]}"
