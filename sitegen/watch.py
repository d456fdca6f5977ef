"""Noticing that the site's sources changed: inotify on Linux, the moment a file is
saved; elsewhere, polling of modification times.

Both call ``on_change()`` on the Tornado IOLoop, after a short quiet period so that
an editor's write-then-rename counts as one change.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
from pathlib import Path
from typing import Callable

from tornado import ioloop

from sitegen.stamps import tree_stamp

QUIET_SECONDS = 0.02  # coalesce the several events of one save
POLL_SECONDS = 0.1  # the fallback's interval

_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF, _IN_ISDIR = 0x400, 0x800, 0x40000000
_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000
_MASK = (_IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO | _IN_CREATE
         | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF)
_EVENT = struct.Struct("iIII")


class Debounced:
    """Call ``action`` once, QUIET_SECONDS after the last of a burst of triggers."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action
        self.pending = None

    def __call__(self) -> None:
        loop = ioloop.IOLoop.current()
        if self.pending is not None:
            loop.remove_timeout(self.pending)
        self.pending = loop.call_later(QUIET_SECONDS, self._fire)

    def _fire(self) -> None:
        self.pending = None
        self.action()


class InotifyWatcher:
    """Watches folders (recursively) and chosen files of the site folder."""

    def __init__(self, site_dir: Path, names: tuple[str, ...], on_change: Callable[[], None]) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self.fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.site_dir, self.names = site_dir, names
        self.trigger = Debounced(on_change)
        self.folders: dict[int, Path] = {}
        self._watch(site_dir)  # the top folder: only events about `names` count
        for name in names:
            if (site_dir / name).is_dir():
                self._watch_tree(site_dir / name)
        ioloop.IOLoop.current().add_handler(self.fd, self._readable, ioloop.IOLoop.READ)

    def _watch(self, folder: Path) -> None:
        wd = self._add(self.fd, os.fsencode(folder), _MASK)
        if wd >= 0:
            self.folders[wd] = folder

    def _watch_tree(self, top: Path) -> None:
        self._watch(top)
        for root, dirs, _files in os.walk(top):
            for d in dirs:
                self._watch(Path(root) / d)

    def _readable(self, fd: int, events: int) -> None:
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        changed = False
        offset = 0
        while offset + _EVENT.size <= len(data):
            wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
            name = data[offset + _EVENT.size:offset + _EVENT.size + length].rstrip(b"\0").decode(errors="replace")
            offset += _EVENT.size + length
            folder = self.folders.get(wd)
            if folder is None:
                continue
            if folder == self.site_dir and name not in self.names:
                continue  # e.g. output/ or .sitegen-cache/ beside the sources
            if name.startswith("."):
                continue  # hidden, as the build ignores it: an editor's swap file
            if mask & _IN_ISDIR and mask & (_IN_CREATE | _IN_MOVED_TO):
                self._watch_tree(folder / name)
            changed = True
        if changed:
            self.trigger()

    def close(self) -> None:
        ioloop.IOLoop.current().remove_handler(self.fd)
        os.close(self.fd)


class PollingWatcher:
    """Compares the modification time and size of every watched file, every POLL_SECONDS."""

    def __init__(self, site_dir: Path, names: tuple[str, ...], on_change: Callable[[], None]) -> None:
        self.paths = [site_dir / name for name in names]
        self.on_change = on_change
        self.state = self._scan()
        self.timer = ioloop.PeriodicCallback(self._poll, POLL_SECONDS * 1000)
        self.timer.start()

    def _scan(self) -> list[tuple[str, int, int]]:
        return tree_stamp([p for p in self.paths if p.exists()])

    def _poll(self) -> None:
        new = self._scan()
        if new != self.state:
            self.state = new
            self.on_change()

    def close(self) -> None:
        self.timer.stop()


def watch(site_dir: Path, names: tuple[str, ...], on_change: Callable[[], None]):
    """The best watcher this system offers."""
    try:
        return InotifyWatcher(site_dir, names, on_change)
    except (OSError, AttributeError, TypeError):  # not Linux, or no inotify
        return PollingWatcher(site_dir, names, on_change)
