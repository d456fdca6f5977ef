"""Reading help: the 关于本站 page linked from every page, a project's dates and
corrections at the top of its page, and the 已更正 mark in every list."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.build import build, load
from sitegen.schema import LEVELS

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "site"


def built(site_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(site_dir, out_dir=out)
    return out


def test_the_about_page_is_linked_from_every_page_and_names_its_sources(tmp_path):
    out = built(REPO, tmp_path)
    site, _ = load(REPO)
    pages = [p for p in out.rglob("*.html") if p.name != "review.html"]
    for page in pages:
        text = page.read_text("utf-8")
        depth = len(page.relative_to(out).parts) - 1
        link = ("../" * depth or "./") + "about/" if page.name != "404.html" else "/about/"
        assert f'href="{link}"' in text, page
    about = (out / "about" / "index.html").read_text("utf-8")
    for level1, level2 in LEVELS.items():
        assert f"<th scope=\"row\">{level1}</th>" in about and "、".join(level2) in about
    assert "不是实际完成的情况" in about
    assert f"本站共有 {len(site.projects)} 份申报表，涉及 {len(site.departments)} 个主管部门" in about


def test_a_corrected_declaration_is_marked_at_the_top_and_in_lists(tmp_path):
    out = built(FIXTURE, tmp_path)
    site, _ = load(FIXTURE)
    corrected = [d for d in site.projects if d.corrections]
    plain = [d for d in site.projects if not d.corrections]
    assert corrected and plain
    index = (out / "index.html").read_text("utf-8")
    for d in corrected:
        page = (out / "projects" / d.id / "index.html").read_text("utf-8")
        top = page.split("<h1>", 1)[1].split("</h2>", 1)[0]  # between the title and the first section
        assert f"已更正 {len(d.corrections)} 处" in top and 'href="#corrections"' in top
        assert re.search(rf'href="\./projects/{d.id}/">[^<]*</a> <span class="mark-corrected">已更正</span>', index)
        if d.published:
            assert f'<time datetime="{d.published}">' in top
    for d in plain:
        assert not re.search(rf'href="\./projects/{d.id}/">[^<]*</a> <span class="mark-corrected">', index)
        assert "已更正" not in (out / "projects" / d.id / "index.html").read_text("utf-8").split("</h2>", 1)[0]
