"""Keywords on the real seed report in ../shared/corpora (skipped when absent)."""


def test_tfidf_keywords_of_the_seed_report_name_its_formulations(seed, invoke):
    # the bar: the report's own formulations among its top 20 TF-IDF keywords
    out = invoke("keywords", seed, "--method", "tfidf", "--top", "20", "--format", "csv")
    assert out.exit_code == 0, out.output
    terms = [line.split(",")[1] for line in out.stdout.splitlines()[1:]]
    assert len(terms) == 20
    assert {"平安甘肃", "扫黑除恶"} <= set(terms), terms
    # and general-language words are not keywords of it
    assert not {"问题", "水平", "制定"} & set(terms), terms
