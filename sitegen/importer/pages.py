"""Which pages of a PDF are project performance-target forms.

A department's whole budget (部门预算) holds 30 to 80 pages of other tables and text before
its forms, and forms that look alike but declare no project: a department's own targets
(部门整体), a special fund's overall targets, a self-evaluation after the year (自评表).
Each page is told by the labels it prints, never by the file's name.
"""

from __future__ import annotations

import re

from sitegen.messages import Message

FORM, DEPARTMENT, FUND, SELF_EVALUATION, OTHER = "form", "department", "fund", "self-evaluation", "other"

# Kinds that are not project declarations, by the words of their heading (found anywhere
# on a page that prints an indicator table: the text layer may put the heading last),
# and what they are (a message of sitegen/messages/import_*.py).
NOT_PROJECTS: dict[str, tuple[re.Pattern[str], str]] = {
    SELF_EVALUATION: (re.compile(r"自评表"), "import.page.self_evaluation"),
    DEPARTMENT: (re.compile(r"部门整体\S{0,6}绩效目标|整体支出绩效目标"), "import.page.department"),
    FUND: (re.compile(r"专项资金(?:总体|整体)绩效目标"), "import.page.fund"),
}
OTHER_MEANING = "import.page.other"
_TABLE_LABELS = ("一级指标", "三级指标")  # the indicator table's header
_LEVEL_WORDS = ("产出指标", "效益指标", "满意度指标")  # its rows
_SPACE = re.compile(r"\s+")
_HEADINGS = re.compile(r"目标表|申报表|填报表")  # a form's own heading; the forms after it may print none


def classify(pages: list[str]) -> list[str]:
    """The kind of each page's text. A form page prints 绩效目标 and the indicator table's
    header; a page that prints the header alone is one in a document that has forms; a
    page of indicator rows, or a form with no heading of its own, right after a page of
    some kind is of that kind (Xi'an prints 表16 专项资金整体绩效目标表 once, over six forms)."""
    flat = [_SPACE.sub("", page) for page in pages]
    own = [_own_kind(text) for text in flat]
    has_forms = FORM in own
    kinds: list[str] = []
    for n, text in enumerate(flat):
        kind = own[n]
        if kind == OTHER and has_forms and any(w in text for w in _TABLE_LABELS) and _rows(text):
            kind = FORM
        if kinds and kinds[-1] != OTHER and (kind == OTHER and _rows(text)
                                              or kind == FORM and not _HEADINGS.search(text)):
            kind = kinds[-1]  # the next page of a form, or the next form of a series under one heading
        kinds.append(kind)
    return kinds


def _own_kind(text: str) -> str:
    table = any(w in text for w in _TABLE_LABELS)
    if not (table or _rows(text)):
        return OTHER  # prose or another table, whatever forms it names (a table of contents)
    for kind, (heading, _) in NOT_PROJECTS.items():
        if heading.search(text):
            return kind
    return FORM if table and "绩效目标" in text else OTHER


def _rows(text: str) -> bool:
    return any(w in text for w in _LEVEL_WORDS)


def meaning(kind: str) -> Message:
    """What a kind of page is, said to the publisher."""
    return Message(NOT_PROJECTS[kind][1] if kind in NOT_PROJECTS else OTHER_MEANING)


def runs(kinds: list[str], wanted: str) -> list[tuple[int, int]]:
    """The 1-based page ranges (first, last) of ``wanted`` pages."""
    found: list[tuple[int, int]] = []
    for n, kind in enumerate(kinds, 1):
        if kind == wanted:
            if found and found[-1][1] == n - 1:
                found[-1] = (found[-1][0], n)
            else:
                found.append((n, n))
    return found


def pages_text(ranges: list[tuple[int, int]]) -> Message:
    """Pages as a reader names them: '第 3 页', '第 1–29, 31 页' ('p. 3', 'pp. 1–29, 31')."""
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in ranges]
    many = len(ranges) > 1 or ranges[0][0] != ranges[0][1]
    return Message("import.pages" if many else "import.page", pages=", ".join(parts))
