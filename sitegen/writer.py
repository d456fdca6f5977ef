"""The only module that writes the site to disk.

A build makes its new tree in a stage folder and puts it in place of the old in
one step (see swap.py), only once every file was produced, so a failed build
leaves the output exactly as it was. Files whose bytes did not change are not
written again but linked from the last tree, and the manifest of the last build
(path -> key, digest, size, mtime) lets a rebuild skip pages whose inputs did not
change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Callable, NamedTuple, TypeVar

from sitegen import swap
from sitegen.layout import CACHE_DIR, SOURCES
from sitegen.messages import Message


class OutputError(Exception):
    pass


class Entry(NamedTuple):
    """What the manifest remembers of one output file. (A tuple: 24,000 of them are
    read and written by every build at 10,000 declarations, four times faster made.)"""

    key: str  # digest of the page's inputs ('' for files checked by content only)
    sha: str  # digest of the file's bytes
    size: int
    mtime_ns: int


Manifest = dict[str, Entry]
T = TypeVar("T")


def digest(data: bytes) -> str:
    """What tells a file's bytes apart from the last build's. SHA-1, which processors
    compute in hardware (SHA-NI): 11 ms for the 21 MB of data/projects.json at 10,000
    projects, where BLAKE2b took 23 ms."""
    return hashlib.sha1(data).hexdigest()


def safe_relative(path: str) -> str:
    """Refuse any path that could land outside the output folder (or is not in the
    one spelling the manifest knows it by: no '', '.' or '..' segment, no '\\')."""
    if not path or path[0] == "/" or "\\" in path or any(part in ("", ".", "..") for part in path.split("/")):
        raise OutputError(Message("output.outside", path=repr(path)))
    return path


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site itself."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or out in site.parents:
        raise OutputError(Message("output.contains_site", out=out_dir))
    for precious in (*SOURCES[1:], CACHE_DIR):
        d = (site / precious).resolve()
        if out == d or d in out.parents:
            raise OutputError(Message("output.inside", out=out_dir, folder=precious))
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "index.html").exists())):
        raise OutputError(Message("output.not_ours", out=out_dir))


def intact(out_dir: Path, rel: str, entry: Entry | None) -> bool:
    """Is the output file still what the manifest says we wrote?"""
    if entry is None:
        return False
    try:
        st = os.stat(f"{out_dir}/{rel}")  # not pathlib: this runs for every file of every build
    except OSError:
        return False
    return st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns


Listing = dict[str, tuple[int, int, int]]  # {file: (size, mtime, inode)}


class StagedOutput:
    """The new tree, made in ``stage`` (see swap.py). ``listed``: the output and the
    stage as ``listing`` found them at the start of the build (else each file is
    stat'ed when asked whether it is intact, and the stage listed at commit)."""

    def __init__(self, out_dir: Path, previous: Manifest, stage: swap.Stage,
                 listed: tuple[Listing, Listing] | None = None) -> None:
        self.out_dir = out_dir
        self.previous = previous if out_dir.is_dir() else {}
        self.listed, self.stage_listed = listed or (None, None)
        self._stage = stage
        self.stage = stage.path
        self.produced: Manifest = {}  # what commit returns: the new manifest
        self.staged: set[str] = set()
        self.published: set[str] = set()  # staged files already moved into the output

    # -- deciding ---------------------------------------------------------------
    def reusable(self, rel: str, key: str) -> bool:
        """True (and the file counted as produced) when its inputs are unchanged
        and the output file is still the one we wrote."""
        entry = self.previous.get(rel)
        return entry is not None and bool(key) and entry.key == key and self.kept(rel)

    def kept(self, rel: str) -> bool:
        """``reusable`` for a file whose inputs are known unchanged without its key."""
        if not self.intact(rel):
            return False
        self._claim(rel, self.previous[rel])
        return True

    def needs_write(self, rel: str, sha: str) -> bool:
        entry = self.previous.get(rel)
        return not (entry is not None and entry.sha == sha and self.intact(rel))

    def intact(self, rel: str) -> bool:
        """Is the last build's file still in the output as it wrote it?"""
        entry = self.previous.get(rel)
        if entry is None or self.listed is None:
            return intact(self.out_dir, rel, entry)
        found = self.listed.get(rel)
        return found is not None and found[0] == entry.size and found[1] == entry.mtime_ns

    # -- writing ----------------------------------------------------------------
    def put(self, rel: str, data: bytes, key: str = "") -> None:
        self.record(*self.stage_bytes(rel, data, key))

    def stage_bytes(self, rel: str, data: bytes, key: str = "") -> tuple[str, str, str, int, bool, int]:
        """Stage a file if its bytes changed, without counting it as produced: what a
        worker process does; the parent then ``record``s what it returns."""
        sha = digest(data)
        if self.needs_write(rel, sha):
            return rel, key, sha, len(data), True, write_staged(self.stage, rel, data)
        return rel, key, sha, len(data), False, self.previous[rel].mtime_ns

    def stage_files(self, files) -> list:
        """``stage_bytes`` for each (path, bytes) made in a child: what ``record`` takes,
        or the path of a file kept as the last build wrote it (bytes None)."""
        return [rel if data is None else self.stage_bytes(rel, data) for rel, data in files]

    def keep(self, rel: str) -> None:
        """A file the last build wrote, left as it is (its producer checked it intact)."""
        self._claim(rel, self.previous[rel])

    def record(self, rel: str, key: str, sha: str, size: int, staged: bool, mtime: int) -> None:
        """A file a worker process rendered (and staged, when its bytes changed)."""
        if staged:
            self.staged.add(rel)
        self._claim(rel, Entry(key, sha, size, mtime))

    def _claim(self, rel: str, entry: Entry) -> None:
        if rel in self.produced:
            raise OutputError(Message("output.same_file", rel=rel))
        self.produced[rel] = entry

    # -- finishing --------------------------------------------------------------
    def publish_staged(self) -> None:
        """Move what is staged so far into the output now, ahead of ``commit``: the
        preview server shows edited pages before the search index is remade."""
        if self.out_dir.exists():
            self._move(sorted(self.staged - self.published))

    def _move(self, rels: list[str]) -> None:
        for rel in rels:
            target = self.out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(self.stage / rel, target)
            self.published.add(rel)

    def commit(self) -> Manifest:
        """Complete the new tree and put it in place of the last one, in one step;
        returns the new manifest. A file this build kept is in the new tree as the very
        file of the live one (a hard link): linked again unless the stage, which the
        last build left, holds it already."""
        fresh = self.staged - self.published
        in_stage = self.stage_listed
        if in_stage is None:  # a new stage holds only what this build wrote
            in_stage = listing(self.stage) if self._stage.adopted else {}
        if self.out_dir.exists():
            out_inode = self._out_inode()
            for rel in self.produced:
                if rel not in fresh:
                    found = in_stage.get(rel)
                    if found is None or found[2] != out_inode(rel):
                        link_kept(self.out_dir, self.stage, rel)
            os.chmod(self.stage, os.stat(self.out_dir).st_mode & 0o7777)
            self._remove_stale(in_stage)
            swap.switch(self.stage, self.out_dir)
            self._stage.done(holds_tree=True)  # the last tree, now: the next build starts from it
        else:
            self._remove_stale(in_stage)
            os.chmod(self.stage, 0o755)  # mkdtemp makes it private; a web server must read it
            os.rename(self.stage, self.out_dir)
            self._stage.done(holds_tree=False)
        return self.produced

    def _out_inode(self):
        listed = self.listed
        if listed is None:
            return lambda rel: os.stat(f"{self.out_dir}/{rel}", follow_symlinks=False).st_ino
        return lambda rel: listed[rel][2] if rel in listed else None

    def _remove_stale(self, in_stage: Listing) -> None:
        """Delete from the stage what the last tree held and this build does not make
        (the pages of deleted declarations, files added by hand), then the folders
        left empty."""
        produced = self.produced
        folders: set[str] = set()
        for rel in in_stage:
            if rel not in produced:
                try:
                    os.unlink(f"{self.stage}/{rel}")
                except FileNotFoundError:
                    pass
                folder = rel.rpartition("/")[0]
                if folder:
                    folders.add(folder)
        holding: set[str] = set()  # folders that hold a file this build made
        for rel in produced:
            folder = rel.rpartition("/")[0]
            while folder and folder not in holding:
                holding.add(folder)
                folder = folder.rpartition("/")[0]
        emptied = set()
        for folder in folders:
            while folder and folder not in holding and folder not in emptied:
                emptied.add(folder)
                folder = folder.rpartition("/")[0]
        for rel in sorted(emptied, key=lambda f: -f.count("/")):
            try:
                os.rmdir(f"{self.stage}/{rel}")  # the deepest first; only if left empty
            except OSError:
                pass

    def discard(self) -> None:
        """The build failed writing: the output is as it was, the stage dropped."""
        self._stage.discard()

    @property
    def written(self) -> int:
        return len(self.staged)

    @property
    def total_bytes(self) -> int:
        return sum(value[2] for value in self.produced.values())


def listing(folder: Path, skip: str = "\0") -> Listing:
    """{file: (size, mtime, inode)} under ``folder``, relative, a link counted as a file
    (with its own size and time), top-level names starting with ``skip`` left out:
    what ``StagedOutput`` checks kept files against."""
    files: Listing = {}

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix or not entry.name.startswith(skip):
                        walk(entry.path, prefix + entry.name + "/")
                else:
                    st = entry.stat(follow_symlinks=False)
                    files[prefix + entry.name] = (st.st_size, st.st_mtime_ns, st.st_ino)

    try:
        walk(str(folder), "")
    except FileNotFoundError:
        pass
    return files


def link_kept(out_dir: Path, stage: Path, rel: str) -> None:
    """Put the live tree's file at ``rel`` into the new one: a hard link, or a copy
    (with its time) where the file cannot be linked (an immutable file, a filesystem
    without links)."""
    source, target = f"{out_dir}/{rel}", f"{stage}/{rel}"
    try:
        _replacing(target, lambda: os.link(source, target, follow_symlinks=False))
    except OSError:
        if not os.path.lexists(source):
            raise
        _clear_way(stage, rel)
        shutil.copy2(source, target, follow_symlinks=False)


def _replacing(target: str, make: Callable[[], T]) -> T:
    """``make()`` the file ``target`` anew: what was there is unlinked first, never
    written into (in a stage the last build left it may be the live file itself)."""
    try:
        return make()
    except FileExistsError:
        os.unlink(target)
    except FileNotFoundError:  # the folder is made only when missing: a mkdir per file
        os.makedirs(os.path.dirname(target), exist_ok=True)  # costs as much as the write
    return make()


def _clear_way(stage: Path, rel: str) -> None:
    """Remove what stands where the file ``rel`` goes: a folder of that name, or a file
    named as one of its folders (the last tree had them)."""
    parts = rel.split("/")
    for n in range(1, len(parts)):
        path = os.path.join(stage, *parts[:n])
        if os.path.lexists(path) and not os.path.isdir(path):
            os.unlink(path)
            break
    target = os.path.join(stage, rel)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    elif os.path.lexists(target):
        os.unlink(target)
    os.makedirs(os.path.dirname(target), exist_ok=True)


def write_staged(stage: Path, rel: str, data: bytes) -> int:
    """Write a file into the stage, as a new file; returns its modification time (which
    moving it into the output keeps), for the manifest, so that no file is stat'ed
    again to get it."""
    target = f"{stage}/{safe_relative(rel)}"  # strings: pathlib took 0.2 s for 20,000 files
    create = lambda: os.open(target, _NEW_FILE, 0o666)  # noqa: E731
    try:
        fd = _replacing(target, create)
    except OSError:  # a folder where the file goes, or a file where its folder does
        _clear_way(stage, rel)
        fd = create()
    with open(fd, "wb") as f:
        f.write(data)
        f.flush()
        return os.fstat(fd).st_mtime_ns


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def static_files(src: Path, dest: str) -> list[tuple[str, Path]]:
    """(output path, source file) for a static folder, hidden files skipped."""
    found = []
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(root) / name
                found.append((f"{dest}/{path.relative_to(src).as_posix()}", path))
    return found
