"""The switch from the last build's output to the new one, made in one step.

A build makes its complete new tree in a stage folder on the output's filesystem
(the files it did not change hard-linked from the live tree), then exchanges the
two names at once (Linux's renameat2 with RENAME_EXCHANGE): a reader of the server
gets a file of the old tree or of the new one, never a mix, and a failure before
the exchange leaves the old tree whole. The stage folder then holds the last tree,
and the next build starts from it: most of its files are already the live ones, and
only those that are not (another inode) are linked again.

An output folder that is a mount point cannot be renamed: its stage is made inside
it, its entries (index.html, projects/, ...) are exchanged one after another, each
in one step, all put back if one fails, and the old tree is then deleted (it would
be served). Each stage is locked while its build runs; an unlocked one was left by
a finished or killed build, and the next build takes it or deletes it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # no flock (Windows): abandoned stages stay until deleted by hand
    fcntl = None

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _find_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library older than glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


_renameat2 = _find_renameat2()


def stage_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.stage-"


def stage_home(out_dir: Path) -> Path:
    """Beside the output, or inside it when it is a mount point (a tmpfs, a volume):
    nothing can be renamed onto it from another filesystem."""
    return out_dir if out_dir.is_dir() and os.path.ismount(out_dir) else out_dir.parent


def trash_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.trash-"


class Stage:
    """The locked stage folder of one build of ``out_dir``: the one a finished or killed
    build left, if any and ``adopt`` (the others are deleted), else a new, empty one."""

    def __init__(self, out_dir: Path, adopt: bool = True) -> None:
        home = stage_home(out_dir)
        home.mkdir(parents=True, exist_ok=True)
        prefix = stage_prefix(out_dir)
        self._prefixes = prefix, trash_prefix(out_dir)
        _remove_trash(home, self._prefixes[1])
        # Not kept inside the output (the web server would serve it), nor without locks.
        self.kept = home != out_dir and fcntl is not None
        self.path: Path | None = None
        for left in _unlocked(home, prefix):
            if self.path is None and self.kept and adopt:
                self.path, self._lock = left
                self.adopted = True
            else:
                shutil.rmtree(left[0], ignore_errors=True)
                os.close(left[1])
        while self.path is None:
            path = Path(tempfile.mkdtemp(prefix=prefix, dir=home))
            fd = _locked(path)
            if fd is not False:  # else another build took it in between, as one left
                self.path, self._lock, self.adopted = path, fd, False
        self._open = True

    def done(self, holds_tree: bool | None = None) -> None:
        """The build ended: the stage is kept for the next one, unlocked, if it holds a
        whole tree (``holds_tree``; by default, if a build left it), else deleted."""
        if not self._open:
            return
        self._open = False
        if not (self.kept and (self.adopted if holds_tree is None else holds_tree)):
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)

    def discard(self) -> None:
        """The stage could not be written: never used again (a folder in it may be
        one the system refuses to change), and deleted as far as it can be."""
        if not self._open:
            return
        stage, trash = self._prefixes
        aside = self.path.with_name(trash + self.path.name[len(stage):])
        try:
            os.rename(self.path, aside)
        except OSError:
            pass
        else:
            shutil.rmtree(aside, ignore_errors=True)
        self.kept = False
        self.done()


def _remove_trash(home: Path, prefix: str) -> None:
    for name in _folders(home, prefix):
        shutil.rmtree(home / name, ignore_errors=True)


def _folders(home: Path, prefix: str) -> list[str]:
    """The names of the folders under ``home`` that start with ``prefix``, sorted."""
    try:
        return sorted(e.name for e in os.scandir(home) if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False))
    except OSError:
        return []


def _locked(path: Path) -> int | None | bool:
    """An open descriptor holding ``path``'s lock; False when another process holds it,
    None where there are no locks."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    return fd


def _unlocked(home: Path, prefix: str) -> list[tuple[Path, int | None]]:
    """The stages under ``home`` that no running build holds, each with its lock, now
    taken (sorted: which one is taken does not depend on the folder's order)."""
    if fcntl is None:
        return []
    taken = []
    for name in _folders(home, prefix):
        fd = _locked(home / name)
        if fd:
            taken.append((home / name, fd))
    return taken


def exchange(a: Path, b: Path) -> None:
    """Swap the names ``a`` and ``b`` in one step; where the system cannot, with three
    renames (``b`` is then missing for a moment, and restored if the second fails)."""
    if _renameat2 is not None:
        if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # else the filesystem cannot
            raise OSError(code, os.strerror(code), str(b))
    aside = Path(f"{a}.aside")
    os.rename(b, aside)
    try:
        os.rename(a, b)
    except OSError:
        os.rename(aside, b)
        raise
    os.rename(aside, a)


def switch(new: Path, out_dir: Path) -> None:
    """Put the tree at ``new`` in place of ``out_dir``'s; ``new`` then holds the old."""
    if new.parent != out_dir:
        exchange(new, out_dir)
        return
    prefix = stage_prefix(out_dir)
    names = sorted(set(os.listdir(new)) | {n for n in os.listdir(out_dir) if not n.startswith(prefix)})
    done: list[tuple[str, str]] = []
    try:
        for name in names:
            fresh, current = new / name, out_dir / name
            if not current.exists() and not current.is_symlink():
                os.rename(fresh, current)
                done.append(("added", name))
            elif not fresh.exists() and not fresh.is_symlink():
                os.rename(current, fresh)
                done.append(("removed", name))
            else:
                exchange(fresh, current)
                done.append(("exchanged", name))
    except OSError:
        for how, name in reversed(done):
            if how == "added":
                os.rename(out_dir / name, new / name)
            elif how == "removed":
                os.rename(new / name, out_dir / name)
            else:
                exchange(new / name, out_dir / name)
        raise
