"""One build, as one readable function: settings -> content -> model -> render -> write.

Rebuilds are incremental where that is provably safe: every page has a key made of
everything it is rendered from, and a page whose key and output file are unchanged
is not rendered again. When no input changed at all, nothing is even read.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple


from sitegen import content, model, opendata, outputs, parallel, progress, render, search, swap, theme, views
from sitegen.config import load_settings
from sitegen.diagnostics import ERROR, Diagnostic, Diagnostics, SiteError, display_path
from sitegen.i18n import translator
from sitegen.opendata import patch as opendata_patch
from sitegen.opendata.patch import Layout, load_layout, save_layout
from sitegen.state import (CACHE_DIR, BuildState, Fragments, append_fragments, code_version, fragments_file,
                           layout_file, load_fragments, load_state, report_line, save_fragments, save_state,
                           state_file, unchanged)
from sitegen.search.patch import Previous, index_docs
from sitegen.writer import OutputError, StagedOutput, check_output_dir, listing, static_files


class BuildCancelled(Exception):
    """A newer change arrived; what this build had not yet written is dropped."""


class _StageUnwritable(Exception):
    """The stage the last build left could not be written (a folder in it that the
    system refuses to change, say): it is dropped and the build made again."""


@dataclass(frozen=True)
class BuildReport:
    pages: int
    written: int  # files whose bytes changed
    files: int
    bytes: int
    seconds: float
    out_dir: Path
    warnings: list[Diagnostic]

    def line(self) -> str:
        return report_line(self.pages, self.files, self.bytes, self.written, self.out_dir, self.seconds)


def load(site_dir: Path, base_url: str | None = None, strict: bool = False,
         parse_cache: content.ParseCache | None = None) -> tuple[model.Site, Diagnostics]:
    """Settings and content -> the site model. Raises SiteError listing every problem."""
    diags = Diagnostics()
    settings = load_settings(site_dir, diags, base_url)
    declarations = content.load_declarations(site_dir / "content", diags, parse_cache)
    site = model.build_site(declarations, settings, diags)
    if diags.has_errors(strict):
        raise SiteError(diags.sorted())
    return site, diags


def build(site_dir: Path, out_dir: Path | None = None, base_url: str | None = None,
          strict: bool = False, state: BuildState | None = None,
          parse_cache: content.ParseCache | None = None,
          pages_ready: Callable[[], None] | None = None,
          cancelled: Callable[[], bool] | None = None, persist: bool | None = None,
          fingerprint: str | None = None,
          edited_ready: Callable[[set[str]], None] | None = None, keep: list | None = None) -> BuildReport:
    """Build the site into ``out_dir`` (default DIR/output).

    On any failure the previous output is left exactly as it was. ``state`` is
    what the previous build left (kept in memory by the preview server); without
    it, it is read from and saved to DIR/.sitegen-cache/. ``pages_ready`` (the
    preview's) is called once the pages are in place, before the search index and
    data files are remade: the output is then briefly a mix of both builds.
    ``cancelled`` is asked after that; when it says yes, BuildCancelled is raised and
    the rest of this build's files are dropped (the preview starts a newer build).
    ``fingerprint``: the inputs' (state.input_fingerprint), when the caller has just
    found that they changed. ``edited_ready`` (the preview's too) is called, before
    any other page is rendered, once the pages of the few declarations just edited
    are in place, with their URLs: the page being edited shows the edit sooner.
    ``keep``: a list the site model and the parse cache are put in, for a caller that
    exits at once (the command line) not to free them object by object when this
    returns (0.03 s at 10,000 declarations, 0.4 s at 100,000).
    """
    started = time.perf_counter()
    out_dir = out_dir or site_dir / "output"
    persisted = state is None if persist is None else persist  # the command line passes the state it read
    if state is None:
        state = load_state(state_file(site_dir), out_dir)
    if fingerprint is None:  # else the caller has just found the inputs changed, with this fingerprint
        nothing_to_do, fingerprint = unchanged(state, site_dir, out_dir, base_url, strict)
    else:
        nothing_to_do = False
    if nothing_to_do:
        return BuildReport(state.pages, 0, len(state.manifest), sum(e.size for e in state.manifest.values()),
                           time.perf_counter() - started, out_dir, state.warnings)

    code = code_version()
    if parse_cache is None and persisted:
        parse_cache = content.DiskParseCache(site_dir / CACHE_DIR / "parsed.sqlite", code)

    def save_parsed() -> None:
        """Failed or not, what was parsed stays parsed (saved by the time the build ends)."""
        if parse_cache is not None:
            parse_cache.save()

    # The model lives until the build ends and has no cycles to collect: out of the
    # collector's sight, it is not rescanned at each collection the rendering causes.
    # The output and the stage are listed at once, in a child, while the content loads.
    # What the parse cache finds parsed anew are the edits since this output's last
    # build only if that build was the last to read the content (see settle).
    edits_known = parse_cache is not None and parse_cache.settled_by == state.fingerprint
    try:
        check_output_dir(out_dir, site_dir)
        stage = swap.Stage(out_dir)
    except (OutputError, OSError) as exc:
        raise SiteError([Diagnostic(display_path(out_dir), 0, ERROR, _reason(exc))]) from None
    try:
        with parallel.frozen_heap(), _listed_beside(out_dir, stage, pages_ready is not None) as listed:
            try:
                site, diags = load(site_dir, base_url, strict, parse_cache)
            except BaseException:
                save_parsed()
                raise
            if keep is not None:
                keep += [site, parse_cache]
            parallel.park()
            # A few declarations edited since the last build (and maybe nothing else: a
            # template or settings edit too re-renders every page, the child beside).
            edits = parse_cache.fresh if parse_cache is not None and state.manifest else ()
            few_edits = 0 < len(edits) <= content.FEW_EDITS
            edited = {model.project_url(decl) for decl in edits} if few_edits and edited_ready else set()
            in_place = _edited_in_place(parse_cache) if few_edits and edits_known else None
            try:
                def write(stage: swap.Stage, listed: Callable[[], tuple | None]) -> BuildReport:
                    return _write(site, diags, site_dir, out_dir, stage, state, persisted, fingerprint, code,
                                  started, pages_ready, cancelled, listed, edited, edited_ready, few_edits,
                                  save_parsed, in_place)
                try:
                    report = write(stage, listed)
                except _StageUnwritable:  # once more, from an empty stage
                    stage = swap.Stage(out_dir, adopt=False)
                    report = write(stage, lambda: None if listed() is None else (listed()[0], {}))
                if parse_cache is not None:
                    parse_cache.settle(fingerprint)
                return report
            finally:
                save_parsed()
    finally:
        stage.done()  # kept for the next build, unlocked (or deleted)


@contextlib.contextmanager
def _listed_beside(out_dir: Path, stage: swap.Stage, preview: bool):
    """The last build's output and the stage as writer.listing finds them (each file's
    size, time and inode: whether a file is still the one the last build wrote, and
    whether the stage holds it already), listed in a forked child while the block
    runs: a function that gives them, or None when there is no output yet, or for the
    preview (its edited pages are shown before a listing of 24,000 files would be
    done; each file is then stat'ed when asked). Listed before the build writes: only
    the build itself changes the output meanwhile."""
    if preview or not out_dir.is_dir():
        yield lambda: None
        return
    skip = swap.stage_prefix(out_dir)
    with parallel.in_child(lambda: (listing(out_dir, skip), listing(stage.path))) as listed:
        yield listed


def _edited_in_place(cache: content.ParseCache) -> tuple[list, list] | None:
    """(the declarations just edited, the previous versions of those whose amount
    changed), if each kept its model.membership and no file went: see pages_showing."""
    if cache.removed or len(cache.before) != len(cache.fresh):
        return None
    pairs = list(zip(cache.before, cache.fresh))
    if any(b is None or model.membership(b) != model.membership(a) for b, a in pairs):
        return None
    return cache.fresh, [b for b, a in pairs if b.funds.requested != a.funds.requested]


def _write(site: model.Site, diags: Diagnostics, site_dir: Path, out_dir: Path, stage: swap.Stage, state: BuildState,
           persisted: bool, fingerprint: str, code: str, started: float, pages_ready, cancelled,
           listed: Callable[[], tuple | None] = lambda: None, edited: set[str] = frozenset(),
           edited_ready=None, few_edits: bool = False, save_parsed: Callable[[], None] = lambda: None,
           in_place: tuple[list, list] | None = None) -> BuildReport:
    """The second half of ``build``: the site's files, written and swapped into place.
    ``save_parsed`` saves the parse cache: beside the page workers, if there are any.
    ``in_place``: the declarations edited since the last build and the previous
    versions of those that moved, when each kept its groups (see _edited_in_place and
    render.pages_showing): only the pages showing them are looked at."""
    try:
        env = _environment(site_dir, site.settings, persisted, code)
        basis = _page_basis(env, site, code)  # reads every template
    except theme.ThemeError as exc:
        raise SiteError([exc.diagnostic]) from None
    # After edits in place, with templates and settings as they were: only the pages
    # showing the edited projects can have changed (their keys are still checked).
    only = render.pages_showing(site, *in_place) if in_place is not None and basis.key == state.shared else None
    output = StagedOutput(out_dir, state.manifest, stage, listed())
    # Each project's part of the data files: after a few edits on the command line,
    # read, joined and saved in the child beside (see below) and nowhere else.
    kept_beside = few_edits and persisted and pages_ready is None
    if not persisted:
        fragments = state.fragments
    else:
        fragments = Fragments() if kept_beside else load_fragments(fragments_file(site_dir), code)
    fragments.added = {}

    def write(files) -> None:
        for rel, data in files:
            if cancelled is not None and cancelled():
                raise BuildCancelled
            if data is None:
                output.keep(rel)
            else:
                output.put(rel, data)

    def index_and_feeds():
        return outputs.index_and_feeds(site, _previous_index(out_dir, output, state, code))

    def write_data_files() -> None:
        """Joined from each project's part (made by the page workers, or kept); on the
        command line, their layout kept for the next build to patch (see _save_layout)."""
        files, sizes = opendata.data_files(site, fragments)
        write(files)
        if persisted:
            _save_layout(site, site_dir, code, sizes, lambda rel: output.produced[rel][1])

    try:
        for rel, source in _static_files(site_dir, site.settings.theme):
            output.put(rel, _read_static(source))
        if pages_ready is not None:  # the preview shows the edited pages first
            pages = _write_pages(env, site, basis, output, fragments, code, only,
                                 first=edited, first_ready=edited_ready)
            output.publish_staged()
            pages_ready()
            write(index_and_feeds())
            write_data_files()
        elif few_edits:
            # The other files made and staged in a forked child, while this process
            # decides which pages changed: after one edit at 10,000 declarations,
            # 0.1 s of search index and feeds, and the data files (patched after edits
            # in place, else 0.15 s of reading and joining every project's part).
            def beside():
                staged = _staged(output, index_and_feeds())
                if kept_beside:
                    # Patched after edits in place only: a new amount changes the site
                    # total in the files' header, and they are joined again.
                    edited_in_place = in_place[0] if only is not None and not in_place[1] else None
                    return staged + _kept_data_files(site, site_dir, code, output, edited_in_place), {}
                staged += _staged(output, opendata.data_files(site, fragments)[0])
                return staged, fragments.added  # the parts it made, for this process to keep

            with parallel.in_child(beside) as made_beside:
                pages = _write_pages(env, site, basis, output, fragments, code, only)
                staged, added = made_beside()
            for item in staged:
                if isinstance(item, str):  # a path: kept as the last build wrote it
                    output.keep(item)
                else:
                    output.record(*item)
            if not kept_beside:  # the parts only the child made (the data files need all)
                for key, part in added.items():
                    if key not in fragments:
                        fragments.add(key, part)
                fragments.keep_only(opendata.part_key(decl, site.settings) for decl in site.projects)
        else:
            # Made here while the page workers render (this process would otherwise
            # wait for them). 10,000 declarations, runs alternated: 10.3 and 9.8 s
            # against 16.1 and 11.5 s after them; 310 MiB at peak against 255.
            def meanwhile() -> None:
                save_parsed()  # 10,000 parsed declarations: 0.1 s
                write(index_and_feeds())

            pages = _write_pages(env, site, basis, output, fragments, code, only, meanwhile=meanwhile)
            write_data_files()
        manifest = output.commit()
    except theme.ThemeError as exc:
        raise SiteError([exc.diagnostic]) from None
    except (OutputError, OSError) as exc:
        output.discard()
        if isinstance(exc, OSError) and stage.adopted:
            raise _StageUnwritable from exc
        raise SiteError([Diagnostic(display_path(out_dir), 0, ERROR, _reason(exc))]) from None
    state.fingerprint, state.manifest, state.warnings, state.pages = fingerprint, manifest, diags.warnings, pages
    state.search_docs, state.search_code, state.shared = index_docs(site), code, basis.key
    if persisted:
        save_state(state_file(site_dir), out_dir, state)
        if not kept_beside:
            save_fragments(fragments_file(site_dir), code, fragments)
    return BuildReport(pages, output.written, len(manifest), output.total_bytes,
                       time.perf_counter() - started, out_dir, diags.warnings)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"cannot write the output: {exc.strerror}{where}"
    return str(exc)


def _staged(output: StagedOutput, files) -> list:
    """Stage files made in a child: what StagedOutput.record takes, or a path kept as it was."""
    return [rel if data is None else output.stage_bytes(rel, data) for rel, data in files]


def _kept_data_files(site: model.Site, site_dir: Path, code: str, output: StagedOutput,
                     edited_in_place: list | None) -> list:
    """The data files staged, and what the next build needs of them kept in the site's
    cache (each project's part, and the layout of the files): patched into the last
    build's after edits in place, else joined from every project's part."""
    made = _patched_data_files(site, edited_in_place, output, site_dir, code) if edited_in_place else None
    if made is not None:
        files, sizes, added = made
        append_fragments(fragments_file(site_dir), code, added)
    else:
        fragments = load_fragments(fragments_file(site_dir), code)
        files, sizes = opendata.data_files(site, fragments)
        save_fragments(fragments_file(site_dir), code, fragments)
    staged = _staged(output, files)  # (path, key, digest, ...): see StagedOutput.record
    _save_layout(site, site_dir, code, sizes, {item[0]: item[2] for item in staged}.get)
    return staged


def _patched_data_files(site: model.Site, edited: list, output: StagedOutput, site_dir: Path, code: str):
    """opendata.patch.patched on the data files the last build left, or None."""
    layout = load_layout(layout_file(site_dir), code)
    if layout is None:
        return None

    def previous(rel: str) -> bytes | None:
        entry = output.previous.get(rel)
        if entry is None or entry.sha != layout.digests.get(rel) or not output.intact(rel):
            return None
        try:
            with open(f"{output.out_dir}/{rel}", "rb") as f:
                return f.read()
        except OSError:
            return None

    return opendata_patch.patched(site, edited, layout, previous)


def _save_layout(site: model.Site, site_dir: Path, code: str, sizes: list, digest_of) -> None:
    """Where each project's part lies in the data files just made (digest_of(path): their
    digests). Saved before the build commits: if it then fails, the digests are not the
    manifest's, and the next build joins the files again."""
    paths = [frame.path for frame in opendata.frames(site)]
    save_layout(layout_file(site_dir), code,
                Layout(tuple(d.id for d in site.projects), sizes, {rel: digest_of(rel) for rel in paths}))


def _previous_index(out_dir: Path, output: StagedOutput, state: BuildState, code: str) -> Previous | None:
    """The last build's search index, if it is there as written and made by this code."""
    if not state.search_docs or state.search_code != code:
        return None
    files = [rel for rel in output.previous if rel.startswith(search.DATA_DIR + "/")]
    if not files or not all(output.intact(rel) for rel in files):
        return None
    return Previous(out_dir, state.search_docs, frozenset(files))


class PageBasis(NamedTuple):
    """What every page is rendered from besides its own context."""

    site_context: dict
    templates: str  # _templates_stamp
    key: str  # a digest of all of it, with the code: part of every page's key


def _page_basis(env, site: model.Site, code: str) -> PageBasis:
    site_context = views.site_view(site)
    templates = _templates_stamp(env)
    # The catalogue of the site's language too: editing a message re-renders every page.
    key = hashlib.sha1(repr((code, templates, site.settings, site_context,
                             translator(site.settings.language))).encode()).hexdigest()
    return PageBasis(site_context, templates, key)


def _write_pages(env, site: model.Site, basis: PageBasis, output: StagedOutput, fragments: Fragments,
                 code: str, only: set[str] | None = None, meanwhile: Callable[[], None] | None = None,
                 first: set[str] = frozenset(), first_ready: Callable[[set[str]], None] | None = None) -> int:
    """Render every page whose key changed, and write every project's JSON file whose
    inputs changed, across the cores; returns the page count. ``only``: the URLs of
    the only pages (and projects' JSON files) that can have changed; the others' last
    files are kept, unless no longer intact. ``meanwhile`` runs in this process while
    the workers render. A worker that makes a project's JSON file makes its part of
    the data files too (they are one record), sent back to be kept in ``fragments``.
    The pages at ``first`` (URLs) are rendered before the others' keys are even made,
    moved into the output, and told to ``first_ready``."""
    site_context, templates, shared = basis
    pages = list(render.site_pages(site))

    def key_of(page: render.Page) -> str:
        made = page.make_key()
        return "" if made is None else _digest((shared, made))

    def job_of(page: render.Page) -> tuple | None:
        """(page, output path, key), or None when the last build's file will do."""
        rel = model.output_path(page.url)
        if rel not in output.previous:  # nothing to reuse: the worker makes the key too
            return page, rel, None
        if only is not None and page.url not in only and output.kept(rel):
            return None
        key = key_of(page)
        return None if output.reusable(rel, key) else (page, rel, key)

    if first and first_ready is not None:
        with _templates_checked_once(env, templates):
            for job in [job_of(page) for page in pages if page.url in first]:
                if job is not None:
                    page, rel, key = job
                    output.put(rel, render.render_page(env, page, site_context), key_of(page) if key is None else key)
        output.publish_staged()
        first_ready(set(first))
    settings = site.settings
    json_jobs: dict[str, tuple] = {}  # project page URL -> its JSON file's job

    def json_keys(decl) -> tuple[tuple[str, str] | None, str]:
        """(its part's key in ``fragments``, its JSON file's key)"""
        part_key = opendata.part_key(decl, settings)
        return part_key, _digest((code, part_key)) if part_key else ""

    previous = output.previous
    for decl in site.projects:
        rel, url = opendata.project_json_path(decl), model.project_url(decl)
        if rel not in previous:  # nothing to reuse: the worker makes the keys
            json_jobs[url] = (decl, rel, None, None)
            continue
        if only is not None and url not in only and output.kept(rel):
            continue
        part_key, key = json_keys(decl)
        if not output.reusable(rel, key):
            json_jobs[url] = (decl, rel, key, part_key)
    jobs: list[tuple] = []
    for page in pages:
        if page.url in first and first_ready is not None:
            continue  # done above
        job = job_of(page)
        if job is not None:
            jobs.append(job)
        if json_jobs and page.url in json_jobs:  # next to its page: its detail is read once
            jobs.append(json_jobs.pop(page.url))
    jobs.extend(json_jobs.values())

    def run(job) -> tuple[tuple[str, str, str, int, bool, int], tuple | None]:
        """-> (what output.record takes, a newly made (key, data-file part) or None)"""
        if isinstance(job[0], render.Page):
            page, rel, key = job
            if key is None:
                key = key_of(page)
            return output.stage_bytes(rel, render.render_page(env, page, site_context), key), None
        decl, rel, key, part_key = job
        if key is None:
            part_key, key = json_keys(decl)
        part = fragments.get(part_key) if part_key else None
        made = None
        if part is None:
            part = opendata.project_part(decl, settings)
            made = (part_key, part) if part_key else None
        return output.stage_bytes(rel, opendata.project_json(part[0]), key), made

    def record(results) -> None:
        for produced, made in results:
            output.record(*produced)
            if made is not None:
                fragments.add(*made)

    with _templates_checked_once(env, templates), parallel.started(run, jobs) as results:
        if meanwhile is not None:
            progress.phase("search index and feeds")
            meanwhile()
        progress.phase("rendering pages", len(jobs))
        record(results)
    return len(pages)


def _digest(key: tuple) -> str:
    """A page's key (a tuple of str, int, bool, None and tuples) as a digest. marshal
    is C and, in version 2, writes equal values as equal bytes whatever objects they
    share (version 3 refers back to objects seen twice); repr took twice as long."""
    return hashlib.sha1(marshal.dumps(key, 2)).hexdigest()


@contextlib.contextmanager
def _templates_checked_once(env, stamp: str):
    """Load every template now (reloading any that changed on disk), then render
    without Jinja's per-``get_template`` freshness check: six stat calls a page
    otherwise, for templates that cannot change in the middle of a build."""
    if getattr(env, "templates_stamp", stamp) != stamp:
        # Jinja checks only the file a template came from, so a new site template
        # that overrides the theme's would go unseen: start afresh when any changed.
        env.cache.clear()
    env.templates_stamp = stamp
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:  # reported as file:line by the page that uses it, if any does
            pass
    env.auto_reload = False
    try:
        yield
    finally:
        env.auto_reload = True


_ENVIRONMENTS: dict[tuple, object] = {}


def _environment(site_dir: Path, settings, persisted: bool, code: str):
    """The Jinja environment, made once per site and theme in a process, so the
    preview server compiles a template only when it changes (Jinja checks). The
    command line keeps compiled templates in .sitegen-cache/ between runs, apart
    for each sitegen (``code``): Jinja checks a template's source, not the compiler."""
    key = (str(site_dir.resolve()), settings.theme, settings.language,
           tuple(str(d) for d in theme.theme_dirs(site_dir, settings.theme)),
           (site_dir / "templates").is_dir())
    env = _ENVIRONMENTS.get(key)
    if env is None:
        translate = translator(settings.language)
        env = theme.make_environment(site_dir, settings.theme, translate)
        if persisted:
            # Compiled templates hold the messages folded in, so one folder a catalogue.
            compiled = site_dir.absolute() / CACHE_DIR / "templates"
            cache = compiled / code[:16] / f"{translate.language}-{translate.digest}"
            try:
                if not cache.parent.is_dir() and compiled.is_dir():
                    for other in compiled.iterdir():  # another sitegen's
                        shutil.rmtree(other, ignore_errors=True)
                cache.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = theme.SealedBytecodeCache(cache)
            except OSError:
                pass  # read-only site: compile every time
        _ENVIRONMENTS[key] = env
    return env


def _templates_stamp(env) -> str:
    """A digest of every template the environment can load, so that editing any
    template (even one only included by another) re-renders every page."""
    h = hashlib.sha1()
    for name in sorted(env.list_templates()):
        source, filename, _ = env.loader.get_source(env, name)
        h.update(f"{name}\0{filename}\0".encode())
        h.update(source.encode("utf-8"))
    return h.hexdigest()


def _read_static(source: Path) -> bytes:
    try:
        return content.read_regular(source)
    except OSError as exc:
        raise SiteError([Diagnostic(display_path(source), 1, ERROR, f"cannot read: {exc.strerror}")]) from None


def _static_files(site_dir: Path, theme_name: str) -> list[tuple[str, Path]]:
    """Static files to publish; the site's own override the theme's of the same name.
    A link is published only when it leads to a file inside the folder that holds it
    (the site, or the theme): a link to /etc/passwd must not reach the server."""
    chosen: dict[str, Path] = {}
    problems = Diagnostics()
    for folder in theme.static_dirs(site_dir, theme_name):
        home = (site_dir if folder == site_dir / "static" else folder.parent).resolve()
        for rel, source in static_files(folder, "static"):
            if source.is_symlink():
                target = source.resolve()
                if not target.exists():
                    problems.error(1, "is a broken link: it leads to no file; remove it or copy the file here",
                                   path=display_path(source))
                elif not target.is_relative_to(home):
                    problems.error(1, f"is a link to {target}, outside {display_path(home)}; "
                                      "copy the file into static/ instead", path=display_path(source))
            chosen[rel] = source
    if problems.items:
        raise SiteError(problems.sorted())
    return sorted(chosen.items())
