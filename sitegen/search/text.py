"""What a project's search text is, and how text is folded before matching.

A project's indexed text is split into four field classes, in ranking order: a hit
in the title outranks one in an indicator name, which outranks the department, which
outranks the goal and the rest of the body. ``fold`` is the one normalization applied
to indexed text and to queries (``search.js`` does the same: NFKC, then lower case),
so full-width ＡＩ２０２４ matches ai2024 and 人工智能 written with compatibility
ideographs matches the unified ones.
"""

from __future__ import annotations

import re
import unicodedata

from sitegen.schema import Declaration

TITLE, INDICATOR, DEPARTMENT, BODY = 0, 1, 2, 3
CLASSES = (TITLE, INDICATOR, DEPARTMENT, BODY)

# The words of a Markdown body, roughly as the page shows them: raw HTML blocks that
# the page's sanitizer drops (scripts, styles) go with their content, other tags,
# link targets, heading and quote marks, emphasis and code fences go; the words
# stay. (Rendering every body to HTML and back would cost more than indexing it.)
_DROPPED = re.compile(r"<(script|style|template|iframe|object)\b.*?(</\1\s*>|\Z)", re.I | re.S)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]*\]:.*$", re.M)
_MARKS = re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+|[*_`~]{1,3}|^\s*\|?(\s*:?-{3,}:?\s*\|?)+\s*$", re.M)


def fold(text: str) -> str:
    """NFKC, then lower case: the form both the index and the query are matched in."""
    return unicodedata.normalize("NFKC", text).lower()


def markdown_text(body: str) -> str:
    text = _TAG.sub(" ", _DROPPED.sub(" ", body))
    text = _LINK_DEFINITION.sub("", _LINK_TARGET.sub("]", text))
    return _MARKS.sub("", text).strip()


PARTS = "\n\n"  # between the fields of the body text; search.js splits snippets there


def field_texts(decl: Declaration) -> tuple[str, str, str, str]:
    """The project's text by class (not folded), lines joined by newlines.

    These are both what is indexed and what snippets are cut from, so a snippet
    always shows the words that matched. The body's fields are apart by a blank line
    (PARTS), so a snippet is cut from the one field that matched, never runs on into
    the next ('其他人员类 其他经常性项目 明显改善').
    """
    department = decl.department
    if decl.implementing_unit and decl.implementing_unit != decl.department:
        department += "\n" + decl.implementing_unit
    body = [decl.goal, decl.project_goal, decl.category, decl.nature, decl.project_code]
    body += [i.target.text for i in decl.indicators if not i.target.quantitative]
    body.append(markdown_text(decl.body))
    return (
        decl.title,
        "\n".join(i.name for i in decl.indicators),
        department,
        PARTS.join(t for t in body if t),
    )
