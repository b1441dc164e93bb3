"""Property-based tests (hypothesis) on generated corpora: loading, decoding, cleaning,
segmentation, phrases, trend and kwic.

The documented counting rule is exact: a count is ``str.count`` of the term on each cleaned
document (non-overlapping, left to right), summed over the group; ``kwic`` lists the very
occurrences behind each count, and every offset slices the term out of the cleaned text.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from analyzer import Corpus, Segmenter
from analyzer.clean import ZERO_WIDTH, CleaningOptions, clean_text, replace_surrogates
from analyzer.errors import InputError
from analyzer.readers.decode import decode

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters of policy prose: common hanzi, the characters of the formulations we track,
#: Chinese and ASCII punctuation, digits, Latin letters and whitespace.
HANZI = (
    "扫黑除恶专项斗争平安中国枫桥经验坚持发展新时代政法工作会议全省要深入推进法治建设基层社会治理"
)
ALPHABET = HANZI + "，。、；：？！“”《》（）" + "0123456789+ABCabc" + " \n"
TERM_CHARS = HANZI + "0123456789+"

texts = st.text(alphabet=ALPHABET, min_size=1, max_size=120)
terms = st.text(alphabet=TERM_CHARS, min_size=1, max_size=4)
years = st.one_of(st.none(), st.integers(min_value=2015, max_value=2024))
#: Anything at all, control characters and lone surrogates included.
anything = st.text(max_size=200)


@st.composite
def corpora(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    return draw(st.lists(texts, min_size=n, max_size=n)), draw(
        st.lists(years, min_size=n, max_size=n)
    )


# -- counts, kwic and offsets ---------------------------------------------------------------


@SETTINGS
@given(corpora(), st.lists(terms, min_size=1, max_size=3, unique=True))
def test_trend_counts_are_str_count_and_kwic_rows_match(corpus_spec, chosen):
    raw, year_list = corpus_spec
    assume(any(t.strip() for t in raw))
    corpus = Corpus.from_texts(raw, years=year_list)
    # terms that occur, so that most examples count something
    chosen = [*chosen, *(d.text[1:3] for d in corpus if len(d.text.strip()) >= 3)]
    chosen = list(dict.fromkeys(t for t in chosen if t.strip() == t and t))
    dated = [d for d in corpus if d.year is not None]
    assume(dated)
    table = corpus.trend(chosen)
    for term in chosen:
        rows = table[table["term"] == term]
        for group, count in zip(rows["group"], rows["count"], strict=True):
            assert count == sum(d.text.count(term) for d in dated if d.year == group)
        kwic = corpus.kwic(term, window=5)
        assert len(kwic) == sum(d.text.count(term) for d in corpus)
        assert int(rows["count"].sum()) == int(kwic["year"].notna().sum())
        for _, row in kwic.iterrows():
            text = corpus[row["id"]].text
            offset = int(row["offset"])
            assert text[offset : offset + len(term)] == term
            assert row["left"] == text[max(0, offset - 5) : offset].replace("\n", "⏎")
            assert row["right"] == text[offset + len(term) : offset + len(term) + 5].replace(
                "\n", "⏎"
            )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_phrase_counts_follow_the_counting_rule(corpus_spec):
    raw, year_list = corpus_spec
    corpus = Corpus.from_texts([t * 3 for t in raw], years=year_list)
    assume(any(d.text.strip() for d in corpus))
    table = corpus.phrases(50)
    for phrase, count, docs in zip(table["phrase"], table["count"], table["docs"], strict=True):
        assert count == sum(d.text.count(phrase) for d in corpus)
        assert docs == sum(1 for d in corpus if phrase in d.text)


# -- segmentation ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter(lexicon=["枫桥经验", "扫黑除恶", "平安中国"], builtin_lexicon=False)


@SETTINGS
@given(text=texts)
def test_tokens_cover_the_text_and_offsets_slice_to_them(segmenter, text):
    tokens = segmenter.tokenize(text)
    assert "".join(segmenter.cut(text)) == "".join(text.split())
    assert [t.text for t in tokens] == segmenter.cut(text)
    position = 0
    for token in tokens:
        assert token.start >= position and text[token.start : token.end] == token.text
        assert not text[position : token.start].strip()  # only whitespace between tokens
        position = token.end


@SETTINGS
@given(text=texts)
def test_lexicon_phrases_are_tokens_as_often_as_they_occur(segmenter, text):
    tokens = segmenter.cut(text)
    for phrase in ("枫桥经验", "扫黑除恶", "平安中国"):
        assert tokens.count(phrase) == text.count(phrase)


# -- cleaning and decoding ------------------------------------------------------------------


@SETTINGS
@given(text=anything)
def test_cleaning_never_raises_and_reports_what_it_did(text):
    cleaned, report = clean_text(text)
    assert report.chars_after == len(cleaned)
    assert not any(c in cleaned for c in ZERO_WIDTH + "\r")
    assert "\n\n\n" not in cleaned
    cleaned.encode("utf-8")  # lone surrogates were replaced
    raw, raw_report = clean_text(text, CleaningOptions.raw())
    assert (
        raw == replace_surrogates(text)[0] and raw_report.surrogates == replace_surrogates(text)[1]
    )


@SETTINGS
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=200), encoding=st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "gb18030"]))  # fmt: skip
def test_decoding_gives_back_the_text_or_a_reason(text, encoding):
    if encoding == "gb18030":
        # A few GBK characters are also valid UTF-8 ('专' is D7 A8, Hebrew ר); UTF-8 comes
        # first, so only texts long enough that this cannot happen by chance are GBK here.
        assume(sum(c in HANZI for c in text) >= 8)
    data = text.encode(encoding)
    try:
        decoded = decode(data, "x.txt")
    except InputError as exc:
        assert not text.strip() and "empty" in exc.reason
        return
    assert decoded.text == text


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_are_decoded_plausibly_or_reported(data):
    try:
        decoded = decode(data, "x.txt")
    except InputError as exc:
        assert exc.reason
        return
    assert decoded.how in {"bom", "utf-8", "gb18030", "detected"}
    if decoded.how == "detected":
        from analyzer.readers.decode import implausible

        assert implausible(decoded.text) is None


# -- loading tabular files ------------------------------------------------------------------

rows = st.lists(
    st.tuples(st.text(alphabet=ALPHABET + '",\t\r', max_size=60), years), min_size=1, max_size=8
)


def _write_and_load(name: str, data: str | bytes, **kwargs) -> Corpus:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return Corpus.load(path, clean=False, **kwargs)


@SETTINGS
@given(rows)
def test_csv_rows_load_exactly_or_are_reported(generated):
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # lines end in \r\n, so a field holding \r or \n is quoted
    writer.writerow(["text", "year"])
    for text, year in generated:
        writer.writerow([text, "" if year is None else year])
    corpus = _write_and_load("t.csv", buffer.getvalue())
    loaded = [(d.text, d.year) for d in corpus]
    expected = [(t, y) for t, y in generated if t.strip()]
    assert loaded == expected
    assert len(corpus) + len(corpus.skipped) == len(generated)


@SETTINGS
@given(st.lists(st.tuples(anything, years), min_size=1, max_size=8), st.booleans())
@example([("扫黑\u2028除恶\x1c。", 2021), ("平安中国", None)], False)
def test_jsonl_rows_load_with_surrogates_replaced_or_are_reported(generated, ascii_only):
    if not ascii_only:  # raw characters (U+2028, \x1c …) inside the strings
        generated = [(replace_surrogates(t)[0], y) for t, y in generated]
    lines = [json.dumps({"text": t, "year": y}, ensure_ascii=ascii_only) for t, y in generated]
    corpus = _write_and_load("t.jsonl", "\n".join(lines) + "\n")
    expected = [(replace_surrogates(t)[0], y) for t, y in generated if t.strip()]
    assert [(d.text, d.year) for d in corpus] == expected
    assert len(corpus) + len(corpus.skipped) == len(generated)
    for doc in corpus:
        doc.text.encode("utf-8")
