"""The outputs of a build made from the site alone, besides its pages, as (relative
path, bytes): the search index and the feeds. (The data downloads are joined from
each project's part, which the page workers make beside its JSON file: see
opendata.) ``build`` writes whatever this yields, skipping files whose bytes did
not change.
"""

from __future__ import annotations

from typing import Iterator

from sitegen import feeds, search
from sitegen.model import Site


def index_and_feeds(site: Site, previous_index=None) -> Iterator[tuple[str, bytes | None]]:
    """``previous_index``: the last build's search index, to patch (bytes None: a file
    left as the last build wrote it)."""
    yield from search.index_files(site, previous_index)  # search/data/: the search index
    yield from feeds.feed_files(site)  # feed.xml, sitemap.xml, robots.txt
