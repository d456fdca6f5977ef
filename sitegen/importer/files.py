"""Content files: plan what to write, verify it through the schema, write it safely.

Every file is read back exactly as ``sitegen check`` reads it (front matter split,
YAML parsed, ``sitegen.schema.read_declaration``) before anything is written, and must
say what the draft says; rule violations copied faithfully from the source become
warnings in the report.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import content, schema, yamlsrc
from sitegen.diagnostics import Diagnostics, display_path
from sitegen.importer.emit import content_id, render
from sitegen.importer.extract import Draft
from sitegen.importer.pages import pages_text
from sitegen.messages import Message, said

NEW, UNCHANGED, CHANGED = "new", "unchanged", "changed"


@dataclass
class Planned:
    draft: Draft
    id: str
    path: Path
    text: str
    state: str  # NEW, UNCHANGED, or CHANGED (a different file is there)
    check: Diagnostics = field(default_factory=Diagnostics)  # what sitegen check will say
    also: list[Draft] = field(default_factory=list)  # the same declaration in other sources

    @property
    def shown(self) -> str:
        return display_path(self.path)


def plan(drafts: list[Draft], content_dir: Path, diags: Diagnostics) -> list[Planned]:
    """One content file per draft; two drafts may share a file only with identical text."""
    planned: dict[str, Planned] = {}
    existing = _existing_declarations(content_dir)
    for draft in drafts:
        id_ = draft.id or content_id(draft.year, draft.text("department"), draft.text("title"))
        text = render(draft, id_)
        if id_ in planned and planned[id_].text != text:  # one title, two units or two codes
            for distinct in (("implementing_unit",), ("implementing_unit", "project_code")):
                other = content_id(draft.year, draft.text("department"), draft.text("title"),
                                   *(draft.text(k) for k in distinct))
                if other not in planned and any(draft.text(k) != planned[id_].draft.text(k) for k in distinct):
                    id_, text = other, render(draft, other)
                    break
            else:
                first = planned[id_].draft
                if first.source == draft.source and first.pages and draft.pages:  # printed twice in one budget
                    other = content_id(draft.year, draft.text("department"), draft.text("title"),
                                       draft.text("implementing_unit"), draft.text("project_code"),
                                       f"p. {draft.pages[0]}")
                    diags.warning(draft.line, Message("import.where", where=pages_text([(draft.pages[0], draft.pages[0])]),
                                                      message=Message("import.printed_again", title=draft.text("title"),
                                                                      first=pages_text([(first.pages[0], first.pages[0])]))),
                        path=draft.source)
                    id_, text = other, render(draft, other)
        path = content_dir / f"{id_}.md"
        if id_ in planned:
            planned[id_].also.append(draft)
            if planned[id_].text != text:
                first = planned[id_].draft
                diags.error(draft.line, Message("import.same_project", where=first.where), path=draft.source)
            continue
        state = NEW
        if path.is_dir():
            diags.error(0, Message("import.path_is_folder"), path=display_path(path))
            continue
        if path.exists():
            state = UNCHANGED if path.read_bytes() == text.encode("utf-8") else CHANGED
        check, decl = verify(text, id_, display_path(path))
        if decl is not None:
            _assert_same(draft, decl)
        item = Planned(draft, id_, path, text, state, check)
        other = existing.get((draft.year, draft.text("department"), draft.text("title")))
        if other is not None and other != path:
            diags.warning(draft.line, Message("import.already_declared", path=display_path(other)),
                          path=draft.source)
        planned[id_] = item
    return list(planned.values())


def _existing_declarations(content_dir: Path) -> dict[tuple[int, str, str], Path]:
    found: dict[tuple[int, str, str], Path] = {}
    if content_dir.is_dir():
        for path in content.content_files(content_dir):
            decl = content.read_file(path, Diagnostics())
            if decl is not None:
                found.setdefault((decl.year, decl.department, decl.title), path)
    return found


def verify(text: str, id_: str, shown: str) -> tuple[Diagnostics, schema.Declaration | None]:
    """Read ``text`` as ``sitegen check`` would: its errors and warnings, and the declaration."""
    diags = Diagnostics(shown)
    parts = content.split_front_matter(text, diags)
    if parts is None:
        raise AssertionError(f"importer wrote no front matter for {shown}")
    front_text, body, _ = parts
    front = yamlsrc.parse(front_text, diags, first_line=2)
    if front is None or any("YAML" in said(d.message, "en") for d in diags.errors):
        raise AssertionError(f"importer wrote invalid YAML for {shown}: {diags.sorted()}")
    decl = schema.read_declaration(front, id_, body.strip(), shown, diags)
    return diags, decl


def _assert_same(draft: Draft, decl: schema.Declaration) -> None:
    """The written file must read back as the draft: a guard against emitter bugs."""
    same = (decl.title == draft.text("title") and decl.department == draft.text("department")
            and decl.category == draft.text("category") and decl.goal == draft.goals.goal
            and decl.project_goal == draft.goals.project_goal
            and all(getattr(decl.funds, k) == v for k, (v, _) in draft.funds.items())
            and [(i.level1, i.level2, i.name) for i in decl.indicators]
            == [(r.level1, r.level2, r.name) for r in draft.rows])
    if not same:
        raise AssertionError(f"{decl.path} does not read back as imported from "
                             f"{draft.where}")


def write_all(items: list[Planned]) -> tuple[Planned, str, int] | None:
    """All or nothing: every file is written in full beside its target first (where a
    full disk or a folder that may not be written stops the import), and only then
    each renamed into place. Returns None, or (the file that could not be written,
    why, how many were written: none, unless a rename failed). A new file gets the mode the umask gives; a file
    replaced keeps its own."""
    mask = os.umask(0)
    os.umask(mask)
    staged: list[tuple[Planned, str]] = []
    try:
        for item in items:
            staged.append((item, _written_beside(item, mask)))
    except OSError as exc:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        return item, exc.strerror or str(exc), 0
    for n, (item, tmp) in enumerate(staged):
        try:
            os.replace(tmp, item.path)
        except OSError as exc:  # after every file was written: only a fault of the system
            for _, left in staged[n:]:
                Path(left).unlink(missing_ok=True)
            return item, exc.strerror or str(exc), n
    return None


def _written_beside(item: Planned, mask: int) -> str:
    """The file's text in a temporary file in its folder; returns that file's path."""
    item.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(item.path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~mask
    fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=item.path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(item.text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
