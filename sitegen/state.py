"""What a build remembers for the next one: the manifest of the output, the
fingerprint of its inputs, and the warnings it printed.

The command line keeps it in DIR/.sitegen-cache/; the preview server keeps it in
memory. Losing it only costs time: the next build renders everything again.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path

import sitegen
from sitegen import __version__, cachefile
from sitegen.diagnostics import Diagnostic, display_path
from sitegen.writer import Entry, Manifest, intact

CACHE_DIR = ".sitegen-cache"
PACKAGE_DIR = Path(sitegen.__file__).parent
_FORMAT = 2


class Fragments(dict):
    """Each project's part of the data files (its JSON line, its CSV lines, UTF-8), by file
    digest and page address. opendata.data_files leaves in it only the parts a build
    used and notes the ones it made in ``added``."""

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
    return site_dir / CACHE_DIR / "fragments.marshal"


def load_fragments(path: Path, code: str) -> Fragments:
    """The fragments kept by the last builds, if this code made them (else none).
    The file is a series of (code, entries) records, each adding to the ones before."""
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


def save_fragments(path: Path, code: str, fragments: Fragments) -> None:
    """Append what this build made; rewrite the file when it would hold more than
    twice the entries in use (after edits and deletions), so that after one edit at
    100,000 projects a few kilobytes are written, not the 600 MB of them all."""
    compact = fragments.on_disk + len(fragments.added) > 2 * len(fragments) + 100 or not path.exists()
    if not compact:
        append_fragments(path, code, fragments.added)
        return
    cachefile.write_atomically(path, cachefile.frame(marshal.dumps((code, dict(fragments)))), sealed=False)


def append_fragments(path: Path, code: str, added: dict) -> None:
    """Add parts to the kept ones without reading them (the next build that reads
    them all rewrites the file if it grew too much: see save_fragments)."""
    if not added:
        return
    try:
        with open(path, "ab") as f:
            f.write(cachefile.frame(marshal.dumps((code, added))))
    except OSError:
        pass  # a read-only site still builds, only without the cache


def layout_file(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "data-layout.marshal"


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


def state_file(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "build.marshal"


def load_state(path: Path, out_dir: Path) -> BuildState:
    """The state of the last build into ``out_dir``; empty if the last build went elsewhere.
    Read without the cyclic garbage collector: its 227,000 manifest entries at 100,000
    declarations took 0.38 s to read with it, rescanning them as they were made, and
    0.21 s without (none is in a cycle)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_state(path, out_dir)
    finally:
        if collecting:
            gc.enable()


def _read_state(path: Path, out_dir: Path) -> BuildState:
    sealed = cachefile.read_sealed(path)
    if sealed is None:
        return BuildState()
    try:
        data = marshal.loads(sealed)
        if data.get("format") != (_FORMAT, __version__, sys.version_info[:2], str(out_dir.resolve())):
            return BuildState()
        return BuildState(
            data["fingerprint"],
            _manifest(*data["manifest"]),
            [Diagnostic(*d) for d in data["warnings"]],
            data["pages"],
            *data.get("search", ((), "")),
            data.get("shared", ""),
        )
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        return BuildState()  # no cache, or one from another version: start afresh


def save_state(path: Path, out_dir: Path, state: BuildState) -> None:
    data = {
        "format": (_FORMAT, __version__, sys.version_info[:2], str(out_dir.resolve())),
        "fingerprint": state.fingerprint,
        # Paths, and every entry's fields in one flat list: 24,000 entries are saved
        # and read in 0.03 s, where a dict of tuples took 0.05 s.
        "manifest": (list(state.manifest), list(chain.from_iterable(state.manifest.values()))),
        "warnings": [(d.path, d.line, d.severity, d.message) for d in state.warnings],
        "pages": state.pages,
        "search": (state.search_docs, state.search_code),
        "shared": state.shared,
    }
    cachefile.write_atomically(path, marshal.dumps(data))


def _manifest(paths: list[str], fields: list) -> Manifest:
    """save_state's manifest, read back (tuple.__new__ makes each Entry without a call of
    Python code)."""
    values = iter(fields)
    return dict(zip(paths, map(partial(tuple.__new__, Entry), zip(*[values] * len(Entry._fields)))))


def tree_stamp(paths: list[Path]) -> list[tuple[str, str]]:
    """(path, file_stamp) of every file under the given files and folders, hidden
    ones left out as the build leaves them out (an editor's .swp is not a change).
    Each stamp is also kept for ``taken_stamp``: the build that follows reads the
    content's stamps from there instead of stat'ing 10,000 files again (0.04 s)."""
    stamp = []
    for top in paths:
        if top.is_file():
            stamp.append((str(top), file_stamp(str(top))))
            continue
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            folder = os.path.join(root, "")
            for name in sorted(f for f in files if not f.startswith(".")):
                path = folder + name
                try:
                    stamp.append((path, _stamp_of(os.stat(path))))
                except OSError:  # a broken link: a clean build fails on it, so must this one
                    stamp.append((path, "missing"))
    _TAKEN.update(stamp)
    return stamp


_TAKEN: dict[str, str] = {}  # path -> its stamp, as the last tree_stamp that saw it took it


def file_stamp(path: str) -> str:
    """What tells one version of a file from another: its times and size."""
    try:
        return _stamp_of(os.stat(path))
    except OSError:
        return "missing"


def _stamp_of(st: os.stat_result) -> str:
    return f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}"


def taken_stamp(path: str) -> str:
    """The file's stamp as the last tree_stamp took it, once (asked again, or for a
    file it did not see, the file is stat'ed). A file changed since is then seen as
    unchanged by this build, which has the fingerprint of before the change: the
    next build sees the change, and reads the file again."""
    stamp = _TAKEN.pop(path, None)
    return file_stamp(path) if stamp is None else stamp


def output_matches(out_dir: Path, manifest: Manifest) -> bool:
    """Is every file of the manifest still in the output, untouched? (One stat per
    file, no walk: a file added to the output by hand is removed by the next build
    that has something to do, not by a no-change one.)"""
    return bool(manifest) and all(intact(out_dir, rel, entry) for rel, entry in manifest.items())


def code_version() -> str:
    """Names this sitegen's code: what it made (parsed declarations, pages, data-file
    parts, the search index) is reused only by the same code."""
    return hashlib.sha1(repr((__version__, tree_stamp([PACKAGE_DIR]))).encode()).hexdigest()


def input_fingerprint(site_dir: Path, out_dir: Path, base_url: str | None, strict: bool) -> str:
    """Changes whenever anything a build reads may have changed."""
    watched = [site_dir / "sitegen.yaml", site_dir / "content", site_dir / "templates",
               site_dir / "themes", site_dir / "static"]
    stamp = tree_stamp([p for p in watched if p.exists()])
    return hashlib.sha1(repr((code_version(), str(out_dir.resolve()), base_url, strict,
                              os.getcwd(), stamp)).encode()).hexdigest()


def unchanged(state: BuildState, site_dir: Path, out_dir: Path, base_url: str | None,
              strict: bool) -> tuple[bool, str]:
    """(nothing to do?, the inputs' fingerprint): cheap, and imports nothing heavy,
    so the command line answers a no-change build without loading the renderer."""
    fingerprint = input_fingerprint(site_dir, out_dir, base_url, strict)
    return fingerprint == state.fingerprint and output_matches(out_dir, state.manifest), fingerprint


def report_line(pages: int, files: int, size: int, written: int, out_dir: Path, seconds: float) -> str:
    return (f"built {pages} pages ({files} files, {size / 1024:.0f} KiB, "
            f"{written} written) into {display_path(out_dir)} in {seconds:.2f} s")
