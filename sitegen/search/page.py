"""The search page's view: what search.html needs to query the index and offer filters."""

from __future__ import annotations

from sitegen.model import Site
from sitegen.search.index import AMOUNT_CHUNK, DATA_DIR, RECORDS_PER_FILE, index_version, shard_count

PAGE_URL = "search/"


# The orders a reader may list the projects in (search.js sorts by them); the first,
# relevance (and without words the index order: year, then amount), is the default.
ORDERS = ("relevance", "amount_desc", "amount_asc", "title", "department", "year")


def search_view(site: Site) -> dict:
    """Everything here is known before the index is built: the shard count depends
    only on the number of projects, the version only on the content."""
    years = sorted({p.year for p in site.projects}, reverse=True)
    return {
        "data": DATA_DIR.removeprefix(PAGE_URL) + "/",  # relative to the search page
        "version": index_version(site),
        "shards": shard_count(len(site.projects)),
        "docs": len(site.projects),
        "amount_chunk": AMOUNT_CHUNK,
        "records_per_file": RECORDS_PER_FILE,
        "years": [str(y) for y in years],
        "orders": ORDERS,
        "departments": [{"name": g.name, "count": len(g.projects)} for g in site.departments],
        "categories": [{"name": g.name, "count": len(g.projects)} for g in site.categories],
    }
