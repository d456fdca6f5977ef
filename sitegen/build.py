"""One build, as one readable function: settings -> content -> model -> render -> write."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sitegen import content, model, outputs, theme
from sitegen.config import load_settings
from sitegen.diagnostics import Diagnostic, Diagnostics, SiteError, display_path, ERROR
from sitegen.writer import AtomicOutput, OutputError, check_output_dir


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    bytes: int
    seconds: float
    out_dir: Path
    warnings: list[Diagnostic]

    def line(self) -> str:
        return (f"built {self.pages} pages ({self.files} files, {self.bytes / 1024:.0f} KiB) "
                f"into {display_path(self.out_dir)} in {self.seconds:.2f} s")


def load(site_dir: Path, base_url: str | None = None, strict: bool = False
         ) -> tuple[model.Site, Diagnostics]:
    """Settings and content -> the site model. Raises SiteError listing every problem."""
    diags = Diagnostics()
    settings = load_settings(site_dir, diags, base_url)
    declarations = content.load_declarations(site_dir / "content", diags)
    site = model.build_site(declarations, settings, diags)
    if diags.has_errors(strict):
        raise SiteError(diags.sorted())
    return site, diags


def build(site_dir: Path, out_dir: Path | None = None, base_url: str | None = None,
          strict: bool = False) -> BuildReport:
    """Build the site into ``out_dir`` (default DIR/output) atomically.

    On any failure the previous output is left exactly as it was.
    """
    started = time.perf_counter()
    out_dir = out_dir or site_dir / "output"
    site, diags = load(site_dir, base_url, strict)
    try:
        check_output_dir(out_dir, site_dir)
    except OutputError as exc:
        raise SiteError([Diagnostic(display_path(out_dir), 0, ERROR, str(exc))]) from None
    env = theme.make_environment(site_dir, site.settings.theme)
    output = AtomicOutput(out_dir)
    try:
        pages = 0
        for rel, data in outputs.site_files(env, site):
            output.write(rel, data)
            pages += rel.endswith(".html")
        for static in theme.static_dirs(site_dir, site.settings.theme):
            output.copy_tree(static, "static")
        output.commit()
    except theme.ThemeError as exc:
        output.discard()
        raise SiteError([exc.diagnostic]) from None
    except (OutputError, OSError) as exc:
        output.discard()
        raise SiteError([Diagnostic(display_path(out_dir), 0, ERROR, str(exc))]) from None
    except BaseException:
        output.discard()
        raise
    return BuildReport(pages, output.count, output.bytes, time.perf_counter() - started,
                       out_dir, diags.warnings)
