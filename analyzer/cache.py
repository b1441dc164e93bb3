"""On-disk cache of cleaned and segmented corpora.

Entries are keyed by the content of the source file and by every setting that changes the
result (cleaning options, field mapping, segmenter backend and lexicon, analyzer version), so a
stale entry is never hit: a changed setting is a different key. Each entry carries a checksum
and its own key; an entry that fails either check (a truncated write, a flipped bit, a file
copied from elsewhere) is reported, deleted and rebuilt. Writes are atomic.

The directory is, in order of precedence: the ``cache_dir`` argument (``--cache-dir``), the
``ANALYZER_CACHE_DIR`` environment variable, or the user cache directory of the platform
(``~/.cache/analyzer`` on Linux).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from ._atomic import atomic_write_bytes

__all__ = ["CACHE_ENV", "Cache", "content_key"]

logger = logging.getLogger(__name__)

CACHE_ENV = "ANALYZER_CACHE_DIR"
_MAGIC = b"ANALYZER-CACHE-1\n"
_DIGEST = 32


def content_key(*parts: object) -> str:
    """A hex key for any mix of bytes and strings.

    >>> content_key(b"abc", "clean1") == content_key(b"abc", "clean1")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """A directory of checksummed entries, grouped by namespace.

    Args:
        directory: where entries live; see the module docstring for the default.
        enabled: when False, :meth:`get` always misses and :meth:`put` does nothing
            (``--no-cache``).

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
        if directory is None:
            directory = os.environ.get(CACHE_ENV) or _default_directory()
        self.directory = Path(directory).expanduser()
        self.enabled = enabled
        self.rebuilt: list[str] = []

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
        return self.directory / namespace / key[:2] / f"{key}.bin"

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
        if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + _DIGEST:
            problem = "not a cache entry"
        else:
            digest = blob[len(_MAGIC) : len(_MAGIC) + _DIGEST]
            payload = blob[len(_MAGIC) + _DIGEST :]
            if hashlib.sha256(payload).digest() != digest:
                problem = "checksum mismatch"
            else:
                try:
                    stored_key, value = pickle.loads(payload)
                except Exception as exc:  # any unpickling failure means a bad entry
                    problem = f"unreadable ({type(exc).__name__})"
                else:
                    if stored_key == key:
                        return value
                    problem = "entry belongs to another key"
        logger.warning("cache entry %s is corrupted (%s); rebuilding it", path, problem)
        self.rebuilt.append(str(path))
        with contextlib.suppress(OSError):
            path.unlink()
        return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a value atomically; a cache that cannot be written is logged, not fatal."""
        if not self.enabled:
            return
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + hashlib.sha256(payload).digest() + payload
        try:
            atomic_write_bytes(self._path(namespace, key), blob)
        except OSError as exc:
            logger.warning("cannot write cache entry in %s (%s)", self.directory, exc.strerror)


def _default_directory() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("analyzer", appauthor=False)
