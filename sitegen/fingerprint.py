"""Whether the last build still stands: the fingerprint of everything a build reads,
and the one answer to a build with nothing to do.

Light on purpose: the command line asks it before importing the renderer.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import sitegen
from sitegen import __version__
from sitegen.cache import BuildState
from sitegen.diagnostics import Diagnostic, display_path
from sitegen.layout import SOURCES
from sitegen.messages import Message
from sitegen.stamps import tree_stamp
from sitegen.writer import Manifest, intact

PACKAGE_DIR = Path(sitegen.__file__).parent


class Inputs(NamedTuple):
    fingerprint: str
    stamps: dict[str, str]  # path -> stamps.file_stamp, as the fingerprint took them


def code_version() -> str:
    """Names this sitegen's code: what it made (parsed declarations, pages, data-file
    parts, the search index) is reused only by the same code."""
    return hashlib.sha1(repr((__version__, tree_stamp([PACKAGE_DIR]))).encode()).hexdigest()


def inputs(site_dir: Path, out_dir: Path, base_url: str | None, strict: bool) -> Inputs:
    """Changes whenever anything a build reads may have changed. The stamps are
    handed to the build that follows: it reads the content's stamps from there
    instead of stat'ing every file again. A file changed since is then seen as
    unchanged by this build, which has the fingerprint of before the change: the
    next build sees the change, and reads the file again."""
    stamp = tree_stamp([p for p in (site_dir / name for name in SOURCES) if p.exists()])
    fingerprint = hashlib.sha1(repr((code_version(), str(out_dir.resolve()), base_url, strict,
                                     os.getcwd(), stamp)).encode()).hexdigest()
    return Inputs(fingerprint, dict(stamp))


def output_matches(out_dir: Path, manifest: Manifest) -> bool:
    """Is every file of the manifest still in the output, untouched? (One stat per
    file, no walk: a file added to the output by hand is removed by the next build
    that has something to do, not by a no-change one.)"""
    return bool(manifest) and all(intact(out_dir, rel, entry) for rel, entry in manifest.items())


@dataclass(frozen=True)
class BuildReport:
    pages: int
    written: int  # files whose bytes changed
    files: int
    bytes: int
    seconds: float
    out_dir: Path
    warnings: list[Diagnostic]
    drafts: int = 0  # declarations left out as drafts

    def line(self) -> Message:
        built = Message("build.done", pages=self.pages, files=self.files, kib=f"{self.bytes / 1024:.0f}",
                        written=self.written, out=display_path(self.out_dir), seconds=f"{self.seconds:.2f}")
        return Message("build.done_drafts", built=built, drafts=self.drafts) if self.drafts else built


def up_to_date(state: BuildState, site_dir: Path, out_dir: Path, base_url: str | None, strict: bool,
               started: float) -> tuple[BuildReport | None, Inputs]:
    """(the last build's report, if nothing changed since it, else None; the inputs)."""
    found = inputs(site_dir, out_dir, base_url, strict)
    if found.fingerprint != state.fingerprint or not output_matches(out_dir, state.manifest):
        return None, found
    size = sum(e.size for e in state.manifest.values())
    return BuildReport(state.pages, 0, len(state.manifest), size, time.perf_counter() - started,
                       out_dir, state.warnings, state.drafts), found
