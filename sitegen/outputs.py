"""Everything a build produces, as (relative path, bytes) pairs.

Each kind of output is one generator here; ``build`` writes whatever this yields.
Adding an output (search index, data downloads, feeds) means adding one line.
"""

from __future__ import annotations

from typing import Iterator

import jinja2

from sitegen import render
from sitegen.model import Site


def site_files(env: jinja2.Environment, site: Site) -> Iterator[tuple[str, bytes]]:
    yield from render.render_site(env, site)
