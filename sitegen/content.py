"""Read content/: split each file's front matter, parse it, validate it.

Produces declarations and diagnostics; nothing here renders or writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sqlite3
from contextlib import closing
from pathlib import Path

from sitegen import cachefile, links, markup, parallel, progress, schema, yamlsrc
from sitegen.diagnostics import Diagnostics, display_path
from sitegen.messages import Message
from sitegen.sourcefile import decode, read_regular
from sitegen.stamps import file_stamp

FENCE = "---"


def split_front_matter(text: str, diags: Diagnostics) -> tuple[str, str, int] | None:
    """-> (front matter, body, line of the body's first line), or None with an error."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        diags.error(1, Message("content.no_front_matter"))
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    diags.error(1, Message("content.front_matter_open"))
    return None


def read_file(path: Path, diags: Diagnostics) -> schema.Declaration | None:
    """One content file -> a Declaration, or None with the reasons in ``diags``."""
    shown = display_path(path)
    file_diags = Diagnostics(shown)
    digest = ""
    try:
        data = read_regular(path)
        digest = hashlib.sha1(data).hexdigest()
        text = decode(data, file_diags)
    except OSError as exc:
        file_diags.error(1, Message("file.cannot_read", reason=exc.strerror))
        text = None
    decl = None
    if text is not None:
        parts = split_front_matter(text, file_diags)
        if parts is not None:
            front_text, body, body_line = parts
            deep = markup.too_deep(body)
            if deep is not None:
                file_diags.error(body_line + deep[0], Message("content.too_deep", levels=markup.MAX_NESTING,
                                                              what=deep[1]))
            front = yamlsrc.parse(front_text, file_diags, first_line=2)
            if not file_diags.errors:
                decl = schema.read_declaration(front, path.stem, body.strip(), shown, file_diags,
                                               links.relative_links(body, body_line))
    if decl is not None:
        decl = dataclasses.replace(decl, digest=digest)
    diags.extend(file_diags)
    return decl


def parse_to_blob(path: Path) -> bytes:
    """One file -> pickled (declaration, diagnostics): what a parsing worker sends back."""
    file_diags = Diagnostics()
    decl = read_file(path, file_diags)
    return pickle.dumps((decl, file_diags.items), protocol=pickle.HIGHEST_PROTOCOL)


class ParseCache:
    """Parsed files, reused while a file's size and modification time are unchanged.

    This one lives as long as the process (the preview server keeps it between
    rebuilds). Files that must be parsed are parsed on every core when they are many.
    """

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, tuple]] = {}  # path -> (stamp, (declaration, diagnostics))
        self.fresh: list[schema.Declaration] = []  # parsed by the last read_all (not from the cache)
        # Each fresh declaration's previous version (None: a new file, or one that did not
        # parse), and whether the last read_all found a file gone: what an edit changed.
        self.before: list[schema.Declaration | None] = []
        self.removed = False
        # The fingerprint of the build whose reading the entries are, if it succeeded
        # (see settle); None once a read_all parsed anything since. A build that parsed
        # and then failed (or was cancelled), or built another output, leaves them newer
        # than this output: the next build cannot tell its edits since then by ``fresh``.
        self.settled_by: str | None = None

    def _get(self, key: str, stamp: str) -> tuple | None:
        entry = self.entries.get(key)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def _previous(self, key: str) -> schema.Declaration | None:
        """The declaration the cache held for a file it must parse again."""
        entry = self.entries.get(key)
        return entry[1][0] if entry is not None else None

    def _put(self, key: str, stamp: str, parsed: tuple, blob: bytes) -> None:
        self.entries[key] = (stamp, parsed)

    def _keep_only(self, keys: set[str]) -> None:
        gone = [k for k in self.entries if k not in keys]
        for key in gone:
            del self.entries[key]
        self.removed = bool(gone)

    def read_all(self, paths: list[str], diags: Diagnostics,
                 stamps: dict[str, str] | None = None) -> list[schema.Declaration | None]:
        """``stamps``: the files' stamps as the build's fingerprint took them (see
        fingerprint.inputs), else each file is stat'ed."""
        stamps = stamps or {}
        keys, stamps = paths, [stamps.get(p) or file_stamp(p) for p in paths]
        # Unpickling 10,000 declarations makes 200,000 objects, none in a cycle:
        # without the collector it takes half the time.
        with parallel.collector_paused(park_after=True):
            found = [self._get(k, s) for k, s in zip(keys, stamps)]
        misses = [i for i, parsed in enumerate(found) if parsed is None]
        self.before = [self._previous(keys[i]) for i in misses] if len(misses) <= FEW_EDITS else []
        progress.phase("reading content", len(misses))
        blobs = parallel.imap_forked(parse_to_blob, [Path(paths[i]) for i in misses], min_per_worker=500)
        with parallel.collector_paused(park_after=True):
            for i, blob in zip(misses, blobs):  # while the workers parse the next files
                found[i] = pickle.loads(blob)
                self._put(keys[i], stamps[i], found[i], blob)
        self._keep_only(set(keys))
        if misses or self.removed:
            self.settled_by = None  # until the build that read them succeeds
        self.fresh = [found[i][0] for i in misses if found[i][0] is not None]
        if len(self.fresh) != len(self.before):  # a file that does not parse: no pairs
            self.before = []
        for _decl, items in found:
            diags.extend(items)
        return [decl for decl, _items in found]

    def settle(self, fingerprint: str) -> None:
        """The build that made the last read_all succeeded, with these inputs
        (fingerprint.inputs): the entries are what its output was made from."""
        self.settled_by = fingerprint

    def save(self) -> None:
        """Nothing to keep beyond this process."""


# Up to this many edited declarations, a build is one of 'a few edits': their previous
# versions are kept (``before``), the executor's few_edits policy makes the build, and
# the search index is patched, not made whole.
FEW_EDITS = 20


class DiskParseCache(ParseCache):
    """A ParseCache that outlives the process, in an SQLite file: the command line
    parses only the files that changed since the last build (unpickling a parsed
    declaration is several times cheaper than parsing it). ``fingerprint`` names
    the code the entries were made with; another one empties it.

    Entries are keyed by absolute path. The paths a declaration and its diagnostics
    show are relative to the working folder, which each entry records: one made from
    another folder has them rewritten on its way out (and is saved again), instead of
    the file being parsed again."""

    def __init__(self, db_path: Path, fingerprint: str) -> None:
        super().__init__()
        self.db_path, self.fingerprint = db_path, fingerprint
        self.cwd = os.getcwd()
        self.stored: dict[str, tuple[str, bytes, str]] = {}  # path -> (stamp, parsed, cwd)
        self.dirty: dict[str, tuple[str, bytes]] = {}
        self.gone: list[str] = []
        self.folders: dict[str, str] = {}  # folder as given -> its absolute path and '/'
        self.absolutes: dict[str, str] = {}  # path as given -> absolute
        self.settled_on_disk: str | None = None
        try:
            with closing(sqlite3.connect(db_path)) as db:
                if db.execute("PRAGMA user_version").fetchone()[0] == _DB_VERSION:
                    meta = dict(db.execute("SELECT key, value FROM meta"))
                    if meta.get("fingerprint") == fingerprint:
                        with parallel.collector_paused():  # 100,000 rows, none in a cycle
                            self.stored = {p: (st, blob, cwd) for p, st, blob, cwd in db.execute("SELECT * FROM files")}
                        self.settled_by = self.settled_on_disk = meta.get("settled_by")
        except (sqlite3.Error, OSError):
            pass  # no cache yet, or an unreadable one: parse everything

    def _absolute(self, key: str) -> str:
        """os.path.abspath(key), worked out once a folder (10,000 calls took 0.1 s)
        and remembered: a read_all asks twice for each file."""
        absolute = self.absolutes.get(key)
        if absolute is None:
            folder, name = os.path.split(key)
            base = self.folders.get(folder)
            if base is None:
                base = self.folders[folder] = os.path.join(os.path.abspath(folder), "")
            absolute = self.absolutes[key] = base + name
        return absolute

    def _get(self, key: str, stamp: str) -> tuple | None:
        stored = self.stored.get(self._absolute(key))
        if stored is None or stored[0] != stamp:
            return None
        parsed = self._unpickled(key, stored[1])
        if parsed is not None and stored[2] != self.cwd:  # made from another folder: show paths from this one
            parsed = _shown_from_here(parsed, key)
            self._put(key, stamp, parsed, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        return parsed

    def _previous(self, key: str) -> schema.Declaration | None:
        stored = self.stored.get(self._absolute(key))
        parsed = self._unpickled(key, stored[1]) if stored is not None else None
        return parsed[0] if parsed is not None else None

    def _unpickled(self, key: str, sealed: bytes) -> tuple | None:
        """An entry as it was saved, or None (and the entry forgotten) if it is damaged."""
        blob = cachefile.unseal(sealed, self.db_path)
        if blob is None:
            self.stored.pop(self._absolute(key), None)
            return None
        return pickle.loads(blob)

    def _put(self, key: str, stamp: str, parsed: tuple, blob: bytes) -> None:
        self.dirty[self._absolute(key)] = (stamp, cachefile.seal(blob))

    def _keep_only(self, keys: set[str]) -> None:
        keys = {self._absolute(k) for k in keys}
        self.gone = [k for k in self.stored if k not in keys]
        self.removed = bool(self.gone)

    def save(self) -> None:
        """Write what changed since the last save (once more after ``settle``: a flag)."""
        if not self.dirty and not self.gone and self.settled_by == self.settled_on_disk:
            return
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.db_path)) as db, db:
                if db.execute("PRAGMA user_version").fetchone()[0] != _DB_VERSION:
                    db.execute("DROP TABLE IF EXISTS files")
                    db.execute("DROP TABLE IF EXISTS meta")
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT, parsed BLOB, cwd TEXT)")
                old = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
                if not old or old[0] != self.fingerprint:
                    db.execute("DELETE FROM files")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
                    db.execute(f"PRAGMA user_version = {_DB_VERSION}")
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                               [(p, st, blob, self.cwd) for p, (st, blob) in self.dirty.items()])
                db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in self.gone])
                db.execute("INSERT OR REPLACE INTO meta VALUES ('settled_by', ?)", (self.settled_by,))
            self.dirty, self.gone, self.settled_on_disk = {}, [], self.settled_by
        except (sqlite3.Error, OSError):
            pass  # the cache is an optimisation: a build never fails because of it (a read-only site)


_DB_VERSION = 4  # 4: each entry sealed (cachefile.seal)


def _shown_from_here(parsed: tuple, key: str) -> tuple:
    """(declaration, diagnostics) with the file's path as shown from this folder."""
    decl, items = parsed
    shown = display_path(key)
    old = decl.path if decl is not None else (items[0].path if items else shown)
    if decl is not None:
        decl = dataclasses.replace(decl, path=shown)
    return decl, [dataclasses.replace(d, path=shown) if d.path == old else d for d in items]


def content_files(content_dir: Path) -> list[Path]:
    """Every declaration file, in a stable order. Hidden files and folders are skipped."""
    return [Path(p) for p in content_file_names(content_dir)]


def content_file_names(content_dir: Path, unread: list[tuple[str, Message]] | None = None) -> list[str]:
    """content_files as strings: 10,000 Path objects take 0.08 s to make. ``unread``
    gets each file and folder link that is not read, with why (hidden files but an
    editor's copies of a declaration are left out of it)."""
    found: list[str] = []
    for root, dirs, files in os.walk(content_dir):
        if unread is not None:
            unread.extend((os.path.join(root, d), Message("content.unread_link")) for d in dirs
                          if not d.startswith(".") and os.path.islink(os.path.join(root, d)))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = os.path.join(root, "")
        for f in files:
            if f.endswith(".md") and not f.startswith("."):
                found.append(folder + f)
            elif unread is not None and _listed(f):
                unread.append((folder + f, _why_unread(f)))
    return sorted(found)


def _listed(name: str) -> bool:
    """Whether a file not read is said: hidden files are not, but an editor's hidden
    copy of a declaration (.a.md.swp) is; a hidden declaration (.a.md) is not."""
    return not name.startswith(".") or (".md" in name.lower() and not name.endswith(".md"))


def _why_unread(name: str) -> Message:
    lower = name.lower()
    if lower.endswith(".md"):  # A.MD, x.Md
        return Message("content.unread_case", name=name[:-3] + ".md")
    if ".md" in lower:  # a.md.txt, a.md~, a.md.bak, .a.md.swp, #a.md#
        return Message("content.unread_copy")
    return Message("content.unread_other")


def load_declarations(content_dir: Path, diags: Diagnostics, cache: ParseCache | None = None,
                      stamps: dict[str, str] | None = None) -> list[schema.Declaration]:
    """Read and validate every file; also reject two files claiming the same id."""
    if not content_dir.is_dir():
        diags.error(0, Message("content.no_folder"), path=display_path(content_dir))
        return []
    declarations: list[schema.Declaration] = []
    owner: dict[str, schema.Declaration] = {}
    unread: list[tuple[str, Message]] = []
    parsed = (cache or ParseCache()).read_all(content_file_names(content_dir, unread), diags, stamps)
    for path, why in sorted(unread):
        diags.warning(0, why, path=display_path(path))
    if not parsed:
        diags.warning(0, Message("content.none"), path=display_path(content_dir))
    for decl in parsed:
        if decl is None:
            continue
        first = owner.get(decl.id)
        if first is not None:
            key = "content.duplicate_id" if "id" in decl.lines else "content.duplicate_id_from_name"
            diags.error(decl.lines.get("id", 1), Message(key, id=decl.id, first=first.path), path=decl.path)
            continue
        owner[decl.id] = decl
        declarations.append(decl)
    return declarations
