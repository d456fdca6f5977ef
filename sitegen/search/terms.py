"""Text -> index terms, and a query -> the terms it needs.

Chinese has no spaces, so Chinese text is indexed by characters: every CJK
character (a unigram) and every pair of neighbouring characters inside a run of CJK
characters (a bigram), the bigram with its positions. Latin words and numbers are
indexed by every prefix (up to ``MAX_PREFIX`` characters, and the whole word when
longer), so a query word matches any word it begins.

A query is split into *tokens*: runs of CJK characters and Latin/number words, with
white space, punctuation and changes of script between them. A project matches
when it contains every token:

- one CJK character: the unigram's postings, exact;
- two: the bigram's postings, exact;
- three or more: the bigrams at offsets 0, 2, 4, ... (and the last pair when the
  length is odd) must occur at those same offsets from one start position in one
  field class. This is real substring containment, checked from positions: 人工 +
  工智 + 智能 scattered through a goal is not 人工智能.
- a Latin word or number: the term equal to it, exact: any word beginning with it
  (a query word longer than ``MAX_PREFIX`` matches only that whole word).

``search.js`` implements ``query_tokens`` and ``cover`` again, character for
character; ``tests/test_search_terms.py`` pins the behaviour both follow.
"""

from __future__ import annotations

import re

# CJK ideographs (basic, extension A, compatibility, supplementary planes), the
# iteration marks, kana and hangul: scripts written without spaces.
CJK_CHARS = ("\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
             "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff")
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
WORD = re.compile(f"[^\\W_{CJK_CHARS}]+")
_TOKEN = re.compile(f"([{CJK_CHARS}]+)|([^\\W_{CJK_CHARS}]+)")
MAX_PREFIX = 20
FILTER = "\u0001"  # filter terms: FILTER + 'y' + year, 'd' + department, 'c' + category


def word_terms(word: str) -> list[str]:
    """The prefix terms a Latin word or number is indexed under."""
    n = len(word)
    terms = [word[:k] for k in range(1, min(n, MAX_PREFIX) + 1)]
    if n > MAX_PREFIX:
        terms.append(word)
    return terms


def cover(run: str) -> list[tuple[int, str]]:
    """(offset, bigram) pairs whose co-occurrence at those offsets means ``run`` is there."""
    n = len(run)
    offsets = list(range(0, n - 1, 2))
    if n % 2:
        offsets.append(n - 2)
    return [(k, run[k:k + 2]) for k in offsets]


def query_tokens(folded: str) -> list[tuple[str, str]]:
    """A folded query -> [(kind, text)], kind 'cjk' or 'word', in order, no repeats.

    White space and punctuation separate tokens; so does a change of script:
    '张江ai产业' is 张江, ai and 产业, each of which must be found.
    """
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(folded):
        token = ("cjk", m[1]) if m[1] else ("word", m[2])
        if token not in tokens:
            tokens.append(token)
    return tokens


def text_terms(folded: str) -> tuple[set[str], list[tuple[str, int]]]:
    """A folded field text -> (unigrams and word prefixes, [(bigram, position)]).

    Every occurrence of a bigram is listed with its position. Positions count the
    characters of the text's CJK runs joined by one separator: verification only
    compares offsets between bigrams of one run, so any consistent numbering will
    do, and this one needs no lookups. Bigrams never span two runs.

    ``index.build_postings`` inlines this loop for speed; this function states it
    plainly and is what the tests pin.
    """
    runs = CJK_RUN.findall(folded)
    plain = set("".join(runs))
    for word in WORD.findall(folded):
        plain.update(word_terms(word))
    pairs: list[tuple[str, int]] = []
    at = 0
    for run in runs:
        pairs.extend(zip(map(str.__add__, run, run[1:]), range(at, at + len(run) - 1)))
        at += len(run) + 1
    return plain, pairs
