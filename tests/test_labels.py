import re

import pytest

from nlp.articles import BUNDLED, article_text, legal_basis
from nlp.labels import LABELS, REASON_CODES, codes_for
from nlp.shared import shared_dir


def test_every_code_has_a_label_and_an_article():
    for code, r in REASON_CODES.items():
        assert r.label in LABELS
        assert r.article_no in BUNDLED, code
        assert legal_basis(code)["text"]


def test_codes_partition_the_labels():
    assert sum(len(codes_for(l)) for l in LABELS) == len(REASON_CODES)


def test_labels_and_codes_match_the_codebook():
    base = shared_dir()
    if base is None:
        pytest.skip("../shared is absent: cannot compare with the codebook")
    book = (base / "labeling" / "CODEBOOK.md").read_text(encoding="utf-8")
    for label in LABELS:
        assert f"`{label}`" in book
    in_book = set(re.findall(r"`((?:PUB|REQ|WH)-[A-Z0-9-]+)`", book))
    assert in_book == set(REASON_CODES)


def test_article_text_falls_back_to_summaries(monkeypatch):
    import nlp.articles as a

    monkeypatch.setattr(a, "_official_articles", lambda: {})
    text, source = article_text(16)
    assert source == "summary" and "过程性信息" in text
