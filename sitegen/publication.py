"""Warnings that save a publication: settings and dates that a site builds with but
that readers of the published site would miss. Each is said once for the site, with
its fix, by ``sitegen build`` (not by the preview, which is not published)."""

from __future__ import annotations

from sitegen.layout import CONFIG_FILE
from sitegen.diagnostics import Diagnostics
from sitegen.messages import Message
from sitegen.model import Site


def warn(site: Site, diags: Diagnostics) -> None:
    undated = sum(p.published is None for p in site.projects)
    if undated * 2 > len(site.projects):
        diags.warning(0, Message("publish.undated", undated=undated, count=len(site.projects)), path="content")
    if not site.settings.base_url.startswith(("http://", "https://")):
        diags.warning(0, Message("publish.path_base_url", base_url=site.settings.base_url), path=CONFIG_FILE)
