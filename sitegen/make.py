"""Make the pages, the projects' JSON files and the workbook's pieces whose keys
changed, across the cores.

Each page's key is a digest of what its view is made from (render.site_pages) with
what every page shares (PageBasis); a project's JSON file is keyed by its part of the
data files, a piece of the workbook by its slots' keys (opendata.workbook.plan). A
file whose key and bytes the last build left is kept as it is. The JSON files and
the pieces are made a piece of projects at a time: each project's record once.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
from typing import Callable, NamedTuple

from sitegen import opendata, parallel, progress, render, templates, views
from sitegen.cache import Fragments, Segments
from sitegen.frozen import release
from sitegen.opendata import workbook
from sitegen.opendata.records import project_record
from sitegen.i18n import translator
from sitegen.model import Site, output_path, project_url
from sitegen.writer import StagedOutput


class PageBasis(NamedTuple):
    """What every page is rendered from besides its own context."""

    site_context: dict
    templates: str  # templates.stamp
    key: str  # a digest of all of it, with the code: part of every page's key


def page_basis(env, site: Site, code: str) -> PageBasis:
    """Reads every template. The catalogue of the site's language is part of the key:
    editing a message re-renders every page."""
    site_context = views.site_view(site)
    stamp = templates.stamp(env)
    key = hashlib.sha1(repr((code, stamp, site.settings, site_context,
                             translator(site.settings.language))).encode()).hexdigest()
    return PageBasis(site_context, stamp, key)


def digest(key: tuple) -> str:
    """A key (a tuple of str, int, bool, None and tuples) as a digest. marshal version
    2 writes equal values as equal bytes whatever objects they share (version 3 refers
    back to objects seen twice)."""
    return hashlib.sha1(marshal.dumps(key, 2)).hexdigest()


class Maker:
    """The jobs of one build: a page (Page, path, key) or a piece of projects (Piece,
    each one's JSON job (path, key, part key) or None, the slots to compress); a key
    None is made by the worker."""

    def __init__(self, env, site: Site, basis: PageBasis, output: StagedOutput, fragments: Fragments,
                 segments: Segments, code: str, only: set[str] | None) -> None:
        self.env, self.site, self.basis, self.output = env, site, basis, output
        self.fragments, self.segments, self.code, self.only = fragments, segments, code, only
        self.pages = list(render.site_pages(site))

    @functools.cached_property
    def book(self) -> workbook.Plan:
        """The workbook's plan (made after the preview's first pages: it reads every project)."""
        return workbook.plan(self.site, [opendata.ident(d, self.site.settings) for d in self.site.projects])

    def page_key(self, page: render.Page) -> str:
        made = page.make_key()
        return "" if made is None else digest((self.basis.key, made))

    def json_keys(self, decl) -> tuple[tuple[str, str] | None, str]:
        """(its part's key in the fragments, its JSON file's key)"""
        part_key = opendata.part_key(decl, self.site.settings)
        return part_key, digest((self.code, part_key)) if part_key else ""

    def _stale(self, rel: str, url: str) -> bool | None:
        """None: nothing to reuse (the worker makes the key); False: kept unread."""
        if rel not in self.output.previous:
            return None
        return not (self.only is not None and url not in self.only and self.output.kept(rel))

    def page_job(self, page: render.Page) -> tuple | None:
        """(page, output path, key), or None when the last build's file will do."""
        rel = output_path(page.url)
        stale = self._stale(rel, page.url)
        if stale is None:
            return page, rel, None
        if not stale:
            return None
        key = self.page_key(page)
        return None if self.output.reusable(rel, key) else (page, rel, key)

    def json_job(self, decl) -> tuple | None:
        rel = opendata.project_json_path(decl)
        stale = self._stale(rel, project_url(decl))
        if stale is None:
            return rel, None, None
        if not stale:
            return None
        part_key, key = self.json_keys(decl)
        return None if self.output.reusable(rel, key) else (rel, key, part_key)

    def piece_job(self, piece: workbook.Piece) -> tuple | None:
        json_jobs = [self.json_job(d) for d in self.site.projects[piece.start:piece.end]]
        slots = [slot for slot in piece.slots if slot.key not in self.segments]
        return (piece, json_jobs, slots) if slots or any(json_jobs) else None

    def jobs(self, skip: set[str]) -> list[tuple]:
        """Every job but the pages at ``skip``; a piece of projects next to the page of
        its last (their detail is read soon after)."""
        last = {project_url(self.site.projects[p.end - 1]): p for p in self.book.pieces}
        jobs: list[tuple] = []
        for page in self.pages:
            job = self.page_job(page) if page.url not in skip else None
            if job is not None:
                jobs.append(job)
            piece = last.pop(page.url, None)
            if piece is not None and (job := self.piece_job(piece)) is not None:
                jobs.append(job)
        return jobs

    def run(self, job) -> tuple[list, list, list]:
        """-> (what output.record takes, each newly made (key, data-file part), each
        newly compressed (slot key, segment))"""
        if isinstance(job[0], render.Page):
            page, rel, key = job
            html = render.render_page(self.env, page, self.basis.site_context)
            return [self.output.stage_bytes(rel, html, self.page_key(page) if key is None else key)], [], []
        piece, json_jobs, slots = job
        staged, made, rows = [], [], []
        settings = self.site.settings
        for decl, json_job in zip(self.site.projects[piece.start:piece.end], json_jobs):
            record = None
            if json_job is not None:
                rel, key, part_key = json_job
                if key is None:
                    part_key, key = self.json_keys(decl)
                part = self.fragments.get(part_key) if part_key else None
                if part is None:
                    record = project_record(decl, settings)
                    part = opendata.record_part(record)
                    if part_key:
                        made.append((part_key, part))
                staged.append(self.output.stage_bytes(rel, opendata.project_json(part[0]), key))
            if slots:
                rows.append(workbook.project_rows(record or project_record(decl, settings)))
            release(decl)  # every project is read once: do not hold all their detail
        return staged, made, workbook.piece_segments(piece, slots, rows)


def make_pages(maker: Maker, meanwhile: Callable[[], None] | None = None,
               first: set[str] = frozenset(), first_ready: Callable[[set[str]], None] | None = None) -> int:
    """Render every page whose key changed and write every project's JSON file whose
    part changed; returns the page count. ``meanwhile`` runs in this process while the
    workers render. The pages at ``first`` (URLs) are rendered before the others' keys
    are even made, moved into the output, and told to ``first_ready``. A worker that
    makes a project's JSON file makes its part of the data files too (they are one
    record), sent back to be kept in the fragments, and its piece's rows of the
    workbook, compressed."""
    output = maker.output
    skip = first if first_ready is not None else frozenset()
    if skip:
        with templates.checked_once(maker.env, maker.basis.templates):
            for page in maker.pages:
                job = maker.page_job(page) if page.url in skip else None
                if job is not None:
                    output.record(*maker.run(job)[0][0])
        output.publish_staged()
        first_ready(set(skip))
    jobs = maker.jobs(skip)
    with templates.checked_once(maker.env, maker.basis.templates), parallel.started(maker.run, jobs) as results:
        if meanwhile is not None:
            progress.phase("search index and feeds")
            meanwhile()
        progress.phase("rendering pages", len(jobs))
        for staged, made, segments in results:
            for item in staged:
                output.record(*item)
            for key, part in made:
                maker.fragments.add(key, part)
            maker.segments.update(segments)
    return len(maker.pages)
