"""Links in a declaration's notes (the Markdown after the front matter) to files of
the site: found when the file is read, checked once the build knows every file it
publishes, so that a link to a PDF that is not published is named, not left dead."""

from __future__ import annotations

import posixpath
import re
from typing import Iterable
from urllib.parse import unquote

from sitegen.diagnostics import WARNING, Diagnostic
from sitegen.messages import Message

_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']")
_ELSEWHERE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#|/)")  # https:, mailto:, #part, /absolute


def relative_links(body: str, first_line: int) -> tuple[tuple[int, str], ...]:
    """(line, target) of each link in ``body`` to a file of this site, relative to its page."""
    found = []
    for m in _TARGET.finditer(body):
        target = m[1] or m[2]
        if not _ELSEWHERE.match(target):
            found.append((first_line + body.count("\n", 0, m.start()), target))
    return tuple(found)


def resolved(page_url: str, target: str) -> str | None:
    """The output path a link from ``page_url`` leads to; None when it leaves the site."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(page_url, path))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined + "/index.html" if path.endswith("/") or "." not in posixpath.basename(joined) else joined


def broken(pages: Iterable[tuple[str, str, tuple[tuple[int, str], ...]]], published: set[str]) -> list[Diagnostic]:
    """A warning for each link of (content file, page URL, links) that leads to no published file."""
    problems = []
    for path, page_url, links in pages:
        for line, target in links:
            rel = resolved(page_url, target)
            if rel is not None and rel.removeprefix("./") not in published:
                problems.append(Diagnostic(path, line, WARNING, Message("links.missing", link=target, rel=rel)))
    return problems
