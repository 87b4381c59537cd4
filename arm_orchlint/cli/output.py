"""Where the report goes: ``--output`` written atomically, or standard output.

``--output`` usually names a file inside the checkout under review, which may hold a
committed symlink (``arm-orchlint.sarif -> ~/.bashrc``): a symlink target is refused, and
the report is written to a temporary file in the same folder and renamed over the target,
so a full disk or a kill never leaves a truncated report.  A closed standard output
(``| head``, ``>&-``) ends the run quietly, as other command-line tools do.
"""

from __future__ import annotations

import os
import stat
import sys


class OutputError(Exception):
    """The ``--output`` target cannot be written (checked before any linting)."""


def check_target(output: str, what: str = "--output") -> None:
    """Refuse a target that is a symlink, not a regular file, or in a missing folder."""
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise OutputError(f"{what} {output}: the folder {folder} does not exist")
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{what} {output}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{what} {output} is a symbolic link; refusing to write through it")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{what} {output} is not a regular file")


def write_file(output: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``output`` through a temporary file and ``os.replace``."""
    write_bytes(output, text.encode("utf-8", "backslashreplace"))


def write_bytes(output: str, data: bytes, what: str = "--output") -> None:
    """Write ``data`` to ``output`` the same way (``--output``, and files ``--fix`` repairs)."""
    import tempfile

    check_target(output, what)
    folder = os.path.dirname(os.path.abspath(output))
    fd, temp = tempfile.mkstemp(prefix=".arm-orchlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, _new_file_mode(output))
        os.replace(temp, output)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _new_file_mode(output: str) -> int:
    """The mode an existing target has, or what ``open()`` would give a new file."""
    try:
        return stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_stdout(text: str) -> None:
    """Print ``text``; nothing (and no complaint) when standard output is closed."""
    stream = sys.stdout
    if stream is None:  # started with stdout closed (>&-)
        return
    # The formatters leave no lone surrogate; this guard keeps one bug from costing the run.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a legacy code page: UTF-8 bytes, as the formats promise
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
        stream.flush()
    except BrokenPipeError:
        silence_stdout()
    except ValueError:  # closed file object
        pass


def silence_stdout() -> None:
    """After a broken pipe: point fd 1 at /dev/null, so that the interpreter's final
    flush does not print "Exception ignored ... BrokenPipeError"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass


def exit_after_closed_pipe() -> None:
    """Standard output closed under the run (``| head``): exit 1 quietly, with nothing more
    written (the click commands and the click-free ``--format`` route end this way)."""
    silence_stdout()
    sys.exit(1)


def append_step_summary(fmt: str, results, context) -> None:
    """GitHub Actions: with ``--format github`` and ``$GITHUB_STEP_SUMMARY`` set, a Markdown
    table of the findings is appended to that file (the formatter only makes the text)."""
    if fmt != "github":
        return
    path = context.extra.get("step_summary", os.environ.get("GITHUB_STEP_SUMMARY"))
    if not path:
        return
    from arm_orchlint.report.github import step_summary

    with open(path, "a", encoding="utf-8") as fh:
        fh.write(step_summary(results, context))
