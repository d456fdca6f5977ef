"""Every output of a build that is not a rendered page, as (relative path, bytes).

Each kind of output is one generator here (search index, data downloads, feeds);
``build`` writes whatever this yields, skipping files whose bytes did not change.
"""

from __future__ import annotations

from typing import Iterator

import jinja2

from sitegen import feeds, opendata, search
from sitegen.model import Site
from sitegen.state import Fragments


def extra_files(env: jinja2.Environment, site: Site, memo: Fragments | None = None,
                previous_index=None) -> Iterator[tuple[str, bytes | None]]:
    """``memo``: each project's part of the data files, kept between builds;
    ``previous_index``: the last build's search index, to patch (bytes None: a file
    left as the last build wrote it)."""
    yield from index_and_feeds(site, previous_index)
    yield from opendata.data_files(site, memo)  # data/*.csv, data/projects.json, datapackage.json


def index_and_feeds(site: Site, previous_index=None) -> Iterator[tuple[str, bytes | None]]:
    """The outputs made from the site alone (the data files are joined from each
    project's part, which the page workers make beside its JSON file)."""
    yield from search.search_files(site, previous=previous_index)  # search/data/: the search index
    yield from feeds.feed_files(site)  # feed.xml, sitemap.xml, robots.txt
