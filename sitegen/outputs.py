"""Every output of a build that is not a rendered page, as (relative path, bytes).

Each kind of output is one generator here (search index, data downloads, feeds);
``build`` writes whatever this yields, skipping files whose bytes did not change.
"""

from __future__ import annotations

from typing import Iterator

import jinja2

from sitegen.model import Site


def extra_files(env: jinja2.Environment, site: Site) -> Iterator[tuple[str, bytes]]:
    yield from ()
