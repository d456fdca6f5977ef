"""The search index: the site's projects -> static files under ``search/data/``.

Every file is compact JSON: text a publisher can read and diff, that any static
server can send compressed, and that a browser parses natively. (Gzipping at build
time would halve what servers that do not compress send, at the cost of a third more
indexing time and binary files in the output.) The files, and when a query fetches
them:

``s/<k>.json``  shard k: {"t": {term: entry}, "p": {bigram: positions}}. A term lives
              in shard ``crc32(UTF-8 term) % shards``. An entry lists the projects
              that contain the term in each field class: [title, indicators,
              department, body], each list delta-encoded (first number absolute),
              trailing empty lists left out. A bigram's lists have one element per
              *occurrence*, so a project appears once per occurrence (a delta of 0
              repeats it), and its positions are the same shape, element for element
              (used only for runs of three or more CJK characters, whose containment
              is verified from them). A term found more than ``HEAVY`` times is
              heavy: "t" holds only its file name (a string), the entry is in
              ``h/<name>.json`` and a heavy bigram's positions in ``hp/<name>.json``.
``d/<k>.json``  projects k * RECORDS_PER_FILE and the next ones, a list: what a result
              shows (title, url, department, year, category, formatted amount) and
              the project's indicator, department and body text, which snippets are
              cut from. (A file per project would fetch the fewest bytes, but a
              site of N projects would write N more files: writing them took longer
              than the rest of the index.)
``a/top.json``, ``a/<k>.json``  annual amounts in cents, descending, ``AMOUNT_CHUNK`` a
              file, and the first amount of each file: fetched only for an amount
              filter.

Projects are numbered by annual amount, largest first (then index order), so ties
in rank are broken by number, and an amount range is a range of numbers. The year,
department and category filters are terms too (``FILTER`` + 'y2024', + 'd' +
department, + 'c' + category).

So nothing a query fetches grows with the number of projects N, except the postings
of the terms and filters it asks for and ``a/top.json`` (N / 1024 numbers) when an
amount filter is set. The shard count and the version string are functions of the
site alone, so the search page names them without building the index first.

Large sites are indexed by several processes (``workers``, one per core): projects
are split into ranges, each tokenized in its own process, the postings merged, then
the shards encoded in parallel. The output does not depend on the number of workers.
"""

from __future__ import annotations

import hashlib
import json
import operator
import os
import pickle
import zlib
from typing import Callable, Iterator, TypeVar

from sitegen import parallel
from sitegen.frozen import release
from sitegen.model import Site, project_url
from sitegen.money import format_money
from sitegen.schema import Declaration
from sitegen.search.terms import CJK_RUN, FILTER, WORD, word_terms
from sitegen.search.text import CLASSES, TITLE, field_texts, fold

DATA_DIR = "search/data"
FORMAT = 1
DOCS_PER_SHARD = 16  # about how many projects' worth of light terms a shard holds
HEAVY = 512  # occurrences above which a term gets a file of its own
AMOUNT_CHUNK = 1024
RECORDS_PER_FILE = 8
PARALLEL_FROM = 2000  # projects; smaller sites are indexed in the build's own process

Postings = list[dict[str, list[int]]]  # one {term: list} per field class
T = TypeVar("T")
R = TypeVar("R")


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
    h = hashlib.sha1(f"{FORMAT}|{DOCS_PER_SHARD}|{HEAVY}|{AMOUNT_CHUNK}|{RECORDS_PER_FILE}".encode())
    # A file's digest covers all it says but its name (an id may come from it);
    # declarations made in code have none. One join, one update: 0.005 s at 10,000
    # projects, where a field-by-field update of each took 0.03 s.
    h.update("\x1d".join([
        f"{d.id}\x1e{d.digest}" if d.digest else "\x1e".join((
            d.id, str(d.year), d.department, d.category, str(d.funds.requested), *field_texts(d)))
        for d in site.projects]).encode("utf-8"))
    return h.hexdigest()[:12]


def to_json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def doc_record(decl: Declaration, texts: tuple[str, str, str, str]) -> dict:
    return {
        "t": decl.title, "u": project_url(decl), "d": decl.department, "y": decl.year,
        "c": decl.category, "a": format_money(decl.funds.requested), "x": list(texts[1:]),
    }


Doc = tuple[tuple[str, str, str, str], int, str, str]  # field texts, year, department, category


def build_postings(projects: list[Declaration], first: int = 0) -> tuple[Postings, Postings, list[bytes]]:
    """Projects numbered from ``first`` (a multiple of RECORDS_PER_FILE) -> (plain,
    bigrams, record files): see ``postings_of``; record files: the ``d/<k>.json`` of
    these projects, in order."""
    texts, records = [], []
    for decl in projects:
        t = field_texts(decl)
        release(decl)  # every project is read once: do not hold all their detail
        texts.append(t)
        records.append(doc_record(decl, t))
    plain, bigrams = postings_of([(t, d.year, d.department, d.category) for t, d in zip(texts, projects)], first)
    files = [to_json(records[i:i + RECORDS_PER_FILE]) for i in range(0, len(records), RECORDS_PER_FILE)]
    return plain, bigrams, files


def postings_of(docs: list[Doc], first: int = 0) -> tuple[Postings, Postings]:
    """Documents numbered from ``first`` -> (plain, bigrams).

    ``plain[c]``: {unigram, word prefix or filter term: [numbers]} for class c;
    ``bigrams[c]``: {bigram: [number, position, number, position, ...]}, one pair per
    occurrence: ``terms.text_terms`` inlined, since this loop is most of the build
    time of the index (one dict lookup and append per occurrence).
    """
    plain: Postings = [{}, {}, {}, {}]
    bigrams: Postings = [{}, {}, {}, {}]
    find_runs, find_words, add = CJK_RUN.findall, WORD.findall, str.__add__
    filters = plain[TITLE]
    for doc, (texts, year, department, category) in enumerate(docs, first):
        for c in CLASSES:
            folded = fold(texts[c])
            runs = find_runs(folded)
            terms = set("".join(runs))
            for word in find_words(folded):
                terms.update(word_terms(word))
            table = plain[c]
            get = table.get
            for t in terms:
                docs_of = get(t)
                if docs_of is None:
                    table[t] = [doc]
                else:
                    docs_of.append(doc)
            table = bigrams[c]
            get = table.get
            at = 0
            for run in runs:
                for i, b in enumerate(map(add, run, run[1:]), at):
                    docs_of = get(b)
                    if docs_of is None:
                        table[b] = [doc, i]
                    else:
                        docs_of.append(doc)
                        docs_of.append(i)
                at += len(run) + 1
        for f in (f"{FILTER}y{year}", f"{FILTER}d{department}", f"{FILTER}c{category}"):
            docs_of = filters.get(f)
            if docs_of is None:
                filters[f] = [doc]
            else:
                docs_of.append(doc)
    return plain, bigrams


def deltas(values: list[int]) -> list[int]:
    out = values[:1]
    out += map(operator.sub, values[1:], values)
    return out


def trim(lists: list[list]) -> list[list]:
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
        pos_shard: dict[str, object] = {}  # the light bigrams' positions
        heavy_names: set[str] = set()
        for term in sorted(terms[k]):
            if any(term in b for b in bigrams):
                pairs = [b.get(term, empty) for b in bigrams]
                lists = [p[0::2] for p in pairs]
                places = trim([p[1::2] for p in pairs])
            else:
                lists = [p.get(term, empty) for p in plain]
                places = None
            entry = trim([deltas(lst) for lst in lists])
            if sum(map(len, lists)) > HEAVY:
                name = f"{zlib.crc32(term.encode('utf-8')):08x}"
                while name in heavy_names:  # two heavy terms with one crc (same shard)
                    name += "x"
                heavy_names.add(name)
                docs_shard[term] = name
                files.append((f"{DATA_DIR}/h/{name}.json", to_json(entry)))
                if places is not None:
                    files.append((f"{DATA_DIR}/hp/{name}.json", to_json(places)))
            else:
                docs_shard[term] = entry
                if places is not None:
                    pos_shard[term] = places
        files.append((f"{DATA_DIR}/s/{k}.json", to_json({"t": docs_shard, "p": pos_shard})))
    return files


def amount_files(projects: list[Declaration]) -> Iterator[tuple[str, bytes]]:
    cents = [int(d.funds.requested * 100) for d in projects]
    chunks = [cents[i:i + AMOUNT_CHUNK] for i in range(0, len(cents), AMOUNT_CHUNK)]
    yield f"{DATA_DIR}/a/top.json", to_json([c[0] for c in chunks])
    for k, chunk in enumerate(chunks):
        yield f"{DATA_DIR}/a/{k}.json", to_json(chunk)


def search_files(site: Site, workers: int | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of the search index, as (path under the output, bytes).

    ``workers``: processes to use (this one included); by default one per core for
    large sites.
    """
    projects = search_order(site)
    shards = shard_count(len(projects))
    if workers is None:
        workers = parallel.cpu_count() if len(projects) >= PARALLEL_FROM else 1
    # Millions of small lists and no cycles among them: the cycle collector would
    # rescan them again and again, doubling the time of this pass. (Forked workers
    # inherit the setting.)
    with parallel.collector_paused():
        # Tokenize ranges of projects in parallel; merge in number order, so every
        # list stays sorted; encode shards in parallel.
        n, k = len(projects), RECORDS_PER_FILE
        cuts = [min(n, n * w // workers // k * k) for w in range(workers)] + [n]
        parts = _share(lambda b: build_postings(projects[b[0]:b[1]], b[0]), list(zip(cuts, cuts[1:])))
        plain, bigrams, records = parts[0]
        for part_plain, part_bigrams, part_records in parts[1:]:
            for merged, part in zip(plain + bigrams, part_plain + part_bigrams):
                for term, lst in part.items():
                    have = merged.get(term)
                    if have is None:
                        merged[term] = lst
                    else:
                        have += lst
            records += part_records
        del parts
        yield from ((f"{DATA_DIR}/d/{i}.json", r) for i, r in enumerate(records))
        del records
        ranges = [range(w, shards, workers) for w in range(min(workers, shards))]
        for files in _share(lambda ks: encode_shards(plain, bigrams, shards, ks), ranges):
            yield from files
        yield from amount_files(projects)


def _share(func: Callable[[T], R], items: list[T]) -> list[R]:
    """[func(x) for x in items]: items[1:] each in a forked child, items[0] in this
    process meanwhile; each child's result comes back pickled through a pipe.

    Unlike ``parallel.map_forked`` (many small results, a pool of workers), this is
    for a few large results: this process works instead of waiting, and nothing is
    pickled twice. The children inherit their input (copy-on-write); a child that
    fails makes this raise.
    """
    if len(items) < 2 or not hasattr(os, "fork"):
        return [func(x) for x in items]
    children = []
    try:
        for item in items[1:]:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send, leave without running any cleanup
                code = 1
                try:
                    os.close(read)
                    with os.fdopen(write, "wb") as out:
                        pickle.dump(func(item), out, protocol=pickle.HIGHEST_PROTOCOL)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            children.append((pid, read))
        results = [func(items[0])]
        for pid, read in children:
            with os.fdopen(read, "rb") as pipe:
                try:
                    results.append(pickle.load(pipe))
                except EOFError:
                    results.append(None)
        return results
    finally:
        failed = [pid for pid, _ in children if os.waitpid(pid, 0)[1] != 0]
        if failed:
            raise RuntimeError(f"search index: worker process {failed[0]} failed") from None
