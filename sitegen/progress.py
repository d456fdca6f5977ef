"""A progress bar for long builds, on an interactive terminal only.

``with shown(sys.stderr): build(...)`` turns it on for the command line; the build's
phases call ``phase`` and ``advance``, which do nothing when no bar is shown (tests,
the preview server, output piped to a file or a CI log). The bar appears only once a
build has run for half a second, is redrawn at most ten times a second, and is erased
when the build ends, so short builds print exactly what they printed before.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Iterator, TextIO

WIDTH = 24  # characters of the bar itself


class Bar:
    def __init__(self, stream: TextIO, delay: float = 0.5, interval: float = 0.1) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.delay, self.interval = delay, interval
        self.label, self.total, self.done = "", 0, 0
        self.drawn_at = 0.0
        self.shown = 0  # length of the line on screen

    def phase(self, label: str, total: int = 0) -> None:
        self.label, self.total, self.done = label, total, 0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw()

    def line(self) -> str:
        if not self.total:
            return f"{self.label} …"
        filled = WIDTH * min(self.done, self.total) // self.total
        return f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done:,}/{self.total:,}"

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if now - self.started < self.delay or (not force and now - self.drawn_at < self.interval):
            return
        text = self.line()
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown, self.drawn_at = max(self.shown, len(text)), now

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()


_ACTIVE: Bar | None = None


@contextlib.contextmanager
def shown(stream: TextIO) -> Iterator[None]:
    """Show the bar on ``stream`` while the block runs, if it is an interactive terminal."""
    global _ACTIVE
    if not (stream.isatty() and os.environ.get("TERM") != "dumb"):
        yield
        return
    _ACTIVE = Bar(stream)
    try:
        yield
    finally:
        _ACTIVE.close()
        _ACTIVE = None


def phase(label: str, total: int = 0) -> None:
    if _ACTIVE is not None:
        _ACTIVE.phase(label, total)


def advance(count: int = 1) -> None:
    if _ACTIVE is not None:
        _ACTIVE.advance(count)


def detach() -> None:
    """In a forked child: draw nothing (the bar on screen is its parent's)."""
    global _ACTIVE
    _ACTIVE = None
