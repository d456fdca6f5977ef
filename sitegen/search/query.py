"""The reference query engine: what ``search.js`` does, in Python, over built files.

It reads an output folder the way the browser reads the site (only the files a
query needs, and it records which), so tests can check the index format, ranking
and verification without a browser, and the benchmark can count what a query
costs. It is not used by the build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from sitegen.search.index import AMOUNT_CHUNK, DATA_DIR, RECORDS_PER_FILE, shard_of
from sitegen.search.page import PAGE_URL
from sitegen.search.terms import FILTER, cover, query_tokens
from sitegen.search.text import fold

WEIGHT = (8, 4, 2, 1)  # title, indicators, department, body: search.js's WEIGHT


@dataclass
class Index:
    out_dir: Path
    shards: int
    docs: int
    fetched: dict[str, int] = field(default_factory=dict)  # path -> bytes, in fetch order

    def load(self, rel: str):
        path = self.out_dir / DATA_DIR / rel
        data = path.read_bytes()
        self.fetched.setdefault(rel, len(data))
        return json.loads(data)

    def term(self, term: str, with_places: bool = False):
        """-> (lists per class of numbers, positions per class or None), or None."""
        shard = self.load(f"s/{shard_of(term, self.shards)}.json")
        entry = shard["t"].get(term)
        if entry is None:
            return None
        places = None
        if isinstance(entry, str):
            name, entry = entry, self.load(f"h/{entry}.json")
            if with_places:
                places = self.load(f"hp/{name}.json")
        elif with_places:
            places = shard["p"].get(term, [])
        return [list(accumulate(lst)) for lst in entry], places

    def record(self, n: int) -> dict:
        return self.load(f"d/{n // RECORDS_PER_FILE}.json")[n % RECORDS_PER_FILE]


def open_index(out_dir: Path) -> Index:
    """The index of a built site, as its search page describes it."""
    page = (out_dir / PAGE_URL / "index.html").read_text("utf-8")
    shards, docs = (int(re.search(rf'data-{name}="(\d+)"', page)[1]) for name in ("shards", "docs"))
    return Index(out_dir, shards, docs)


def _match(index: Index, kind: str, text: str) -> dict[int, int]:
    """A token -> {project number: best field class}."""
    best: dict[int, int] = {}
    if kind == "word" or len(text) < 3:
        found = index.term(text)
        if found:
            for c, docs in enumerate(found[0]):
                for d in docs:
                    best.setdefault(d, c)
        return best
    pins = cover(text)
    found = [index.term(bigram, with_places=True) for _, bigram in pins]
    if any(f is None for f in found):
        return best
    for c in range(4):
        at: list[dict[int, set[int]]] = []
        for lists, places in found:  # type: ignore[misc]
            m: dict[int, set[int]] = {}
            docs = lists[c] if c < len(lists) else []
            pos = places[c] if c < len(places) else []
            for d, p in zip(docs, pos):
                m.setdefault(d, set()).add(p)
            at.append(m)
        for d, starts in at[0].items():
            if d not in best and any(all(p + off in at[j].get(d, ()) for j, (off, _) in enumerate(pins))
                                     for p in starts):
                best[d] = c
    return best


def _boundary(index: Index, pred) -> int:
    top = index.load("a/top.json")
    k = 0
    while k < len(top) and not pred(top[k]):
        k += 1
    if k == 0:
        return 0
    chunk = index.load(f"a/{k - 1}.json")
    i = 0
    while i < len(chunk) and not pred(chunk[i]):
        i += 1
    return (k - 1) * AMOUNT_CHUNK + i


def search(index: Index, q: str = "", year: str = "", department: str = "", category: str = "",
           min_amount: str = "", max_amount: str = "") -> list[int]:
    """Project numbers matching the query and filters, best first."""
    maps = [_match(index, kind, text) for kind, text in query_tokens(fold(q))]
    sets = []
    for key, value in (("y", year), ("d", department), ("c", category)):
        if value:
            found = index.term(FILTER + key + value)
            sets.append(set(found[0][0]) if found else set())
    lo, hi = 0, index.docs
    if max_amount:
        top = int(Decimal(max_amount) * 100)
        lo = _boundary(index, lambda a: a <= top)
    if min_amount:
        bottom = int(Decimal(min_amount) * 100)
        hi = _boundary(index, lambda a: a < bottom)

    def keep(d: int) -> bool:
        return lo <= d < hi and all(d in s for s in sets)

    if maps:
        maps.sort(key=len)
        scored = []
        for d, c in maps[0].items():
            classes = [c] + [m.get(d) for m in maps[1:]]
            if None not in classes and keep(d):
                scored.append((-sum(WEIGHT[x] for x in classes), d))  # type: ignore[index]
        return [d for _, d in sorted(scored)]
    if sets:
        return sorted(d for d in min(sets, key=len) if keep(d))
    if min_amount or max_amount:
        return list(range(lo, hi))
    return []
