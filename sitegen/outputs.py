"""The outputs of a build made from the site alone, besides its pages, as (relative
path, bytes): the search index and the feeds. (The data downloads are joined from
each project's part, which the page workers make beside its JSON file: see
opendata.) ``build`` writes whatever this yields, skipping files whose bytes did
not change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from sitegen import feeds, search
from sitegen.cache import BuildState
from sitegen.model import Site
from sitegen.search.patch import Previous
from sitegen.writer import StagedOutput


def index_and_feeds(site: Site, previous_index=None) -> Iterator[tuple[str, bytes | None]]:
    """``previous_index``: the last build's search index, to patch (bytes None: a file
    left as the last build wrote it)."""
    yield from search.index_files(site, previous_index)  # search/data/: the search index
    yield from feeds.feed_files(site)  # feed.xml, sitemap.xml, robots.txt


def previous_index(out_dir: Path, output: StagedOutput, state: BuildState, code: str) -> Previous | None:
    """The last build's search index, if it is there as written and made by this code."""
    if not state.search_docs or state.search_code != code:
        return None
    files = [rel for rel in output.previous if rel.startswith(search.DATA_DIR + "/")]
    if not files or not all(output.intact(rel) for rel in files):
        return None
    return Previous(out_dir, state.search_docs, frozenset(files))
