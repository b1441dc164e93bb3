"""Downloading public corpora listed in the registry (``corpora/registry.toml``).

The registry holds facts only (titles, years, source addresses). ``fetch_corpus`` downloads each
listed document into a folder, named ``YEAR-title.ext`` so that loading the folder attaches the
right years, and writes a manifest (``.manifest.json``: address, file, size, SHA-256) beside
them. A document that fails (HTTP error, timeout) is reported and the others go on; a second
run downloads only what is missing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import __version__
from ._atomic import atomic_write_bytes, atomic_write_text
from .errors import AnalyzerError, InputError
from .readers import Skipped

__all__ = ["FetchResult", "RegistryEntry", "fetch_corpus", "load_registry"]

logger = logging.getLogger(__name__)

MANIFEST = ".manifest.json"
MAX_BYTES = 50 * 1024 * 1024
_SUFFIXES = {".html", ".htm", ".txt", ".pdf", ".docx", ".md", ".json", ".jsonl", ".csv"}
_TYPES = {
    "text/html": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/json": ".json",
}


@dataclass(frozen=True)
class RegistryEntry:
    """One public corpus: its name, description and the documents it lists."""

    name: str
    title: str
    documents: list[dict]
    source: str | None = None
    licence: str | None = None


@dataclass
class FetchResult:
    """What a fetch did: files saved now, files already present, documents that failed."""

    dest: Path
    saved: list[Path] = field(default_factory=list)
    present: list[Path] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)


def load_registry(path: str | Path) -> dict[str, RegistryEntry]:
    """Read a registry TOML file: ``[corpora.NAME]`` tables with ``[[...documents]]``."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read registry ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"invalid TOML ({exc})") from None
    entries = {}
    for name, table in (data.get("corpora") or {}).items():
        documents = table.get("documents") or []
        for i, doc in enumerate(documents):
            if not isinstance(doc, dict) or not doc.get("url"):
                raise InputError(str(path), f"corpora.{name}.documents[{i}] has no url")
        entries[name] = RegistryEntry(
            name, table.get("title", name), documents, table.get("source"), table.get("licence")
        )
    return entries


def fetch_corpus(
    entry: RegistryEntry,
    dest: str | Path,
    *,
    timeout: float = 30.0,
    retries: int = 2,
    force: bool = False,
    progress=None,
) -> FetchResult:
    """Download every document of a registry entry into ``dest``.

    Args:
        entry: the corpus to fetch.
        dest: the folder to fill (created if needed).
        timeout: seconds to wait for each response.
        retries: extra attempts after a timeout, a connection error or a 5xx response.
        force: download again even when the manifest says a file is already there.
        progress: an optional callable ``progress(done, total, title)``.
    """
    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnalyzerError(f"cannot create {dest} ({exc.strerror})") from None
    manifest_path = dest / MANIFEST
    manifest = _read_manifest(manifest_path)
    result = FetchResult(dest)
    names: set[str] = set()
    for done, doc in enumerate(entry.documents, start=1):
        url = doc["url"]
        known = manifest.get(url)
        if known and not force and _intact(dest / known["file"], known["sha256"]):
            result.present.append(dest / known["file"])
            names.add(known["file"])
        else:
            try:
                data, content_type = _download(url, timeout=timeout, retries=retries)
            except _FetchError as exc:
                result.failed.append(Skipped(url, str(exc)))
                logger.warning("cannot fetch %s: %s", url, exc)
            else:
                name = _file_name(doc, url, content_type, names)
                atomic_write_bytes(dest / name, data)
                manifest[url] = {
                    "title": doc.get("title"),
                    "year": doc.get("year"),
                    "url": url,
                    "file": name,
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                names.add(name)
                result.saved.append(dest / name)
        if progress is not None:
            progress(done, len(entry.documents), doc.get("title") or url)
    atomic_write_text(
        manifest_path,
        json.dumps(
            {
                "corpus": entry.name,
                "title": entry.title,
                "source": entry.source,
                "licence": entry.licence,
                "documents": list(manifest.values()),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
    )
    return result


class _FetchError(Exception):
    pass


def _download(url: str, *, timeout: float, retries: int) -> tuple[bytes, str]:
    request = urllib.request.Request(
        url, headers={"User-Agent": f"analyzer/{__version__} (corpus fetch)"}
    )
    last = "no attempt"
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(4.0, 0.5 * 2 ** (attempt - 1)))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = response.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    raise _FetchError(f"larger than {MAX_BYTES // 1048576} MB")
                if not data:
                    raise _FetchError("empty response")
                return data, response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500:
                break
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            last = f"cannot connect ({reason})"
    raise _FetchError(last)


def _file_name(doc: dict, url: str, content_type: str, taken: set[str]) -> str:
    suffix = Path(unquote(urlparse(url).path)).suffix.lower()
    if suffix not in _SUFFIXES:
        suffix = _TYPES.get(content_type, ".html")
    title = doc.get("title") or Path(unquote(urlparse(url).path)).stem or "document"
    slug = re.sub(r"[^\w\u4e00-\u9fff]+", "-", title).strip("-")[:60] or "document"
    year = doc.get("year")
    base = f"{year}-{slug}" if year and str(year) not in slug else slug
    if not year:
        base = f"undated-{slug}"
    name = f"{base}{suffix}"
    n = 2
    while name in taken:
        name = f"{base}-{n}{suffix}"
        n += 1
    return name


def _read_manifest(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text("utf-8"))
        return {d["url"]: d for d in data.get("documents", []) if "url" in d and "file" in d}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _intact(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False
