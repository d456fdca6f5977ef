"""The static files a site publishes: the theme's, and the site's own static/ over them."""

from __future__ import annotations

from pathlib import Path

from sitegen import theme
from sitegen.layout import STATIC
from sitegen.messages import Message
from sitegen.sourcefile import read_regular
from sitegen.diagnostics import ERROR, Diagnostic, Diagnostics, SiteError, display_path
from sitegen.writer import static_files


def chosen(site_dir: Path, theme_name: str) -> list[tuple[str, Path]]:
    """(output path, source) of each; the site's own override the theme's of the same
    name. A link is published only when it leads to a file inside the folder that
    holds it (the site, or the theme): a link to /etc/passwd must not reach the server."""
    found: dict[str, Path] = {}
    problems = Diagnostics()
    for folder in theme.static_dirs(site_dir, theme_name):
        home = (site_dir if folder == site_dir / STATIC else folder.parent).resolve()
        for rel, source in static_files(folder, STATIC):
            if source.is_symlink():
                target = source.resolve()
                if not target.exists():
                    problems.error(1, Message("static.broken_link"), path=display_path(source))
                elif not target.is_relative_to(home):
                    problems.error(1, Message("static.link_outside", target=target, home=display_path(home)),
                                   path=display_path(source))
            found[rel] = source
    if problems.items:
        raise SiteError(problems.sorted())
    return sorted(found.items())


def read(source: Path) -> bytes:
    try:
        return read_regular(source)
    except OSError as exc:
        raise SiteError([Diagnostic(display_path(source), 1, ERROR,
                                    Message("file.cannot_read", reason=exc.strerror))]) from None
