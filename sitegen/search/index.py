"""The search index: the site's projects -> static files under ``search/data/``.

Every file is gzip-compressed JSON, compressed once at build time, so any static
server sends it small; ``search.js`` inflates it with the browser's
DecompressionStream. The files, and when a query fetches them:

``s/<k>.gz``  shard k of the postings, {term: entry}. A term lives in shard
              ``crc32(UTF-8 term) % shards``. An entry lists the projects that contain
              the term in each field class: [title, indicators, department, body],
              each list delta-encoded (first number absolute), trailing empty lists
              left out. A bigram's lists have one element per *occurrence*, so a
              project appears once per occurrence (a delta of 0 repeats it). A term
              found more than ``HEAVY`` times is heavy: the shard holds only its file
              name (a string) and the entry is in ``h/<name>.gz``.
``p/<k>.gz``  the bigrams of shard k: {bigram: [positions in title, in indicators,
              ...]}, aligned element for element with the bigram's lists (heavy ones
              in ``hp/<name>.gz``). Fetched only for runs of three or more CJK
              characters, whose containment is verified from these positions.
``d/<n>.gz``  project n: what a result shows (title, url, department, year,
              category, formatted amount) and its indicator, department and body
              text, which snippets are cut from.
``a/top.gz``, ``a/<k>.gz``  annual amounts in cents, descending, ``AMOUNT_CHUNK`` a
              file, and the first amount of each file: fetched only for an amount
              filter.

Projects are numbered by annual amount, largest first (then index order), so ties
in rank are broken by number, and an amount range is a range of numbers. The year,
department and category filters are terms too (``FILTER`` + 'y2024', + 'd' +
department, + 'c' + category).

So nothing a query fetches grows with the number of projects N, except the postings
of the terms and filters it asks for and ``a/top.gz`` (N / 1024 numbers) when an
amount filter is set. The shard count and the version string are functions of the
site alone, so the search page names them without building the index first.

Large sites are indexed by several processes (``workers``): projects are split into
ranges, each tokenized in its own process, the postings merged, then shards encoded
in parallel. The output does not depend on the number of workers.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import operator
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

from sitegen.model import Site, project_url
from sitegen.money import format_money
from sitegen.schema import Declaration
from sitegen.search.terms import CJK_RUN, FILTER, WORD, word_terms
from sitegen.search.text import CLASSES, TITLE, field_texts, fold

DATA_DIR = "search/data"
FORMAT = 1
DOCS_PER_SHARD = 16  # about how many projects' worth of light terms a shard holds
HEAVY = 96  # occurrences above which a term gets a file of its own
AMOUNT_CHUNK = 1024
GZIP_LEVEL = 4  # level 6 is 2% smaller and takes half as long again
PARALLEL_FROM = 2000  # projects; smaller sites are indexed in the build's own process

Postings = list[dict[str, list[int]]]  # one {term: list} per field class


def shard_count(n_projects: int) -> int:
    return max(1, -(-n_projects // DOCS_PER_SHARD))


def shard_of(term: str, shards: int) -> int:
    return zlib.crc32(term.encode("utf-8")) % shards


def search_order(site: Site) -> list[Declaration]:
    """Projects by number: annual amount descending, then the site's index order."""
    order = sorted(range(len(site.projects)), key=lambda i: (-site.projects[i].funds.requested, i))
    return [site.projects[i] for i in order]


def index_version(site: Site) -> str:
    """Changes whenever anything the index holds changes; added to every fetch as
    ?v=, so a browser never combines files of two builds."""
    h = hashlib.sha1(f"{FORMAT}|{DOCS_PER_SHARD}|{HEAVY}|{AMOUNT_CHUNK}".encode())
    for d in site.projects:
        h.update("\x1e".join((d.id, str(d.year), d.department, d.category, str(d.funds.requested),
                              *field_texts(d), "\x1d")).encode("utf-8"))
    return h.hexdigest()[:12]


def gz(obj) -> bytes:
    """Compact JSON, gzip-compressed deterministically (no time in the header)."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    c = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def doc_record(decl: Declaration, texts: tuple[str, str, str, str]) -> dict:
    return {
        "t": decl.title, "u": project_url(decl), "d": decl.department, "y": decl.year,
        "c": decl.category, "a": format_money(decl.funds.requested), "x": list(texts[1:]),
    }


def build_postings(projects: list[Declaration], first: int = 0) -> tuple[Postings, Postings, list[bytes]]:
    """Projects numbered from ``first`` -> (plain, bigrams, record files).

    ``plain[c]``: {unigram, word prefix or filter term: [numbers]} for class c;
    ``bigrams[c]``: {bigram: [number, position, number, position, ...]}, one pair per
    occurrence: ``terms.text_terms`` inlined, since this loop is most of the build
    time of the index (one dict lookup and append per occurrence);
    record files: each project's ``d/<n>.gz``.
    """
    plain: Postings = [{}, {}, {}, {}]
    bigrams: Postings = [{}, {}, {}, {}]
    records: list[bytes] = []
    find_runs, find_words, add = CJK_RUN.findall, WORD.findall, str.__add__
    filters = plain[TITLE]
    for doc, decl in enumerate(projects, first):
        texts = field_texts(decl)
        records.append(gz(doc_record(decl, texts)))
        for c in CLASSES:
            folded = fold(texts[c])
            runs = find_runs(folded)
            terms = set("".join(runs))
            for word in find_words(folded):
                terms.update(word_terms(word))
            table = plain[c]
            get = table.get
            for t in terms:
                docs = get(t)
                if docs is None:
                    table[t] = [doc]
                else:
                    docs.append(doc)
            table = bigrams[c]
            get = table.get
            at = 0
            for run in runs:
                for i, b in enumerate(map(add, run, run[1:]), at):
                    docs = get(b)
                    if docs is None:
                        table[b] = [doc, i]
                    else:
                        docs.append(doc)
                        docs.append(i)
                at += len(run) + 1
        for f in (f"{FILTER}y{decl.year}", f"{FILTER}d{decl.department}", f"{FILTER}c{decl.category}"):
            docs = filters.get(f)
            if docs is None:
                filters[f] = [doc]
            else:
                docs.append(doc)
    return plain, bigrams, records


def _deltas(values: list[int]) -> list[int]:
    out = values[:1]
    out += map(operator.sub, values[1:], values)
    return out


def _trim(lists: list[list]) -> list[list]:
    while lists and not lists[-1]:
        lists.pop()
    return lists


def encode_shards(plain: Postings, bigrams: Postings, shards: int, ks: range
                  ) -> list[tuple[str, bytes]]:
    """The shard files numbered ``ks`` and the heavy-term files of their terms."""
    mine = set(ks)
    terms: dict[int, list[str]] = {k: [] for k in ks}
    for term in set().union(*plain, *bigrams):
        k = zlib.crc32(term.encode("utf-8")) % shards
        if k in mine:
            terms[k].append(term)
    files: list[tuple[str, bytes]] = []
    empty: list[int] = []
    for k in ks:
        docs_shard: dict[str, object] = {}
        pos_shard: dict[str, object] = {}
        heavy_names: set[str] = set()
        for term in sorted(terms[k]):
            if any(term in b for b in bigrams):
                pairs = [b.get(term, empty) for b in bigrams]
                lists = [p[0::2] for p in pairs]
                places = _trim([p[1::2] for p in pairs])
            else:
                lists = [p.get(term, empty) for p in plain]
                places = None
            entry = _trim([_deltas(lst) for lst in lists])
            if sum(map(len, lists)) > HEAVY:
                name = f"{zlib.crc32(term.encode('utf-8')):08x}"
                while name in heavy_names:  # two heavy terms with one crc (same shard)
                    name += "x"
                heavy_names.add(name)
                docs_shard[term] = name
                files.append((f"{DATA_DIR}/h/{name}.gz", gz(entry)))
                if places is not None:
                    files.append((f"{DATA_DIR}/hp/{name}.gz", gz(places)))
            else:
                docs_shard[term] = entry
                if places is not None:
                    pos_shard[term] = places
        files.append((f"{DATA_DIR}/s/{k}.gz", gz(docs_shard)))
        files.append((f"{DATA_DIR}/p/{k}.gz", gz(pos_shard)))
    return files


def amount_files(projects: list[Declaration]) -> Iterator[tuple[str, bytes]]:
    cents = [int(d.funds.requested * 100) for d in projects]
    chunks = [cents[i:i + AMOUNT_CHUNK] for i in range(0, len(cents), AMOUNT_CHUNK)]
    yield f"{DATA_DIR}/a/top.gz", gz([c[0] for c in chunks])
    for k, chunk in enumerate(chunks):
        yield f"{DATA_DIR}/a/{k}.gz", gz(chunk)


def default_workers(n_projects: int) -> int:
    if n_projects < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1, 8))


def search_files(site: Site, workers: int | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of the search index, as (path under the output, bytes)."""
    projects = search_order(site)
    shards = shard_count(len(projects))
    workers = workers or default_workers(len(projects))
    # Millions of small lists and no cycles among them: the cycle collector would
    # rescan them again and again, doubling the time of this pass.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if workers == 1:
            plain, bigrams, records = build_postings(projects)
            yield from ((f"{DATA_DIR}/d/{n}.gz", r) for n, r in enumerate(records))
            yield from encode_shards(plain, bigrams, shards, range(shards))
        else:
            yield from _parallel(projects, shards, workers)
        yield from amount_files(projects)
    finally:
        if was_enabled:
            gc.enable()


# Parallel indexing. Workers are forked, so they inherit their input through these
# globals instead of having it pickled; only their results travel back.
_JOB: dict = {}


def _tokenize_range(bounds: tuple[int, int]):
    lo, hi = bounds
    gc.disable()
    return build_postings(_JOB["projects"][lo:hi], lo)


def _encode_range(ks: range) -> list[tuple[str, bytes]]:
    gc.disable()
    return encode_shards(_JOB["plain"], _JOB["bigrams"], _JOB["shards"], ks)


def _parallel(projects: list[Declaration], shards: int, workers: int) -> Iterator[tuple[str, bytes]]:
    fork = multiprocessing.get_context("fork")
    n = len(projects)
    cuts = [n * w // workers for w in range(workers + 1)]
    _JOB.clear()
    _JOB["projects"] = projects
    try:
        with ProcessPoolExecutor(workers, mp_context=fork) as pool:
            parts = list(pool.map(_tokenize_range, zip(cuts, cuts[1:])))
        plain: Postings = [{}, {}, {}, {}]
        bigrams: Postings = [{}, {}, {}, {}]
        first = 0
        for part_plain, part_bigrams, records in parts:  # in number order: lists stay sorted
            for merged, part in zip(plain + bigrams, part_plain + part_bigrams):
                for term, lst in part.items():
                    have = merged.get(term)
                    if have is None:
                        merged[term] = lst
                    else:
                        have += lst
            yield from ((f"{DATA_DIR}/d/{first + i}.gz", r) for i, r in enumerate(records))
            first += len(records)
        del parts
        _JOB.update(plain=plain, bigrams=bigrams, shards=shards)
        ranges = [range(w, shards, workers) for w in range(workers)]
        with ProcessPoolExecutor(workers, mp_context=fork) as pool:
            for files in pool.map(_encode_range, ranges):
                yield from files
    finally:
        _JOB.clear()
