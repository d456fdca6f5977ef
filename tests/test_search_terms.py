"""Search text: folding, tokenizing, the bigram cover of a run, and what a field's
text is indexed under. search.js follows the same rules (pinned in the browser by
tests/browser/test_search.py::test_javascript_tokenizes_like_python)."""

from __future__ import annotations

import zlib

from sitegen.search.index import build_postings, shard_of
from sitegen.search.terms import MAX_PREFIX, cover, query_tokens, text_terms, word_terms
from sitegen.search.text import fold


def test_fold_unifies_full_width_half_width_and_case():
    assert fold("ＡＩ２０２４　Ｇｐｕ") == "ai2024 gpu"
    assert fold("人工智能") == "人工智能"
    assert fold("\uf900") == "\u8c48"  # a compatibility ideograph becomes the unified one
    assert fold("①号楼") == "1号楼"


def test_query_tokens_split_on_space_punctuation_and_script():
    assert query_tokens(fold("张江ＡＩ产业，2024 餐饮")) == [
        ("cjk", "张江"), ("word", "ai"), ("cjk", "产业"), ("word", "2024"), ("cjk", "餐饮")]
    assert query_tokens(fold("  餐饮 餐饮 ")) == [("cjk", "餐饮")]  # repeats count once
    assert query_tokens("—— ！") == []
    assert query_tokens("pm2.5") == [("word", "pm2"), ("word", "5")]


def test_cover_pins_a_run_with_non_overlapping_bigrams_and_a_last_one():
    assert cover("人工智能") == [(0, "人工"), (2, "智能")]
    assert cover("人工智") == [(0, "人工"), (1, "工智")]
    assert cover("人工智能体") == [(0, "人工"), (2, "智能"), (3, "能体")]
    assert cover("餐饮") == [(0, "餐饮")]
    # Every character of the run is inside some pinned bigram.
    for run in ("残疾人就业保障金", "一二三四五六七"):
        covered = {off + i for off, _ in cover(run) for i in (0, 1)}
        assert covered == set(range(len(run)))


def test_text_terms_index_unigrams_positioned_bigrams_and_word_prefixes():
    plain, pairs = text_terms(fold("人工，智能AI2024"))
    assert {"人", "工", "智", "能"} <= plain
    assert {"a", "ai", "ai2", "ai20", "ai202", "ai2024"} <= plain
    assert "人工智" not in plain and "ai2024x" not in plain
    # Bigrams never span punctuation; the two runs' positions are apart.
    assert pairs == [("人工", 0), ("智能", 3)]


def test_repeated_bigrams_are_listed_at_every_position():
    _, pairs = text_terms("餐饮服务餐饮")
    assert [p for p in pairs if p[0] == "餐饮"] == [("餐饮", 0), ("餐饮", 4)]


def test_long_words_keep_prefixes_up_to_the_limit_and_the_whole_word():
    word = "x" * (MAX_PREFIX + 5)
    terms = word_terms(word)
    assert terms[-1] == word and len(terms) == MAX_PREFIX + 1


def test_build_postings_inlines_text_terms_exactly(tmp_path):
    """build_postings inlines text_terms for speed; both must index the same."""
    from conftest import REPO
    from sitegen.build import load
    from sitegen.search.index import search_order
    from sitegen.search.text import field_texts

    site, _ = load(REPO)
    projects = search_order(site)
    plain, bigrams, _ = build_postings(projects)
    for doc, decl in enumerate(projects):
        for c, text in enumerate(field_texts(decl)):
            terms, pairs = text_terms(fold(text))
            for t in terms:
                assert doc in plain[c][t]
            for b, at in pairs:
                flat = bigrams[c][b]
                assert any(flat[i] == doc and flat[i + 1] == at for i in range(0, len(flat), 2))


def test_shard_of_is_crc32_of_utf8_as_search_js_computes_it():
    assert shard_of("餐饮", 1) == 0
    assert shard_of("餐饮", 625) == zlib.crc32("餐饮".encode()) % 625


def test_markdown_bodies_are_indexed_by_their_words():
    from sitegen.search.text import markdown_text

    text = markdown_text("## 背景\n\n详见[区政府公告](https://example.gov.cn/a)。\n"
                         "<script>alert(\"x\")</script><a href=\"javascript:1\">危险链接</a>\n"
                         "- 列表**加粗**项\n[ref]: https://example.gov.cn/b")
    assert "背景" in text and "区政府公告" in text and "危险链接" in text and "列表加粗项" in text
    assert "alert" not in text and "https" not in text and "example" not in text and "#" not in text
