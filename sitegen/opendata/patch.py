"""The data files after a few edits in place: the last build's files, with only the
edited projects' parts replaced.

A build that joins the data files notes where each project's part lies in them (a
Layout: each part's size in each file). After edits that move no project
(model.placement), the next build reads those files and splices the new parts in:
it needs neither the other projects' parts nor to join 30 MB again.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Callable

from sitegen.cache import Layout
from sitegen.model import Site
from sitegen.opendata.package import PACKAGE, descriptor, frames, json_bytes, part_key, part_sizes, project_part
from sitegen.schema import Declaration


def patched(site: Site, edited: list[Declaration], layout: Layout, previous: Callable[[str], bytes | None]
            ) -> tuple[list[tuple[str, bytes]], list[tuple[int, ...]], dict] | None:
    """(files, each project's part_sizes, the new parts by part_key) as
    package.data_files would make them, from ``previous(path)``: the last build's file
    that ``layout`` describes (the caller checks its digest). None when the layout or
    a file does not fit the site: then the files are joined again."""
    ids = tuple(d.id for d in site.projects)
    if ids != layout.ids:
        return None
    where = {decl_id: i for i, decl_id in enumerate(ids)}
    made = sorted(((where[d.id], d, project_part(d, site.settings)) for d in edited), key=lambda m: m[0])
    parts = [(i, part) for i, _, part in made]
    sizes = list(layout.sizes)
    for i, part in parts:
        sizes[i] = part_sizes(part)
    files = []
    for frame in frames(site):
        old = previous(frame.path)
        gap = len(frame.separator)
        # where each part begins in the old file
        starts = list(accumulate((s[frame.n] + gap for s in layout.sizes[:-1]), initial=len(frame.prefix)))
        end = (starts[-1] + layout.sizes[-1][frame.n] if starts else len(frame.prefix))
        if old is None or not old.startswith(frame.prefix) or len(old) != end + len(frame.suffix):
            return None
        pieces, at = [], 0
        for i, (line, lines) in parts:
            pieces += [old[at:starts[i]], (line, *lines)[frame.n]]
            at = starts[i] + layout.sizes[i][frame.n]
        pieces.append(old[at:])
        files.append((frame.path, b"".join(pieces)))
    files.append((PACKAGE, json_bytes(descriptor(site))))
    added = {part_key(d, site.settings): part for _, d, part in made if d.digest}
    return files, sizes, added
