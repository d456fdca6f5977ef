"""Warnings that save a publication: settings and dates that a site builds with but
that readers of the published site would miss. Each is said once for the site, with
its fix, by ``sitegen build`` (not by the preview, which is not published)."""

from __future__ import annotations

from pathlib import Path

from sitegen.diagnostics import Diagnostics, display_path
from sitegen.layout import CONFIG_FILE, CONTENT
from sitegen.messages import Message
from sitegen.model import Site


def warn(site: Site, diags: Diagnostics, site_dir: Path, base_url_option: bool) -> None:
    """``base_url_option``: base_url was given as --base-url, not by sitegen.yaml."""
    undated = sum(p.published is None for p in site.projects)
    if undated * 2 > len(site.projects):
        diags.warning(0, Message("publish.undated", undated=undated, count=len(site.projects)),
                      path=display_path(site_dir / CONTENT))
    if not site.settings.base_url.startswith(("http://", "https://")):
        key = "publish.path_base_url_option" if base_url_option else "publish.path_base_url"
        diags.warning(0, Message(key, base_url=site.settings.base_url),
                      path="--base-url" if base_url_option else display_path(site_dir / CONFIG_FILE))
