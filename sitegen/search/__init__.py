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

from sitegen.search.index import DATA_DIR, search_files
from sitegen.search.page import PAGE_URL, search_view

__all__ = ["DATA_DIR", "search_files", "search_view", "PAGE_URL"]
