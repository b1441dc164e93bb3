"""Atomic file writes of regular files only: a reader sees the old file or the new one, never
half of one, and nothing but a regular file is ever replaced.

Every file analyzer writes (``-o`` outputs, reports, lexicons, cache entries, fetched reports,
saved models) goes through :func:`atomic_output`:

* the target must be a regular file or not exist: a symbolic link, a FIFO, a device or a folder
  is refused (:class:`~analyzer.errors.OutputError`), so ``-o`` onto ``/dev/full``, a link or
  ``/proc/self/fd/1`` leaves it intact; so is a path whose folder is a file;
* the data goes to a temporary file beside the target, named ``.NAME.XXXXXXXX.analyzer-tmp``,
  which is renamed into place once complete, and removed when the write fails or is
  interrupted (an exception, Ctrl-C, or SIGTERM through the CLI's handler, which calls
  :func:`remove_temp_files`);
* our temporary files older than a day (a process killed with SIGKILL leaves them) are removed
  the first time a process writes into that folder;
* an operating-system error (disk full, permission denied) is an :class:`OSError` naming the
  target.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

__all__ = [
    "TEMP_SUFFIX",
    "atomic_output",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_path",
    "remove_temp_files",
]

logger = logging.getLogger(__name__)

TEMP_SUFFIX = ".analyzer-tmp"
STALE_SECONDS = 24 * 3600
_live: set[str] = set()
_swept: set[str] = set()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _shown(path: Path) -> str:
    from .readers import shown

    return shown(path)


def check_output_path(path: str | os.PathLike) -> Path:
    """``path`` as a Path when a regular file may be written there, else an OutputError.

    Example:
        >>> check_output_path("/dev/null")
        Traceback (most recent call last):
        ...
        analyzer.errors.OutputError: /dev/null: not a regular file (a device); not replaced: choose another output file
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        info = None  # a parent is a file: named below
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    if info is not None:
        kind = _kind(info.st_mode)
        if kind is not None:
            raise OutputError(
                _shown(path),
                f"not a regular file ({kind}); not replaced: choose another output file",
            )
        return path
    for parent in path.parents:
        try:
            parent_info = os.stat(parent)
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(parent)) from None
        if not stat.S_ISDIR(parent_info.st_mode):
            raise OutputError(_shown(path), f"{_shown(parent)} is not a folder")
        break
    return path


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file handle whose content replaces ``path`` when the block ends without error.

    The file gets the permissions a plain ``open(path, "w")`` would give (0666 less the
    umask), not the private 0600 of temporary files, so a shared report stays readable.

    Raises:
        OutputError: ``path`` is not a regular file, or its folder is a file.
        OSError: the folder cannot be created or written (with ``filename`` set to ``path``).
    """
    path = check_output_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot create its folder ({exc.strerror})", str(path)) from None
    sweep_stale(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    _live.add(tmp)
    try:
        if hasattr(os, "fchmod"):  # POSIX (Windows has no modes to fix)
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        check_output_path(path)  # still a regular file (or absent) at the moment of renaming
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    except BaseException:
        _discard(tmp)
        raise
    finally:
        _live.discard(tmp)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`); returns the path."""
    with atomic_output(path) as handle:
        handle.write(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Text version of :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode(encoding))


def remove_temp_files() -> None:
    """Remove the temporary files of writes still in progress (for signal handlers)."""
    for tmp in list(_live):
        _discard(tmp)
        _live.discard(tmp)


def sweep_stale(folder: Path, *, max_age: float = STALE_SECONDS) -> list[str]:
    """Remove our temporary files older than ``max_age`` seconds in ``folder`` (once per
    folder and process); returns the names removed."""
    key = os.path.abspath(folder)
    if key in _swept:
        return []
    _swept.add(key)
    removed = []
    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        mine = uid is None or info.st_uid == uid
        if stat.S_ISREG(info.st_mode) and mine and now - info.st_mtime > max_age:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(entry.name)
    if removed:
        logger.info("removed %d stale temporary file(s) in %s", len(removed), folder)
    return removed


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
