"""The checkout: the one folder whose files a template may make the linter read.

In CI the linter reads the checkout of a pull request, with the job's secrets in its
environment and the checkout's git credentials on disk.  Every file opened because a
template names it (Bicep modules and ``load*`` functions, ``templateLink.relativePath``,
the template of a ``.bicepparam`` ``using``) and every file found by walking a folder must
resolve -- symlinks followed -- to a place inside the root, and never inside ``.git``.

The root is ``--root`` when given, else the git work tree holding the input, else the
current folder when the input is inside it, else the folder named on the command line that
holds the input (a folder outside any checkout), else the input's own folder.
"""

from __future__ import annotations

import os

_override: str | None = None  # --root, as a real path
_arguments: list[str] = []  # folders named on the command line, as real paths
_active: list[str] = []  # the root of the input being linted (innermost last)
_git_roots: dict[str, str | None] = {}
# What one run over many inputs (``remembering_folders``) looks up once and reuses from one
# input to the next, by name (``run_memo``): files and folders do not change during a run.
# Forgotten when the run ends, so a long-lived process (the language server) sees later
# changes on disk.
_memos: dict[str, dict] | None = None


def real_path(path: str) -> str:
    """``os.path.realpath(path)``; during a run (``remembering_folders``) each absolute path's
    real path is remembered, and a new path's folder's, so that only its last component is
    looked at (a symlink: resolved)."""
    # (folder -> its real path: reads and roots resolve the same few folders again and
    # again, an lstat per path component each time)
    folders = run_memo("real folders")
    if folders is None:
        return os.path.realpath(path)
    if not os.path.isabs(path):
        path = os.path.join(os.getcwd(), path)  # as realpath does (the cwd is a real path)
    found = folders.get(path)  # (a file is resolved again by each reader of it)
    if found is not None:
        return found
    head, name = os.path.split(path)
    if not name or name in (os.curdir, os.pardir):
        return os.path.realpath(path)
    real_head = folders.get(head)
    if real_head is None:
        real_head = folders[head] = real_path(head)  # (its folder remembered in turn)
    joined = os.path.join(real_head, name)
    found = folders[path] = os.path.realpath(joined) if os.path.islink(joined) else joined
    return found


def configure(root: str | None, arguments: list[str] = ()) -> None:
    """``--root`` (None: found per input) and the paths named on the command line."""
    global _override
    _override = os.path.realpath(root) if root else None
    _arguments[:] = [
        os.path.realpath(a if os.path.isdir(a) else os.path.dirname(os.path.abspath(a))) for a in arguments
    ]


def root_for(path: str) -> str:
    """The real path of the folder that confines the reads made for input ``path``."""
    if _override is not None:
        return _override
    folder = os.path.dirname(os.path.abspath(path))
    # ((folder, cwd, folders named) -> the answer: built from the same folders' real paths,
    # two lstat calls per input otherwise)
    roots = run_memo("roots")
    if roots is None:
        return _root_of(folder)
    key = (folder, os.getcwd(), tuple(_arguments))
    found = roots.get(key)
    if found is None:
        found = roots[key] = _root_of(folder)
    return found


def _root_of(folder: str) -> str:
    git = _git_work_tree(folder)
    if git is not None:
        return git
    cwd = real_path(os.getcwd())
    real_folder = real_path(folder)
    if _inside(real_folder, cwd):
        return cwd
    named = [a for a in _arguments if _inside(real_folder, a)]
    return min(named, key=len) if named else real_folder


def _git_work_tree(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding a ``.git`` entry (a work tree, a
    linked worktree or a submodule), as a real path."""
    seen = []
    current = folder
    while True:
        if current in _git_roots:
            found = _git_roots[current]
            break
        seen.append(current)
        if os.path.lexists(os.path.join(current, ".git")):
            found = os.path.realpath(current)
            break
        parent = os.path.dirname(current)
        if parent == current:
            found = None
            break
        current = parent
    for f in seen:
        _git_roots[f] = found
    return found


def _inside(real: str, root: str) -> bool:
    real, root = os.path.normcase(real), os.path.normcase(root)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class confined_to:
    """``with confined_to(input_path):`` reads made while linting this input are
    confined to its root.  Inside another ``confined_to`` the outer root stays (the
    template of a ``using``, a module compiled for an input)."""

    def __init__(self, path: str):
        self.root = _active[-1] if _active else root_for(path)

    def __enter__(self):
        _active.append(self.root)
        return self

    def __exit__(self, *exc):
        _active.pop()
        return False


class remembering_folders:
    """``with remembering_folders():`` folders' real paths (``real_path``), inputs' roots and
    the other ``run_memo`` dicts are kept until the outermost such block ends."""

    def __enter__(self):
        global _memos
        self.owner = _memos is None
        if self.owner:
            _memos = {}
        return self

    def __exit__(self, *exc):
        global _memos
        if self.owner:
            _memos = None
        return False


def run_memo(name: str) -> dict | None:
    """A dict kept until the outermost ``remembering_folders`` ends, or None outside one: for
    results that depend on files on disk, reused from one input of a run to the next (the
    files do not change during a run; a long-lived process starts afresh each time)."""
    if _memos is None:
        return None
    found = _memos.get(name)
    if found is None:
        found = _memos[name] = {}
    return found


def active() -> bool:
    """True while an input is being linted (``confined_to``)."""
    return bool(_active)


def current_root(named_from: str | None) -> str:
    """The root for a read: the active input's, else that of the file naming it, else
    that of the current folder."""
    if _active:
        return _active[-1]
    return root_for(named_from or os.path.join(os.getcwd(), "-"))


def refusal(path: str, named_from: str | None = None) -> tuple[str, str | None]:
    """(the real path, why it may not be read or None).  ``named_from`` is the file whose
    content names ``path`` (for the root when no input is active)."""
    real = real_path(path)
    root = current_root(named_from)
    if not _inside(real, root):
        return real, "is outside the checkout"
    rel = real[len(root) :].lstrip(os.sep)
    if any(part.lower() == ".git" for part in rel.split(os.sep)):
        return real, "is inside the .git folder"
    return real, None
