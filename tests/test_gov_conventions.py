"""The conventions of a Chinese government website: the footer's 主办单位, contact,
网站标识码, ICP备案号 and 公安备案号 (each only when set), and the page metadata."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURE_SITE, REPO
from sitegen.build import build


def built(site_dir: Path, tmp_path: Path, **kw) -> Path:
    out = tmp_path / "out"
    build(site_dir, out_dir=out, **kw)
    return out


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta name="(\w+)" content="([^"]*)">', html))


def test_footer_shows_every_record_that_is_set(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    html = (out / "index.html").read_text("utf-8")
    footer = html[html.index('<footer class="site-footer">'):]
    assert "<li>主办单位：示例区财政局</li>" in footer
    assert "<li>联系方式：电话 021-00000000，地址 示例区示例路1号</li>" in footer
    assert "<li>网站标识码：3100000001</li>" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">沪ICP备00000000号-1</a>' in footer
    assert ('<a href="https://beian.mps.gov.cn/#/query/webSearch?code=31000002000001" rel="noopener">'
            "沪公网安备 31000002000001号</a>") in footer


def test_footer_leaves_out_what_is_not_set(tmp_path, site_copy):
    out = built(REPO, tmp_path)  # the bundled site sets none of them
    html = (out / "index.html").read_text("utf-8")
    assert 'class="site-owner"' not in html and "网站标识码" not in html and "beian" not in html
    site = site_copy()
    yaml = site / "sitegen.yaml"
    yaml.write_text(re.sub(r"(?m)^(contact|site_id_code|police_record):.*\n", "", yaml.read_text("utf-8")), "utf-8")
    build(site)
    html = (site / "output" / "index.html").read_text("utf-8")
    assert "主办单位：示例区财政局" in html and "沪ICP备00000000号-1" in html
    assert "联系方式" not in html and "网站标识码" not in html and "公网安备" not in html


def test_page_metadata_names_site_column_and_article(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    index = meta((out / "index.html").read_text("utf-8"))
    assert index["SiteName"] == "示例区财政局项目绩效目标公开"
    assert index["SiteDomain"] == "example.gov.cn" and index["SiteIDCode"] == "3100000001"
    assert index["ColumnName"] == "项目总览"
    assert "ArticleTitle" not in index and "PubDate" not in index
    project = meta((out / "projects" / "2025-canteen" / "index.html").read_text("utf-8"))
    assert project["ColumnName"] == "示例区机关事务管理局"
    assert project["ArticleTitle"] == "机关食堂运营 &lt;b&gt;&amp;&lt;/b&gt; 保障"  # escaped, as every attribute
    assert project["PubDate"] == "2025-02-10 00:00"  # the content's `published`
    assert project["ContentSource"] == "示例区机关事务管理局"
    undated = meta((out / "projects" / "2024-canteen" / "index.html").read_text("utf-8"))
    assert "PubDate" not in undated  # never the build's clock
    department = next((out / "departments").iterdir())
    assert meta((department / "index.html").read_text("utf-8"))["ColumnName"].startswith("示例区")


def test_site_domain_needs_a_full_base_url(tmp_path):
    out = built(REPO, tmp_path, base_url="/disclosure/2024/")
    tags = meta((out / "index.html").read_text("utf-8"))
    assert "SiteDomain" not in tags and "SiteIDCode" not in tags
    assert tags["SiteName"] == "上海推进科技创新中心建设办公室2024年度项目绩效目标公开"
