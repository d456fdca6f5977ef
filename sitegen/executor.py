"""One executor, three policies: how a build makes its outputs once it knows which.

- whole: the page workers render while this process makes the search index and feeds;
  the data files are joined after, from the parts the workers made;
- few_edits: the data files made in a forked child while this process makes the pages
  that changed, then the search index, the feeds and the workbook;
- preview: the edited pages first, then every page, published before the rest is made;
  a newer change cancels what is left.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sitegen import cache, opendata, outputs, parallel, swap
from sitegen.make import Maker, make_pages
from sitegen.messages import Message
from sitegen.opendata import workbook
from sitegen.writer import StagedOutput, listing


class BuildCancelled(Exception):
    """A newer change arrived; what this build had not yet written is dropped."""


@dataclass
class Run:
    """What one build's policy works with."""

    maker: Maker
    site_dir: Path
    state: cache.BuildState
    code: str
    persisted: bool  # the command line's: what the next build reuses is kept on disk
    cancelled: Callable[[], bool] | None = None

    @property
    def output(self) -> StagedOutput:
        return self.maker.output

    def write(self, files) -> None:
        """Each (path, bytes) put in the output; bytes None: kept as the last build wrote it."""
        for rel, data in files:
            if self.cancelled is not None and self.cancelled():
                raise BuildCancelled
            if data is None:
                self.output.keep(rel)
            else:
                self.output.put(rel, data)

    def index_and_feeds(self):
        previous = outputs.previous_index(self.output.out_dir, self.output, self.state, self.code)
        return outputs.index_and_feeds(self.maker.site, previous)

    def data_files(self) -> None:
        """Joined from each project's part (made by the page workers, or kept)."""
        self.write(opendata.data_files(self.maker.site, self.maker.fragments))
        self.write([self.workbook()])

    def workbook(self) -> tuple[str, bytes]:
        """Joined from its pieces (compressed by the page workers, or kept)."""
        maker = self.maker
        return workbook.WORKBOOK, workbook.workbook_file(maker.site, maker.book, maker.segments)


def whole(run: Run, save_parsed: Callable[[], None]) -> int:
    def meanwhile() -> None:  # while the page workers render (this process would wait)
        save_parsed()
        run.write(run.index_and_feeds())

    pages = make_pages(run.maker, meanwhile=meanwhile)
    run.data_files()
    return pages


def preview(run: Run, pages_ready: Callable[[], None], first: set[str],
            first_ready: Callable[[set[str]], None] | None) -> int:
    pages = make_pages(run.maker, first=first, first_ready=first_ready)
    run.output.publish_staged()
    pages_ready()
    run.write(run.index_and_feeds())
    run.data_files()
    return pages


def few_edits(run: Run, kept_beside: bool) -> int:
    """``kept_beside`` (the command line's): the child reads, joins and saves the data
    files' parts too. The workbook is joined here, after the pages (its pieces that
    changed are made with them)."""
    maker, output = run.maker, run.output

    def beside():
        if kept_beside:
            fragments = cache.load_fragments(run.site_dir, run.code)
            files = opendata.data_files(maker.site, fragments)
            cache.save_fragments(run.site_dir, run.code, fragments)
            return output.stage_files(files), {}
        files = opendata.data_files(maker.site, maker.fragments)
        return output.stage_files(files), maker.fragments.added  # the parts it made

    with parallel.in_child(beside) as made_beside:
        pages = make_pages(maker)
        index = output.stage_files([*run.index_and_feeds(), run.workbook()])  # while the child makes the data files
        staged, added = made_beside()
        staged = index + staged
    for item in staged:
        if isinstance(item, str):  # a path: kept as the last build wrote it
            output.keep(item)
        else:
            output.record(*item)
    if not kept_beside:  # the parts only the child made (the data files need all)
        for key, part in added.items():
            if key not in maker.fragments:
                maker.fragments.add(key, part)
        maker.fragments.keep_only(opendata.part_key(d, maker.site.settings) for d in maker.site.projects)
    return pages


def output_problem(exc: Exception) -> Message | str:
    if isinstance(exc, OSError) and exc.strerror:
        key = "output.cannot_write_file" if exc.filename else "output.cannot_write"
        return Message(key, reason=exc.strerror, file=exc.filename or "")
    return exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)


@contextlib.contextmanager
def listed_beside(out_dir: Path, stage: swap.Stage, preview: bool):
    """The last build's output and the stage as writer.listing finds them (whether each
    file is still the one the last build wrote, whether the stage holds it already),
    listed in a forked child while the block runs: a function that gives them, or None
    when there is no output yet, or for the preview (its edited pages are shown before
    such a listing would be done; each file is then stat'ed when asked)."""
    if preview or not out_dir.is_dir():
        yield lambda: None
        return
    skip = swap.stage_prefix(out_dir)
    with parallel.in_child(lambda: (listing(out_dir, skip), listing(stage.path))) as listed:
        yield listed
