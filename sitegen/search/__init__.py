"""Full-text search for static hosting, made for Chinese.

- ``text``: what of a declaration is searched, in four ranked field classes, and
  the folding (NFKC + lower case) applied to text and queries alike;
- ``terms``: text -> index terms (CJK unigrams and positioned bigrams, prefixes of
  Latin words and numbers) and a query -> its tokens;
- ``index``: the sharded index files under ``search/data/``;
- ``patch``: the last build's index updated in place after a few edits;
- ``page``: the search page's view.

The browser half is ``themes/default/static/search.js``.
"""

from typing import Iterator

from sitegen.model import Site
from sitegen.search.index import DATA_DIR, search_files
from sitegen.search.page import PAGE_URL, search_view
from sitegen.search.patch import Previous, patched_files

__all__ = ["DATA_DIR", "index_files", "search_view", "PAGE_URL"]


def index_files(site: Site, previous: Previous | None = None) -> Iterator[tuple[str, bytes | None]]:
    """Every file of the search index, as (path under the output, bytes). ``previous``:
    the last build's index, patched instead of rebuilt when only a few projects
    changed; a file the patch leaves as it was comes as (path, None)."""
    patched = patched_files(site, previous) if previous is not None else None
    yield from patched if patched is not None else search_files(site)
