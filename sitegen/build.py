"""One build, as a pipeline: load the site -> plan every output with its key ->
compare with what the last build made -> make what changed -> commit.

Every page has a key made of everything it is rendered from (make.py), and a file
whose key and bytes are unchanged is kept as the last build left it. When no input
changed at all, nothing is even read (fingerprint.up_to_date). How the outputs are
made (in which order, in which process, when to stop) is a policy of executor.py.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, NamedTuple

from sitegen import (cache, content, executor, links, model, parallel, publication, render, static, swap, templates,
                     theme)
from sitegen.cache import BuildState
from sitegen.config import load_settings
from sitegen.diagnostics import ERROR, Diagnostic, Diagnostics, SiteError, display_path
from sitegen.fingerprint import BuildReport, Inputs, code_version, up_to_date
from sitegen.make import Maker, page_basis
from sitegen.search.patch import index_docs
from sitegen.writer import OutputError, StagedOutput, check_output_dir


class _StageUnwritable(Exception):
    """The stage the last build left could not be written (a folder in it that the
    system refuses to change, say): it is dropped and the build made again."""


def load(site_dir: Path, base_url: str | None = None, strict: bool = False,
         parse_cache: content.ParseCache | None = None,
         stamps: dict[str, str] | None = None) -> tuple[model.Site, Diagnostics]:
    """Settings and content -> the site model. Raises SiteError listing every problem."""
    diags = Diagnostics()
    settings = load_settings(site_dir, diags, base_url)
    declarations = content.load_declarations(site_dir / "content", diags, parse_cache, stamps)
    site = model.build_site(declarations, settings, diags)
    if diags.has_errors(strict):
        raise SiteError(diags.sorted())
    return site, diags


def build(site_dir: Path, out_dir: Path | None = None, base_url: str | None = None,
          strict: bool = False, state: BuildState | None = None,
          parse_cache: content.ParseCache | None = None,
          pages_ready: Callable[[], None] | None = None,
          cancelled: Callable[[], bool] | None = None, persist: bool | None = None,
          inputs: Inputs | None = None,
          edited_ready: Callable[[set[str]], None] | None = None, keep: list | None = None) -> BuildReport:
    """Build the site into ``out_dir`` (default DIR/output); on any failure the previous
    output is left exactly as it was. ``state``: the last build's (the preview keeps it
    in memory), else .sitegen-cache/'s. ``inputs``: the caller has just found them changed.
    The preview's: ``pages_ready`` once the pages are in place; ``cancelled``, asked after
    (yes: BuildCancelled); ``edited_ready``, given the URLs of the declarations just edited
    once their pages are in place, before any other. ``keep``: a list for the model and
    parse cache, for a caller that exits at once not to free them one by one."""
    started = time.perf_counter()
    out_dir = out_dir or site_dir / "output"
    persisted = state is None if persist is None else persist
    state = cache.load_state(site_dir, out_dir) if state is None else state
    if inputs is None:
        report, inputs = up_to_date(state, site_dir, out_dir, base_url, strict, started)
        if report is not None:
            return report
    code = code_version()
    if parse_cache is None and persisted:
        parse_cache = content.DiskParseCache(cache.parsed_file(site_dir), code)
    save_parsed = parse_cache.save if parse_cache is not None else lambda: None
    # What the parse cache finds parsed anew are the edits since this output's last
    # build only if that build was the last to read the content (see settle).
    edits_known = parse_cache is not None and parse_cache.settled_by == state.fingerprint
    try:
        check_output_dir(out_dir, site_dir)
        stage = swap.Stage(out_dir)
    except (OutputError, OSError) as exc:
        raise SiteError([Diagnostic(display_path(out_dir), 0, ERROR, executor.output_problem(exc))]) from None
    # The model has no cycles: out of the collector's sight (frozen_heap), it is not rescanned.
    try:
        with parallel.frozen_heap(), executor.listed_beside(out_dir, stage, pages_ready is not None) as listed:
            try:
                site, diags = load(site_dir, base_url, strict, parse_cache, inputs.stamps)
                if pages_ready is None:  # not the preview: the advice --strict does not refuse
                    publication.warn(site, diags, site_dir, base_url is not None)
                if keep is not None:
                    keep += [site, parse_cache]
                parallel.park()
                plan = _Plan(site, diags, site_dir, out_dir, state, persisted, code, inputs.fingerprint, started,
                             _edits(parse_cache, state, edits_known), save_parsed, pages_ready, cancelled,
                             edited_ready)
                try:
                    report = plan.execute(stage, listed())
                except _StageUnwritable:  # once more, from an empty stage
                    stage = swap.Stage(out_dir, adopt=False)
                    made = listed()
                    report = plan.execute(stage, None if made is None else (made[0], {}))
                if parse_cache is not None:
                    parse_cache.settle(inputs.fingerprint)
                return report
            finally:
                save_parsed()  # failed or not, what was parsed stays parsed
    finally:
        stage.done()  # kept for the next build, unlocked (or deleted)


class _Edits(NamedTuple):
    """What the parse cache tells of the edits since the last build."""

    few: bool  # 1 to content.FEW_EDITS declarations edited (and maybe a template or settings)
    urls: set[str]  # their pages
    in_place: tuple[list, list] | None  # see _edits


def _edits(parse_cache: content.ParseCache | None, state: BuildState, known: bool) -> _Edits:
    """``in_place``: (the declarations just edited, the previous versions of those whose
    amount changed), if each kept its model.membership and no file went (see
    render.pages_showing); ``known``: the cache's fresh declarations are the edits."""
    edits = parse_cache.fresh if parse_cache is not None and state.manifest else ()
    if not 0 < len(edits) <= content.FEW_EDITS:
        return _Edits(False, set(), None)
    urls = {model.project_url(decl) for decl in edits}
    if not known or parse_cache.removed or len(parse_cache.before) != len(edits):
        return _Edits(True, urls, None)
    pairs = list(zip(parse_cache.before, edits))
    if any(b is None or model.membership(b) != model.membership(a) for b, a in pairs):
        return _Edits(True, urls, None)
    return _Edits(True, urls, (list(edits), [b for b, a in pairs if b.funds.requested != a.funds.requested]))


class _Plan:
    """One build's site and policy, executed into a stage (once more if it fails)."""

    def __init__(self, site: model.Site, diags: Diagnostics, site_dir: Path, out_dir: Path, state: BuildState,
                 persisted: bool, code: str, fingerprint: str, started: float, edits: _Edits,
                 save_parsed: Callable[[], None], pages_ready, cancelled, edited_ready) -> None:
        self.site, self.diags, self.site_dir, self.out_dir, self.state = site, diags, site_dir, out_dir, state
        self.persisted, self.code, self.fingerprint, self.started = persisted, code, fingerprint, started
        self.edits, self.save_parsed = edits, save_parsed
        self.pages_ready, self.cancelled, self.edited_ready = pages_ready, cancelled, edited_ready

    def execute(self, stage: swap.Stage, listed: tuple | None) -> BuildReport:
        site, state, edits = self.site, self.state, self.edits
        try:
            env = templates.environment(self.site_dir, site.settings, self.persisted, self.code)
            basis = page_basis(env, site, self.code)
        except theme.ThemeError as exc:
            raise SiteError([exc.diagnostic]) from None
        # After edits in place, with templates and settings as they were: only the pages
        # showing the edited projects can have changed (their keys are still checked).
        only = render.pages_showing(site, *edits.in_place) if edits.in_place and basis.key == state.shared else None
        output = StagedOutput(self.out_dir, state.manifest, stage, listed)
        kept_beside = edits.few and self.persisted and self.pages_ready is None
        fragments = (state.fragments if not self.persisted else
                     cache.Fragments() if kept_beside else cache.load_fragments(self.site_dir, self.code))
        fragments.added = {}
        segments = cache.load_segments(self.site_dir, self.code) if self.persisted else state.segments
        run = executor.Run(Maker(env, site, basis, output, fragments, segments, self.code, only), self.site_dir,
                           state, self.code, self.persisted, self.cancelled)
        try:
            for rel, source in static.chosen(self.site_dir, site.settings.theme):
                output.put(rel, static.read(source))
            if self.pages_ready is not None:
                pages = executor.preview(run, self.pages_ready, edits.urls, self.edited_ready)
            elif edits.few:
                pages = executor.few_edits(run, kept_beside)
            else:
                pages = executor.whole(run, self.save_parsed)
            manifest = output.commit()
        except theme.ThemeError as exc:
            raise SiteError([exc.diagnostic]) from None
        except (OutputError, OSError) as exc:
            output.discard()
            if isinstance(exc, OSError) and stage.adopted:
                raise _StageUnwritable from exc
            raise SiteError([Diagnostic(display_path(self.out_dir), 0, ERROR, executor.output_problem(exc))]) from None
        warnings = self.diags.warnings + links.broken(
            ((d.path, model.project_url(d), d.links) for d in site.projects if d.links), set(manifest))
        state.fingerprint, state.manifest, state.warnings, state.pages = (self.fingerprint, manifest, warnings, pages)
        state.drafts, state.segments = site.drafts, segments
        state.search_docs, state.search_code, state.shared = index_docs(site), self.code, basis.key
        if self.persisted:
            cache.save_state(self.site_dir, self.out_dir, state)
            cache.save_segments(self.site_dir, self.code, segments)
            if not kept_beside:
                cache.save_fragments(self.site_dir, self.code, fragments)
        return BuildReport(pages, output.written, len(manifest), output.total_bytes,
                           time.perf_counter() - self.started, self.out_dir, warnings, site.drafts)
