"""The one owner of DIR/.sitegen-cache/: what a build keeps there for the next one,
where each thing lies, and how it is read and written.

- build.marshal: the BuildState (the output's manifest, the inputs' fingerprint, the
  warnings, the search index's projects);
- fragments.marshal: each project's part of the data files (Fragments);
- workbook.marshal: the workbook's compressed pieces (Segments);
- parsed.sqlite: the parsed content files (content.DiskParseCache, given its path here);
- templates/CODE/LANGUAGE-DIGEST/: compiled templates (theme.SealedBytecodeCache).

Everything is sealed (cachefile) and named by the code that made it; anything
damaged, or made by another sitegen, is ignored. Losing the folder only costs
time: the next build renders everything again. The preview server keeps the state
and the fragments in memory instead.
"""

from __future__ import annotations

import gc
import marshal
import shutil
import sys
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path

from sitegen import __version__, cachefile
from sitegen.deflate import Segment
from sitegen.diagnostics import Diagnostic
from sitegen.layout import CACHE_DIR
from sitegen.writer import Entry, Manifest

_FORMAT = 2


def folder(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR


def parsed_file(site_dir: Path) -> Path:
    return folder(site_dir) / "parsed.sqlite"


def templates_folder(site_dir: Path, code: str, catalogue: str) -> Path | None:
    """Where compiled templates of this code and catalogue (language and digest) are
    kept, made now, the other codes' removed; None when it cannot be made."""
    compiled = site_dir.absolute() / CACHE_DIR / "templates"
    path = compiled / code[:16] / catalogue
    try:
        if not path.parent.is_dir() and compiled.is_dir():
            for other in compiled.iterdir():  # another sitegen's
                shutil.rmtree(other, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only site: compile every time
    return path


# -- the build state -----------------------------------------------------------

@dataclass
class BuildState:
    fingerprint: str = ""
    manifest: Manifest = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    # The search index's projects, (id, digest) by number, and the code that made it.
    search_docs: tuple = ()
    search_code: str = ""
    # The digest of what every page's key shares (code, templates, settings, navigation).
    shared: str = ""
    # Kept in memory by the preview server (the command line keeps them on disk, see
    # load_fragments): each project's part of the data files.
    fragments: Fragments = field(default_factory=lambda: Fragments())
    segments: Segments = field(default_factory=lambda: Segments())
    drafts: int = 0  # declarations the last build left out as drafts


def state_file(site_dir: Path) -> Path:
    return folder(site_dir) / "build.marshal"


def _stamp(out_dir: Path) -> tuple:
    return (_FORMAT, __version__, sys.version_info[:2], str(out_dir.resolve()))


def load_state(site_dir: Path, out_dir: Path) -> BuildState:
    """The state of the last build into ``out_dir``; empty if the last build went elsewhere.
    Read without the cyclic garbage collector (none of its manifest entries is in a cycle)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_state(state_file(site_dir), out_dir)
    finally:
        if collecting:
            gc.enable()


def _read_state(path: Path, out_dir: Path) -> BuildState:
    sealed = cachefile.read_sealed(path)
    if sealed is None:
        return BuildState()
    try:
        data = marshal.loads(sealed)
        if data.get("format") != _stamp(out_dir):
            return BuildState()
        return BuildState(
            data["fingerprint"],
            _manifest(*data["manifest"]),
            [Diagnostic.from_plain(d) for d in data["warnings"]],
            data["pages"],
            *data.get("search", ((), "")),
            data.get("shared", ""),
            drafts=data.get("drafts", 0),
        )
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        return BuildState()  # no cache, or one from another version: start afresh


def save_state(site_dir: Path, out_dir: Path, state: BuildState) -> None:
    data = {
        "format": _stamp(out_dir),
        "fingerprint": state.fingerprint,
        # Paths, and every entry's fields in one flat list (quicker than a dict of tuples).
        "manifest": (list(state.manifest), list(chain.from_iterable(state.manifest.values()))),
        "warnings": [d.plain() for d in state.warnings],
        "pages": state.pages,
        "search": (state.search_docs, state.search_code),
        "shared": state.shared,
        "drafts": state.drafts,
    }
    cachefile.write_atomically(state_file(site_dir), marshal.dumps(data))


def _manifest(paths: list[str], fields: list) -> Manifest:
    """save_state's manifest, read back (tuple.__new__ makes each Entry without a call of
    Python code)."""
    values = iter(fields)
    return dict(zip(paths, map(partial(tuple.__new__, Entry), zip(*[values] * len(Entry._fields)))))


# -- each project's part of the data files ----------------------------------------

class Fragments(dict):
    """Each project's part of the data files (its JSON line, its CSV lines, UTF-8), by
    opendata.part_key. opendata.data_files leaves in it only the parts a build used and
    notes the ones it made in ``added``."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.added: dict = {}  # made by this build: what save_fragments appends
        self.on_disk = 0  # entries in the file it was read from, stale ones included

    def add(self, key, part) -> None:
        """A part this build made."""
        self[key] = self.added[key] = part

    def keep_only(self, keys) -> None:
        """Forget the parts of projects this build does not have (None keys ignored)."""
        kept = {key: self[key] for key in keys if key in self}
        self.clear()
        self.update(kept)


def fragments_file(site_dir: Path) -> Path:
    return folder(site_dir) / "fragments.marshal"


def load_fragments(site_dir: Path, code: str) -> Fragments:
    """The fragments kept by the last builds, if this code made them (else none).
    The file is a series of (code, entries) records, each adding to the ones before."""
    path = fragments_file(site_dir)
    try:
        records, whole = cachefile.read_frames(path.read_bytes(), path)
    except FileNotFoundError:
        return Fragments()
    except OSError:
        records, whole = [], False
    fragments = Fragments()
    for record in records:
        made_by, entries = marshal.loads(record)
        if made_by != code:  # another sitegen's: none kept, and the file is rewritten
            fragments = Fragments()
            fragments.on_disk = _STALE
            return fragments
        fragments.update(entries)
        fragments.on_disk += len(entries)
    if not whole:  # the records after a damaged one are lost: the file is rewritten
        fragments.on_disk = _STALE
    return fragments


_STALE = 1 << 62  # as if the file held that many entries no longer in use


def save_fragments(site_dir: Path, code: str, fragments: Fragments) -> None:
    """Append what this build made; rewrite the file when it would hold more than
    twice the entries in use (after edits and deletions): after one edit, a few
    kilobytes are written, not every project's part."""
    path = fragments_file(site_dir)
    compact = fragments.on_disk + len(fragments.added) > 2 * len(fragments) + 100 or not path.exists()
    if not compact:
        append_fragments(site_dir, code, fragments.added)
        return
    entries = list(fragments.items())
    records = (cachefile.frame(marshal.dumps((code, dict(entries[at:at + _RECORD]))))
               for at in range(0, len(entries), _RECORD))
    cachefile.write_atomically(path, records, sealed=False)


_RECORD = 1000  # entries per record of a rewritten file: never all of them in one bytes


def append_fragments(site_dir: Path, code: str, added: dict) -> None:
    """Add parts to the kept ones without reading them (the next build that reads
    them all rewrites the file if it grew too much: see save_fragments)."""
    if not added:
        return
    try:
        with open(fragments_file(site_dir), "ab") as f:
            f.write(cachefile.frame(marshal.dumps((code, added))))
    except OSError:
        pass  # a read-only site still builds, only without the cache


# -- the workbook's compressed pieces ---------------------------------------------

class Segments(dict):
    """The workbook's compressed pieces by slot key (opendata.workbook.Slot: equal
    keys, equal bytes); ``stored``: the keys the file holds."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.stored: frozenset = frozenset()


def segments_file(site_dir: Path) -> Path:
    return folder(site_dir) / "workbook.marshal"


def load_segments(site_dir: Path, code: str) -> Segments:
    data = cachefile.read_sealed(segments_file(site_dir))
    segments = Segments()
    try:
        made_by, entries = marshal.loads(data) if data is not None else ("", {})
    except (ValueError, EOFError, TypeError):
        return segments
    if made_by == code:
        segments.update((key, Segment(*value)) for key, value in entries.items())
        segments.stored = frozenset(segments)
    return segments


def save_segments(site_dir: Path, code: str, segments: Segments) -> None:
    """Written when this build used other pieces than the file holds."""
    if segments.keys() != segments.stored:
        cachefile.write_atomically(segments_file(site_dir), marshal.dumps(
            (code, {key: tuple(value) for key, value in segments.items()})))
        segments.stored = frozenset(segments)
