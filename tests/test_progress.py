"""The progress bar: drawn on an interactive terminal for long builds, never elsewhere."""

from __future__ import annotations

import io

from sitegen import parallel, progress
from sitegen.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_counts_the_work_and_is_erased_at_the_end(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    screen = Terminal()
    with progress.shown(screen):
        progress._ACTIVE.delay = progress._ACTIVE.interval = 0  # as if the build were long
        progress.phase("rendering pages", 4)
        parallel.map_forked(str, [1, 2, 3, 4])
    drawn = screen.getvalue()
    assert "\rrendering pages [" + "." * progress.WIDTH + "] 0/4" in drawn
    assert "] 2/4" in drawn and "\rrendering pages [" + "#" * progress.WIDTH + "] 4/4" in drawn
    assert drawn.endswith("\r" + " " * len(f"rendering pages [{'#' * progress.WIDTH}] 4/4") + "\r")


def test_a_short_build_draws_nothing(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    screen = Terminal()
    with progress.shown(screen):  # the bar waits half a second before its first line
        progress.phase("reading content", 2)
        progress.advance(2)
    assert screen.getvalue() == ""


def test_no_bar_without_a_terminal(site_copy, capsys, monkeypatch):
    monkeypatch.setattr(progress.Bar, "__init__", lambda *a, **k: (_ for _ in ()).throw(AssertionError("drawn")))
    assert main(["build", "--site", str(site_copy())]) == 0  # pytest's stderr is not a terminal
    err = capsys.readouterr().err
    assert "\r" not in err and "[" not in err
    progress.phase("x", 1)
    progress.advance()  # with no bar shown: nothing happens


def test_a_dumb_terminal_gets_no_bar(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    screen = Terminal()
    with progress.shown(screen):
        assert progress._ACTIVE is None
