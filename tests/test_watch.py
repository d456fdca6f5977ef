"""Both ways of noticing a saved file: inotify, and the polling fallback."""

from __future__ import annotations

import asyncio
import threading

import pytest

from sitegen.watch import InotifyWatcher, PollingWatcher

NAMES = ("content", "sitegen.yaml")


def changes_seen(watcher_class, site, edit) -> int:
    seen = []

    async def run() -> None:  # the watchers use the IOLoop of the running asyncio loop
        watcher = watcher_class(site, NAMES, lambda: seen.append(1))
        await asyncio.sleep(0.15)
        edit()
        await asyncio.sleep(0.45)
        watcher.close()

    # A thread of its own: pytest may already run an event loop here (Playwright's).
    thread = threading.Thread(target=asyncio.run, args=(run(),))
    thread.start()
    thread.join()
    return len(seen)


@pytest.mark.parametrize("watcher_class", [InotifyWatcher, PollingWatcher])
def test_a_save_in_content_is_one_change(tmp_path, watcher_class):
    (tmp_path / "content" / "sub").mkdir(parents=True)
    md = tmp_path / "content" / "sub" / "a.md"
    md.write_text("one")
    assert changes_seen(watcher_class, tmp_path, lambda: md.write_text("two, longer")) == 1


@pytest.mark.parametrize("watcher_class", [InotifyWatcher, PollingWatcher])
def test_files_beside_the_sources_are_ignored(tmp_path, watcher_class):
    (tmp_path / "content").mkdir()
    (tmp_path / "output").mkdir()
    assert changes_seen(watcher_class, tmp_path, lambda: (tmp_path / "output" / "x.html").write_text("x")) == 0
    assert changes_seen(watcher_class, tmp_path, lambda: (tmp_path / "sitegen.yaml").write_text("title: x")) == 1


@pytest.mark.parametrize("watcher_class", [InotifyWatcher, PollingWatcher])
def test_hidden_files_such_as_editor_swap_files_are_ignored(tmp_path, watcher_class):
    (tmp_path / "content").mkdir()
    swap = tmp_path / "content" / ".2024-a.md.swp"
    assert changes_seen(watcher_class, tmp_path, lambda: swap.write_text("swap")) == 0
