"""Building as a publisher does: atomic, deterministic, safe, linkable under a sub-path."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, read_tree
from sitegen.build import build
from sitegen.cache import BuildState
from sitegen.cli import main


def test_bundled_site_builds_index_with_all_projects_and_total(tmp_path):
    build(REPO, out_dir=tmp_path / "out")
    index = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "48,241,798.00" in index
    for title in ("科创中心展厅运营项目", "机关服务", "缴纳残疾人就业保障金", "科创中心建设工作经费",
                  "未来公园展厅运营项目", "信息化运维项目"):
        assert title in index
    page = (tmp_path / "out" / "projects" / "2024-xinxihua-yunwei" / "index.html").read_text("utf-8")
    assert "683,890.00" in page and "系统更新及时率" in page and "≤24.00(小时)" in page


def test_two_builds_are_byte_identical(tmp_path):
    build(REPO, out_dir=tmp_path / "a")
    build(REPO, out_dir=tmp_path / "b")
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_rebuild_into_same_folder_replaces_it_and_keeps_one_stage(tmp_path):
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the first build renames its stage
    (out / "stale.html").write_text("old")
    build(REPO, out_dir=out)  # nothing changed: nothing is even looked at
    assert (out / "stale.html").exists()
    for _ in range(3):
        build(REPO, out_dir=out, state=BuildState())  # a build with work to do leaves only its own files
    assert not (out / "stale.html").exists()
    # Beside the output, one stage: the last tree, which the next build starts from.
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and names[0].startswith(".out.stage-") and names[1] == "out"
    build(REPO, out_dir=tmp_path / "clean" / "out")
    assert read_tree(out) == read_tree(tmp_path / "clean" / "out")


def _break_funds(site: Path) -> None:
    path = site / "content" / "2025-canteen.md"
    path.write_text(path.read_text("utf-8").replace('appropriation: "1,150,000.00"',
                                                    'appropriation: "1,150,000.01"'), "utf-8")


def test_failed_build_leaves_previous_output_byte_identical(site_copy, capsys):
    site = site_copy()
    assert main(["build", "--lang", "en", "--site", str(site)]) == 0
    before = read_tree(site / "output")
    _break_funds(site)
    assert main(["build", "--lang", "en", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "2025-canteen.md:12: error: funds.requested" in err
    assert "Traceback" not in err
    assert read_tree(site / "output") == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no temp folders left


def test_broken_template_fails_naming_template_and_line(site_copy, capsys):
    site = site_copy()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ no_such_variable }}</p>\n{% endblock %}\n', "utf-8")
    assert main(["build", "--lang", "en", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"templates/404\.html:3: error: undefined variable in template: 'no_such_variable' is undefined", err), err
    assert not (site / "output").exists()


def test_missing_template_is_named(site_copy, capsys):
    site = site_copy()
    (site / "templates" / "404.html").write_text('{% extends "nothing.html" %}\n', "utf-8")
    assert main(["build", "--lang", "en", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "templates/404.html:1: error: template 'nothing.html' not found" in err


def test_template_syntax_error_is_named(site_copy, capsys):
    site = site_copy()
    (site / "templates" / "404.html").write_text('{% extends "base.html" %}\n{% block main %}\n{% if %}\n', "utf-8")
    assert main(["build", "--lang", "en", "--site", str(site)]) == 1
    assert "templates/404.html:3: error: template syntax error" in capsys.readouterr().err


def test_site_template_overrides_one_theme_template(site_copy, tmp_path):
    site = site_copy()
    (site / "templates" / "404.html").write_text(
        '{% extends "theme/404.html" %}\n{% block main %}<p>本站自定义的404</p>{{ super() }}{% endblock %}\n', "utf-8")
    build(site, out_dir=tmp_path / "out")
    html = (tmp_path / "out" / "404.html").read_text("utf-8")
    assert "本站自定义的404" in html and "页面未找到" in html
    assert "示例区" in (tmp_path / "out" / "index.html").read_text("utf-8")  # others still from the theme


def test_content_is_escaped_and_body_html_sanitized(tmp_path):
    from conftest import FIXTURE_SITE
    build(FIXTURE_SITE, out_dir=tmp_path / "out")
    index = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "机关食堂运营 &lt;b&gt;&amp;&lt;/b&gt; 保障" in index and "<b>&</b>" not in index
    page = (tmp_path / "out" / "projects" / "2025-road-repair" / "index.html").read_text("utf-8")
    lowered = re.sub(r'<script src="(\.\./)*static/reading\.js"></script>', "", page.lower())  # the theme's own
    assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered
    assert '<img src="x.png" alt="示意图">' in page  # the harmless part survives


def test_output_folder_that_would_destroy_the_site_is_refused(site_copy, capsys):
    site = site_copy()
    assert main(["build", "--lang", "en", "--site", str(site), "--out", str(site)]) == 1
    assert main(["build", "--lang", "en", "--site", str(site), "--out", str(site / "content")]) == 1
    assert "choose another --out" in capsys.readouterr().err
    assert (site / "content" / "2025-canteen.md").exists()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("rel") == "canonical":
            return  # an absolute address of the page itself, not a request
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.links.append((tag, a[name]))


@pytest.mark.parametrize("base_url", ["https://example.gov.cn/disclosure/2024/", "/", "/a/b"])
def test_no_broken_links_under_base_url(tmp_path, base_url):
    out = tmp_path / "out"
    build(REPO, out_dir=out, base_url=base_url)
    base_path = "/" + urlsplit(base_url).path.strip("/") + "/" if urlsplit(base_url).path.strip("/") else "/"
    origin = "https://example.gov.cn"
    checked = 0
    for page in out.rglob("*.html"):
        rel = page.relative_to(out).as_posix()
        # The 404 page is served at any depth; check its links from a deep missing URL.
        page_url = origin + base_path + ("x/y/z/missing" if rel == "404.html" else rel)
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for tag, link in parser.links:
            if link.startswith("data:"):
                continue  # inline, no request (the empty favicon)
            if link.startswith("#"):
                assert link[1:] in parser.ids, f"{rel}: no element with id {link}"
                continue
            target = urljoin(page_url, link)
            parts = urlsplit(target)
            assert parts.netloc == "example.gov.cn", f"{rel}: {link} goes to another host"
            assert parts.path.startswith(base_path), f"{rel}: {link} leaves {base_path}"
            local = out / parts.path[len(base_path):]
            if parts.path.endswith("/"):
                local = local / "index.html"
            assert local.is_file(), f"{rel}: broken link {link}"
            checked += 1
    assert checked > 100


def test_no_page_requests_another_host(tmp_path):
    build(REPO, out_dir=tmp_path / "out", base_url="https://example.gov.cn/d/")
    for page in (tmp_path / "out").rglob("*.html"):
        html = page.read_text("utf-8")
        for m in re.finditer(r'<(script|img|link|iframe)\b[^>]*\b(src|href)="([^"]+)"', html):
            if 'rel="canonical"' in m[0]:
                continue
            assert not re.match(r"(https?:)?//", m[3]), f"{page}: {m[0]}"


def test_strict_build_refuses_warnings(site_copy, capsys):
    site = site_copy()
    path = site / "content" / "2024-canteen.md"
    path.write_text(path.read_text("utf-8").replace("level1: 效益指标", "level1: 效果指标"), "utf-8")
    assert main(["build", "--lang", "en", "--site", str(site)]) == 0
    assert main(["build", "--lang", "en", "--site", str(site), "--strict"]) == 1
    assert "2024-canteen.md:13: warning: " in capsys.readouterr().err


def test_build_reports_pages_and_seconds(site_copy, capsys):
    site = site_copy()
    assert main(["build", "--lang", "en", "--site", str(site)]) == 0
    assert re.fullmatch(r"built \d+ pages \(\d+ files, \d+ KiB, \d+ written\) into .+ in \d+\.\d\d s\n", capsys.readouterr().out)


def test_check_error_exit_and_clean_site_ok(site_copy, capsys):
    site = site_copy()
    assert main(["check", "--lang", "en", "--site", str(site)]) == 0
    _break_funds(site)
    assert main(["check", "--lang", "en", "--site", str(site)]) == 1
    assert "1 error, 0 warnings" in capsys.readouterr().err


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../b", "a\\b", "a//b", "./a", "a/.", "", "a/"])
def test_no_output_path_can_leave_the_output_folder(rel):
    from sitegen.writer import OutputError, safe_relative

    with pytest.raises(OutputError, match="拒绝写到输出目录之外"):
        safe_relative(rel)
    assert safe_relative("projects/x/index.html") == "projects/x/index.html"
