"""The data files of a build (data/projects.json, the CSV files, the package
descriptor): joined from each project's part, or, after edits in place, the last
build's files with the edited parts spliced in (opendata.patch). The command line
keeps the parts and where each lies in the files (cache.Layout) for the next build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from sitegen import cache, opendata
from sitegen.model import Site
from sitegen.opendata import patch
from sitegen.writer import StagedOutput


def made(site: Site, fragments: cache.Fragments, write: Callable[[list], None], site_dir: Path | None,
         code: str, digest_of: Callable[[str], str]) -> None:
    """The files joined from every project's part (those in ``fragments`` reused) and
    written; their layout saved for the next build when ``site_dir`` (the command
    line's), ``digest_of(path)`` giving each one's digest once written."""
    files, sizes = opendata.data_files(site, fragments)
    write(files)
    if site_dir is not None:
        save_layout(site, site_dir, code, sizes, {rel: digest_of(rel) for rel, _data in files})


def staged_beside(site: Site, site_dir: Path, code: str, output: StagedOutput,
                  edited_in_place: list | None) -> list:
    """In a child beside the page workers, after a few edits on the command line: the
    files staged (what StagedOutput.record takes), patched into the last build's after
    edits in place (``edited_in_place``), else joined from every project's part; what
    the next build needs of them kept in the site's cache."""
    made = _patched(site, edited_in_place, output, site_dir, code) if edited_in_place else None
    if made is not None:
        files, sizes, added = made
        cache.append_fragments(site_dir, code, added)
    else:
        fragments = cache.load_fragments(site_dir, code)
        files, sizes = opendata.data_files(site, fragments)
        cache.save_fragments(site_dir, code, fragments)
    staged = output.stage_files(files)
    save_layout(site, site_dir, code, sizes, {item[0]: item[2] for item in staged})
    return staged


def _patched(site: Site, edited: list, output: StagedOutput, site_dir: Path, code: str):
    """opendata.patch.patched on the data files the last build left, or None."""
    layout = cache.load_layout(site_dir, code)
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

    return patch.patched(site, edited, layout, previous)


def save_layout(site: Site, site_dir: Path, code: str, sizes: list, digests: dict[str, str]) -> None:
    """Where each project's part lies in the data files just made, with their digests.
    Saved before the build commits: if it then fails, the digests are not the
    manifest's, and the next build joins the files again."""
    paths = [frame.path for frame in opendata.frames(site)]
    cache.save_layout(site_dir, code, cache.Layout(tuple(d.id for d in site.projects), sizes,
                                                   {rel: digests.get(rel) for rel in paths}))
