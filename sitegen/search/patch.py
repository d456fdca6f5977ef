"""Update the last build's search index in place when a few projects changed.

Rebuilding the index reads every project (a second at 10,000); after an edit to one
declaration, only the files holding that project's terms change. The last build's
files are the index to patch: a changed project's old text is read back from its
record in ``d/<k>.json``, its old postings are taken out of the shards and heavy-term
files that hold them, and its new ones put in, in number order, exactly where a full
build would have put them.

A patch is made only when its result is certain to equal a full build's, otherwise
``patched_files`` returns None and the index is rebuilt whole: the same projects in
the same numbered order (so no number moves), few of them changed, every file of the
last index still as written, and no term crossing the heavy threshold (which would
move it between a shard and a file of its own).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from sitegen.content import FEW_EDITS
from sitegen.model import Site
from sitegen.search.index import (DATA_DIR, HEAVY, RECORDS_PER_FILE, Doc, deltas, trim, amount_files, doc_record,
                                  postings_of, search_order, shard_count, shard_of, to_json)
from sitegen.search.text import CLASSES, field_texts

@dataclass(frozen=True)
class Previous:
    """What the last build left: its projects (id, file digest) by number, and the
    index files it wrote that are still as it wrote them."""

    out_dir: Path
    docs: tuple[tuple[str, str], ...]
    files: frozenset[str]


class _Unpatchable(Exception):
    pass


def index_docs(site: Site) -> tuple[tuple[str, str], ...]:
    """(id, digest) of every project, by search number: what ``Previous.docs`` holds."""
    return tuple((d.id, d.digest) for d in search_order(site))


def patched_files(site: Site, previous: Previous) -> list[tuple[str, bytes | None]] | None:
    """Every file of the index, as (path, bytes), or (path, None) for a file the last
    build wrote that stays as it is; None when the index must be rebuilt whole."""
    projects = search_order(site)
    if not projects or len(projects) != len(previous.docs):
        return None
    changed = []
    for n, (decl, (pid, digest)) in enumerate(zip(projects, previous.docs)):
        if decl.id != pid or not decl.digest:
            return None
        if decl.digest != digest:
            changed.append(n)
            if len(changed) > FEW_EDITS:  # beyond a few, a full index is about as quick
                return None
    try:
        return _patch(projects, changed, previous)
    except (_Unpatchable, OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def _patch(projects, changed: list[int], previous: Previous) -> list[tuple[str, bytes | None]]:
    files: dict[str, object] = {}  # path -> its JSON value, for every file read (and changed)

    def load(rel: str):
        if rel not in files:
            if rel not in previous.files:
                raise _Unpatchable(rel)
            files[rel] = json.loads((previous.out_dir / rel).read_bytes())
        return files[rel]

    # Each changed project's postings before and after, from its old record and its
    # declaration now; the record file gets the new record.
    updates: dict[str, list[tuple[int, list, list]]] = {}  # term -> [(number, old, new)] per class
    for n in changed:
        records = load(f"{DATA_DIR}/d/{n // RECORDS_PER_FILE}.json")
        old = records[n % RECORDS_PER_FILE]
        decl = projects[n]
        texts = field_texts(decl)
        records[n % RECORDS_PER_FILE] = doc_record(decl, texts)
        old_doc: Doc = ((old["t"], *old["x"]), old["y"], old["d"], old["c"])
        new_doc: Doc = (texts, decl.year, decl.department, decl.category)
        before, after = _occurrences(old_doc, n), _occurrences(new_doc, n)
        for term in before.keys() | after.keys():
            old_postings, new_postings = before.get(term), after.get(term)
            if old_postings == new_postings:
                continue  # this project's occurrences of the term did not move
            empty = ([[] for _ in CLASSES], None)
            updates.setdefault(term, []).append((n, old_postings or empty, new_postings or empty))

    shards = shard_count(len(projects))
    by_shard: dict[int, list[str]] = {}
    for term in updates:
        by_shard.setdefault(shard_of(term, shards), []).append(term)
    for k, terms in by_shard.items():
        shard = load(f"{DATA_DIR}/s/{k}.json")
        for term in terms:
            _update_term(shard, term, updates[term], load)
        shard["t"] = dict(sorted(shard["t"].items()))
        shard["p"] = dict(sorted(shard["p"].items()))

    out: list[tuple[str, bytes | None]] = [(rel, to_json(value)) for rel, value in files.items()]
    out += [(rel, None) for rel in sorted(previous.files - files.keys()) if not rel.startswith(f"{DATA_DIR}/a/")]
    out += amount_files(projects)  # a few small files: remade, written only if they differ
    return out


def _occurrences(doc: Doc, n: int) -> dict[str, tuple[list[list[int]], list[list[int]] | None]]:
    """term -> (numbers per class, positions per class or None for a plain term) of
    one project numbered n, as the full build's postings hold them."""
    plain, bigrams = postings_of([doc], n)
    found: dict = {}
    for c in CLASSES:
        for term, numbers in plain[c].items():
            found.setdefault(term, ([[] for _ in CLASSES], None))[0][c] = numbers
        for term, pairs in bigrams[c].items():
            lists, places = found.setdefault(term, ([[] for _ in CLASSES], [[] for _ in CLASSES]))
            lists[c], places[c] = pairs[0::2], pairs[1::2]
    return found


def _update_term(shard: dict, term: str, updates: list[tuple[int, tuple, tuple]], load) -> None:
    entry = shard["t"].get(term)
    heavy = isinstance(entry, str)
    bigram = any(old[1] is not None or new[1] is not None for _, old, new in updates)
    if heavy:
        entry = load(f"{DATA_DIR}/h/{entry}.json")
        places = load(f"{DATA_DIR}/hp/{shard['t'][term]}.json") if bigram else None
    else:
        places = shard["p"].get(term) if bigram else None
    lists = [list(accumulate(d)) for d in _padded(entry or [])]
    places = _padded(places or []) if bigram else None
    for n, _old, (new_lists, new_places) in updates:
        for c in CLASSES:
            numbers = lists[c]
            start, end = bisect.bisect_left(numbers, n), bisect.bisect_right(numbers, n)
            numbers[start:end] = new_lists[c]
            if places is not None:
                places[c][start:end] = new_places[c] if new_places is not None else []
    total = sum(map(len, lists))
    if (total > HEAVY) != heavy:
        raise _Unpatchable(term)  # it would move between a shard and a file of its own
    encoded = trim([deltas(numbers) for numbers in lists])
    placed = trim(places) if places is not None else None
    if heavy:
        name = shard["t"][term]
        load(f"{DATA_DIR}/h/{name}.json")[:] = encoded
        if placed is not None:
            load(f"{DATA_DIR}/hp/{name}.json")[:] = placed
    elif total:
        shard["t"][term] = encoded
        if placed is not None:
            shard["p"][term] = placed
    else:  # no project has it any more
        shard["t"].pop(term, None)
        shard["p"].pop(term, None)


def _padded(lists: list[list[int]]) -> list[list[int]]:
    """A trimmed list of per-class lists, with its trailing empty classes back."""
    return [list(x) for x in lists] + [[] for _ in range(len(CLASSES) - len(lists))]
