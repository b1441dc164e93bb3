"""Cache: hits, keys that change with settings, corrupted entries rebuilt, --no-cache."""

from analyzer import Cache, Corpus, Segmenter, tokenize


def _entries(cache, namespace):
    return sorted((cache.directory / namespace).rglob("*.bin"))


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
    path = next((tmp_path / "x").rglob("*.bin"))
    path.write_bytes(path.read_bytes()[:10])
    assert cache.get("x", "k") is None
    cache.put("x", "k", [1, 2])
    path.rename(path.with_name("other.bin"))
    (path.parent / "other.bin").rename(path.parent.parent / path.parent.name / "zz.bin")
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
