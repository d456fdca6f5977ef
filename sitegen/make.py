"""Make the pages and the projects' JSON files whose keys changed, across the cores.

Each page's key is a digest of what its view is made from (render.site_pages) with
what every page shares (PageBasis); a project's JSON file is keyed by its part of the
data files. A file whose key and bytes the last build left is kept as it is.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import Callable, NamedTuple

from sitegen import opendata, parallel, progress, render, templates, views
from sitegen.cache import Fragments
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
    """The jobs of one build: a page (Page, path, key) or a project's JSON file
    (declaration, path, key, part key); a key None is made by the worker."""

    def __init__(self, env, site: Site, basis: PageBasis, output: StagedOutput, fragments: Fragments,
                 code: str, only: set[str] | None) -> None:
        self.env, self.site, self.basis, self.output = env, site, basis, output
        self.fragments, self.code, self.only = fragments, code, only
        self.pages = list(render.site_pages(site))

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
            return decl, rel, None, None
        if not stale:
            return None
        part_key, key = self.json_keys(decl)
        return None if self.output.reusable(rel, key) else (decl, rel, key, part_key)

    def jobs(self, skip: set[str]) -> list[tuple]:
        """Every job but the pages at ``skip``; a project's JSON file next to its page
        (its detail is read once)."""
        json_jobs = {project_url(d): job for d in self.site.projects if (job := self.json_job(d)) is not None}
        jobs: list[tuple] = []
        for page in self.pages:
            if page.url in skip:
                continue
            job = self.page_job(page)
            if job is not None:
                jobs.append(job)
            if json_jobs and page.url in json_jobs:
                jobs.append(json_jobs.pop(page.url))
        jobs.extend(json_jobs.values())
        return jobs

    def run(self, job) -> tuple[tuple, tuple | None]:
        """-> (what output.record takes, a newly made (key, data-file part) or None)"""
        if isinstance(job[0], render.Page):
            page, rel, key = job
            html = render.render_page(self.env, page, self.basis.site_context)
            return self.output.stage_bytes(rel, html, self.page_key(page) if key is None else key), None
        decl, rel, key, part_key = job
        if key is None:
            part_key, key = self.json_keys(decl)
        part = self.fragments.get(part_key) if part_key else None
        made = None
        if part is None:
            part = opendata.project_part(decl, self.site.settings)
            made = (part_key, part) if part_key else None
        return self.output.stage_bytes(rel, opendata.project_json(part[0]), key), made


def make_pages(maker: Maker, meanwhile: Callable[[], None] | None = None,
               first: set[str] = frozenset(), first_ready: Callable[[set[str]], None] | None = None) -> int:
    """Render every page whose key changed and write every project's JSON file whose
    part changed; returns the page count. ``meanwhile`` runs in this process while the
    workers render. The pages at ``first`` (URLs) are rendered before the others' keys
    are even made, moved into the output, and told to ``first_ready``. A worker that
    makes a project's JSON file makes its part of the data files too (they are one
    record), sent back to be kept in the fragments."""
    output = maker.output
    skip = first if first_ready is not None else frozenset()
    if skip:
        with templates.checked_once(maker.env, maker.basis.templates):
            for page in maker.pages:
                job = maker.page_job(page) if page.url in skip else None
                if job is not None:
                    output.record(*maker.run(job)[0])
        output.publish_staged()
        first_ready(set(skip))
    jobs = maker.jobs(skip)
    with templates.checked_once(maker.env, maker.basis.templates), parallel.started(maker.run, jobs) as results:
        if meanwhile is not None:
            progress.phase("search index and feeds")
            meanwhile()
        progress.phase("rendering pages", len(jobs))
        for produced, made in results:
            output.record(*produced)
            if made is not None:
                maker.fragments.add(*made)
    return len(maker.pages)
