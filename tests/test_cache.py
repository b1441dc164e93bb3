"""Cache: hits, keys that change with settings, corrupted entries rebuilt, --no-cache."""

from analyzer import Cache, Corpus, Segmenter, tokenize


def _entries(cache, namespace):
    return sorted((cache.directory / namespace).rglob("*.entry"))


def test_loading_is_cached_and_keyed_by_settings(tmp_path):
    src = tmp_path / "2021-a.txt"
    src.write_text("当前位置：首页\n\n扫黑除恶。", encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    first = Corpus.load(src, cache=cache)
    assert len(_entries(cache, "documents")) == 1
    again = Corpus.load(src, cache=cache)
    assert again[0].text == first[0].text == "扫黑除恶。"
    assert again[0].cleaning.removed == first[0].cleaning.removed
    raw = Corpus.load(src, cache=cache, clean=False)
    assert raw[0].text.startswith("当前位置")
    assert len(_entries(cache, "documents")) == 2


def test_changed_file_is_a_new_key(tmp_path):
    src = tmp_path / "a.txt"
    cache = Cache(tmp_path / "cache")
    src.write_text("第一版。", encoding="utf-8")
    Corpus.load(src, cache=cache)
    src.write_text("第二版。", encoding="utf-8")
    assert Corpus.load(src, cache=cache)[0].text == "第二版。"


def test_corrupted_entry_is_detected_and_rebuilt(tmp_path, caplog):
    src = tmp_path / "a.txt"
    src.write_text("扫黑除恶。", encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    Corpus.load(src, cache=cache)
    (entry,) = _entries(cache, "documents")
    blob = bytearray(entry.read_bytes())
    blob[-3] ^= 0xFF
    entry.write_bytes(bytes(blob))
    assert Corpus.load(src, cache=cache)[0].text == "扫黑除恶。"
    assert "corrupted" in caplog.text and cache.rebuilt == [str(entry)]
    assert Cache(tmp_path / "cache").get("documents", entry.stem) is not None  # rewritten


def test_truncated_and_foreign_entries_are_misses(tmp_path):
    cache = Cache(tmp_path)
    cache.put("x", "k", [1, 2])
    path = next((tmp_path / "x").rglob("*.entry"))
    path.write_bytes(path.read_bytes()[:10])
    assert cache.get("x", "k") is None
    cache.put("x", "k", [1, 2])
    path.rename(path.with_name("other.entry"))
    (path.parent / "other.entry").rename(path.parent.parent / path.parent.name / "zz.entry")
    assert cache.get("x", "zz") is None  # an entry under the wrong key is not trusted


def test_tokens_cached_per_segmenter_settings(tmp_path):
    cache = Cache(tmp_path)
    corpus = Corpus.from_texts(["坚持发展枫桥经验。"])
    plain = tokenize(corpus, Segmenter(builtin_lexicon=False), cache=cache)
    lexical = tokenize(corpus, Segmenter(), cache=cache)
    assert plain[0] != lexical[0] and "枫桥经验" in lexical[0]
    assert len(_entries(cache, "tokens")) == 2
    assert tokenize(corpus, Segmenter(), cache=cache)[0] == lexical[0]


def test_disabled_cache_writes_nothing(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("扫黑除恶。", encoding="utf-8")
    cache = Cache(tmp_path / "cache", enabled=False)
    Corpus.load(src, cache=cache)
    assert not (tmp_path / "cache").exists()


def test_cache_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "env"))
    assert Cache().directory == tmp_path / "env"


def test_values_round_trip_as_json_or_npy(tmp_path):
    import numpy as np

    cache = Cache(tmp_path)
    value = {"entries": [{"text": "扫黑除恶", "year": 2021, "score": 0.5, "ok": True, "x": None}],
             "pair": ("a", 1)}  # fmt: skip
    cache.put("x", "k", value)
    assert cache.get("x", "k") == {**value, "pair": ["a", 1]}  # tuples come back as lists
    matrix = np.arange(12, dtype=np.int64).reshape(3, 4)
    cache.put("counts", "m", matrix)
    back = cache.get("counts", "m")
    assert back.dtype == np.int64 and (back == matrix).all()
    cache.put("x", "n", [np.int64(3), np.float64(0.25)])  # NumPy scalars become numbers
    assert cache.get("x", "n") == [3, 0.25]


def test_values_that_are_neither_json_nor_arrays_are_refused(tmp_path):
    import numpy as np
    import pytest

    cache = Cache(tmp_path)
    with pytest.raises(TypeError, match="cannot be cached"):
        cache.put("x", "k", {"when": object()})
    with pytest.raises(TypeError, match="Python objects"):
        cache.put("x", "k", np.array([object()]))


def test_no_entry_is_a_pickle(tmp_path):
    src = tmp_path / "2021-a.txt"
    src.write_text("坚持发展枫桥经验。", encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    tokenize(Corpus.load(src, cache=cache), Segmenter(), cache=cache)
    entries = list((tmp_path / "cache").rglob("*.entry"))
    assert len(entries) == 2
    for entry in entries:
        blob = entry.read_bytes()
        assert blob.startswith(b"ANALYZER-CACHE-2\n")
        assert b"\x80\x04" not in blob[:64]  # no pickle protocol header


def test_planted_pickle_runs_nothing(tmp_path):
    """A pickle planted where an entry lives, even with a valid old-style checksum and a
    reproduced new-style header, is never unpickled: the marker file is not created."""
    import hashlib
    import os
    import pickle

    src = tmp_path / "2021-a.txt"
    src.write_text("扫黑除恶。", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cache = Cache(cache_dir)
    Corpus.load(src, cache=cache)
    (entry,) = cache_dir.rglob("*.entry")
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps((entry.stem, Exploit()))
    for blob in (
        b"ANALYZER-CACHE-1\n" + hashlib.sha256(payload).digest() + payload,  # the old format
        b"ANALYZER-CACHE-2\njson" + hashlib.sha256(payload).digest() + payload,  # wrong digest
        payload,
    ):
        entry.write_bytes(blob)
        (entry.with_suffix(".bin")).write_bytes(blob)  # where the old version kept entries
        corpus = Corpus.load(src, cache=Cache(cache_dir))
        assert corpus[0].text == "扫黑除恶。"
        assert not marker.exists()


def test_cache_directory_writable_by_others_is_refused(tmp_path, monkeypatch, caplog):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    default = tmp_path / "mine"
    monkeypatch.setattr("analyzer.cache._default_directory", lambda: str(default))
    cache = Cache(shared)
    assert cache.enabled and cache.directory == default  # the per-user default instead
    assert "writable by other users" in caplog.text and str(shared) in caplog.text
    default.mkdir(mode=0o775)
    default.chmod(0o775)
    off = Cache(shared)
    assert not off.enabled  # neither is safe: no cache for this run
    src = tmp_path / "a.txt"
    src.write_text("扫黑除恶。", encoding="utf-8")
    Corpus.load(src, cache=off)
    assert not list(shared.rglob("*"))


def test_cache_directory_owned_by_another_user_is_refused(tmp_path, monkeypatch, caplog):
    import os

    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr("analyzer.cache._default_directory", lambda: str(folder))
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if str(path) == str(folder):
            return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink,
                                   os.getuid() + 1, info.st_gid, info.st_size, 0, 0, 0))  # fmt: skip
        return info

    monkeypatch.setattr("analyzer.cache.os.stat", stat)
    assert not Cache(folder).enabled
    assert "owned by another user" in caplog.text


def test_created_cache_folders_are_private(tmp_path):
    import stat

    cache = Cache(tmp_path / "new" / "cache")
    cache.put("tokens", "ab12", [["扫黑除恶"]])
    for folder in (cache.directory, cache.directory / "tokens", cache.directory / "tokens" / "ab"):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder


def test_every_cached_command_gives_the_same_output_from_the_cache(invoke, sample, tmp_path):
    """Every caller of the cache (documents, tokens, unit tokens, phrases, count matrices)
    round-trips through JSON/.npy: a warm run prints exactly what the cold run printed."""
    cache_dir = tmp_path / "cache"
    for command in (["info", "--format", "json"], ["tokens"], ["phrases", "--format", "csv"],
                    ["keywords", "--format", "csv"], ["compare", "--format", "csv", "--top", "5"],
                    ["trend", "扫黑除恶", "--format", "csv"]):  # fmt: skip
        cold = invoke(command[0], sample, *command[1:], "--cache-dir", cache_dir)
        entries = sorted(cache_dir.rglob("*.entry"))
        warm = invoke(command[0], sample, *command[1:], "--cache-dir", cache_dir)
        assert cold.exit_code == warm.exit_code == 0, cold.output + warm.output
        assert warm.stdout == cold.stdout, command
        assert sorted(cache_dir.rglob("*.entry")) == entries  # nothing rebuilt
        assert "corrupted" not in warm.stderr
    namespaces = {p.relative_to(cache_dir).parts[0] for p in cache_dir.rglob("*.entry")}
    assert {"documents", "tokens", "phrases", "counts"} <= namespaces
