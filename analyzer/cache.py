"""On-disk cache of cleaned and segmented corpora.

Entries are keyed by the content of the source file and by every setting that changes the
result (cleaning options, field mapping, segmenter backend and lexicon, analyzer version), so a
stale entry is never hit: a changed setting is a different key. Writes are atomic.

Nothing in the cache can run code: values are stored as JSON (dictionaries, lists, strings,
numbers, booleans, None; tuples come back as lists) or, for NumPy arrays, in the ``.npy``
format read with ``allow_pickle=False``. Each entry carries a SHA-256 checksum over its key,
kind and payload, checked before anything is parsed; an entry that fails the check (a
truncated write, a flipped bit, a file copied from elsewhere) is reported, deleted and rebuilt.
Entries of older versions (pickles, ``*.bin``) are never read.

The directory is, in order of precedence: the ``cache_dir`` argument (``--cache-dir``), the
``ANALYZER_CACHE_DIR`` environment variable, or the user cache directory of the platform
(``~/.cache/analyzer`` on Linux). A directory that other users can write to (group- or
world-writable, or owned by someone else) is refused with a warning: the per-user default is
used instead when it is safe, else caching is off for the run. Folders the cache creates are
private to the user (mode 0700).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

from ._atomic import atomic_write_bytes
from .errors import AnalyzerError

__all__ = ["CACHE_ENV", "Cache", "content_key"]

logger = logging.getLogger(__name__)

CACHE_ENV = "ANALYZER_CACHE_DIR"
_MAGIC = b"ANALYZER-CACHE-2\n"
_KINDS = (b"json", b"npy_")
_DIGEST = 32
_HEADER = len(_MAGIC) + 4 + _DIGEST
_SUFFIX = ".entry"


def content_key(*parts: object) -> str:
    """A hex key for any mix of bytes and strings.

    >>> content_key(b"abc", "clean1") == content_key(b"abc", "clean1")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """A directory of checksummed entries, grouped by namespace.

    Values are JSON-able (dict with string keys, list, tuple, str, int, float, bool, None,
    nested; tuples come back as lists) or NumPy arrays of numbers; see the module docstring.

    Args:
        directory: where entries live; see the module docstring for the default.
        enabled: when False, :meth:`get` always misses and :meth:`put` does nothing
            (``--no-cache``). A directory other users can write to turns the cache off (or
            moves it to the per-user default) with a warning.

    Example:
        >>> import tempfile
        >>> cache = Cache(tempfile.mkdtemp())
        >>> cache.put("docs", "k1", {"text": "扫黑除恶"})
        >>> cache.get("docs", "k1")
        {'text': '扫黑除恶'}
        >>> cache.get("docs", "missing") is None
        True
    """

    def __init__(self, directory: str | os.PathLike | None = None, *, enabled: bool = True) -> None:
        chosen = directory if directory is not None else os.environ.get(CACHE_ENV)
        self.directory = Path(chosen or _default_directory()).expanduser()
        self.enabled = enabled
        self.rebuilt: list[str] = []
        self._made: set[Path] = set()
        if enabled:
            self._refuse_unsafe(explicit=bool(chosen))

    def _refuse_unsafe(self, *, explicit: bool) -> None:
        problem = _unsafe(self.directory)
        if problem is None:
            return
        fix = f"chmod go-w {self.directory}, or choose another folder with --cache-dir"
        default = Path(_default_directory()).expanduser()
        if explicit and default != self.directory and _unsafe(default) is None:
            logger.warning(
                "cache directory %s is %s: not used, the per-user cache %s is used instead (%s)",
                self.directory, problem, default, fix,
            )  # fmt: skip
            self.directory = default
            return
        logger.warning(
            "cache directory %s is %s: not used, caching is off for this run (%s)",
            self.directory, problem, fix,
        )  # fmt: skip
        self.enabled = False

    @classmethod
    def coerce(cls, value: Cache | bool | None) -> Cache:
        """The cache a ``cache=`` argument asks for: a Cache as it is, True for the default
        cache, None or False for none.

        >>> Cache.coerce(False).enabled, Cache.coerce(True).enabled
        (False, True)
        """
        if isinstance(value, Cache):
            return value
        return cls() if value is True else cls(enabled=False)

    def __repr__(self) -> str:
        state = "" if self.enabled else ", enabled=False"
        return f"Cache({str(self.directory)!r}{state})"

    def _path(self, namespace: str, key: str) -> Path:
        return self.directory / namespace / key[:2] / f"{key}{_SUFFIX}"

    def get(self, namespace: str, key: str) -> Any | None:
        """The stored value, or None on a miss; a corrupted entry is deleted and counts as a miss."""
        if not self.enabled:
            return None
        path = self._path(namespace, key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        problem = None
        if not blob.startswith(_MAGIC) or len(blob) < _HEADER:
            problem = "not a cache entry"
        else:
            kind = blob[len(_MAGIC) : len(_MAGIC) + 4]
            digest = blob[len(_MAGIC) + 4 : _HEADER]
            payload = blob[_HEADER:]
            if kind not in _KINDS:
                problem = "unknown kind of entry"
            elif _digest(key, kind, payload) != digest:
                problem = "checksum mismatch (a damaged entry, or one stored under another key)"
            else:
                try:
                    return _decode(kind, payload)
                except (ValueError, RecursionError) as exc:  # checksummed but unparsable
                    problem = f"unreadable ({type(exc).__name__})"
        logger.warning("cache entry %s is corrupted (%s); rebuilding it", path, problem)
        self.rebuilt.append(str(path))
        with contextlib.suppress(OSError):
            path.unlink()
        return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a value atomically; a cache that cannot be written is logged, not fatal.

        Raises:
            TypeError: for a value that is neither JSON-able nor a NumPy array of numbers.
        """
        if not self.enabled:
            return
        try:
            kind, payload = _encode(value)
        except RecursionError:
            logger.warning("not cached: a value nested too deeply for the cache (%s)", namespace)
            return
        blob = _MAGIC + kind + _digest(key, kind, payload) + payload
        path = self._path(namespace, key)
        try:
            self._make_folders(path.parent)
            atomic_write_bytes(path, blob)
        except (OSError, AnalyzerError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            logger.warning("cannot write cache entry in %s (%s)", self.directory, reason)

    def _make_folders(self, folder: Path) -> None:
        """The entry's folders, created private to the user (0700) where missing."""
        if folder in self._made:
            return
        for part in (self.directory, folder.parent, folder):
            part.mkdir(mode=0o700, parents=part == self.directory, exist_ok=True)
        self._made.add(folder)


def _digest(key: str, kind: bytes, payload: bytes) -> bytes:
    digest = hashlib.sha256(key.encode("utf-8"))
    digest.update(kind)
    digest.update(payload)
    return digest.digest()


def _encode(value: Any) -> tuple[bytes, bytes]:
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        if value.dtype.hasobject:
            raise TypeError("Cache.put: a NumPy array of Python objects cannot be cached")
        buffer = io.BytesIO()
        numpy.save(buffer, value, allow_pickle=False)
        return b"npy_", buffer.getvalue()
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return b"json", text.encode("utf-8", "surrogatepass")


def _json_default(value: Any) -> Any:
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        return value.item()
    raise TypeError(
        f"Cache.put: a {type(value).__name__} cannot be cached; values must be JSON-able "
        "(dict, list, str, int, float, bool, None) or NumPy arrays"
    )


def _decode(kind: bytes, payload: bytes) -> Any:
    if kind == b"npy_":
        import numpy

        return numpy.load(io.BytesIO(payload), allow_pickle=False)
    return json.loads(payload.decode("utf-8", "surrogatepass"))


def _unsafe(directory: Path) -> str | None:
    """Why other users could write entries into ``directory``, or None when they cannot."""
    try:
        info = os.stat(directory)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"not usable ({exc.strerror})"
    if not stat.S_ISDIR(info.st_mode):
        return "not a folder"
    if not hasattr(os, "getuid"):  # Windows: no POSIX ownership to check
        return None
    if info.st_uid != os.getuid():
        return f"owned by another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"writable by other users (mode {stat.filemode(info.st_mode)})"
    return None


def _default_directory() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("analyzer", appauthor=False)
