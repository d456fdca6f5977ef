"""Two interface languages: every UI word in one catalogue per language, none in templates."""

from __future__ import annotations

import re
import string

import pytest

from conftest import FIXTURE_SITE, REPO
from sitegen import i18n
from sitegen.build import build
from sitegen.cli import main

TEMPLATES = REPO / "themes" / "default" / "templates"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
CALL = re.compile(r"""\bt\(\s*(["'])([\w.]+)\1""")  # t("key", ...) with a literal key


def fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_every_catalogue_has_the_same_keys_and_placeholders():
    zh, en = i18n.CATALOGUES["zh-CN"], i18n.CATALOGUES["en"]
    assert set(zh) == set(en), f"only in zh-CN: {set(zh) - set(en)}; only in en: {set(en) - set(zh)}"
    for key in zh:
        assert zh[key].strip() and en[key].strip() or key in ("list.end",), key
        assert fields(zh[key]) == fields(en[key]), key
    assert not any(CJK.search(m) for k, m in en.items() if k not in ("search.help",)), "Chinese left in en"


def test_no_template_shows_a_word_of_its_own():
    """Outside of {# comments #} and {{ expressions }} / {% tags %}, templates hold markup
    only: every word a reader sees comes from a catalogue (content aside)."""
    for path in sorted(TEMPLATES.glob("*.html")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.S)
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        assert not CJK.findall(text), f"{path.name}: {sorted(set(CJK.findall(text)))[:20]}"


def test_every_key_a_template_or_module_uses_exists():
    used = set()
    for path in [*TEMPLATES.glob("*.html"), *(REPO / "sitegen").rglob("*.py")]:
        used |= {m[2] for m in CALL.finditer(path.read_text("utf-8"))}
    used.discard("key")  # the i18n module's docstring
    assert used, "no t(...) calls found"
    keys = set(i18n.CATALOGUES["zh-CN"])
    missing = {k for k in used if not (k in keys or k.endswith(".") and any(x.startswith(k) for x in keys))}
    assert not missing, missing


def test_a_missing_key_fails_loudly():
    with pytest.raises(KeyError, match="no message 'nav.nothing' in the en catalogue"):
        i18n.translator("en")("nav.nothing")


def test_messages_fill_their_placeholders():
    zh, en = i18n.translator("zh-CN"), i18n.translator("en")
    assert zh("pager.page_of", number=2, pages=5) == "第 2 页，共 5 页"
    assert en("pager.page_of", number=2, pages=5) == "Page 2 of 5"


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    site = tmp_path_factory.mktemp("en") / "site"
    import shutil
    shutil.copytree(FIXTURE_SITE, site, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
    yaml = site / "sitegen.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "language: en\n", "utf-8")
    build(site)
    return site / "output"


def test_language_en_gives_an_english_interface(english):
    index = (english / "index.html").read_text("utf-8")
    assert '<html lang="en">' in index
    assert ">Overview</a>" in index and "Skip to content" in index and "Download the data" in index
    assert "合计" not in index and "项目一览" not in index and "跳到正文" not in index
    project = (english / "projects" / "2025-road-repair" / "index.html").read_text("utf-8")
    assert "Performance indicators" in project and "Amount requested this year" in project
    assert "道路养护工程（二期）" in project and "产出指标" in project  # content stays as written
    assert "年度资金申请总额" not in project and "绩效指标" not in project.replace("产出指标", "")
    assert 'xml:lang="en"' in (english / "feed.xml").read_text("utf-8")
    package = (english / "datapackage.json").read_text("utf-8")
    assert '"title": "Amount requested this year (yuan)"' in package


def test_every_english_page_is_free_of_chinese_interface_words(english):
    zh = {m for m in i18n.CATALOGUES["zh-CN"].values() if len(m) >= 4 and "{" not in m and CJK.search(m)}
    content = "".join(p.read_text("utf-8") for p in (FIXTURE_SITE / "content").glob("*.md"))
    zh = {m for m in zh if m not in content and m not in (FIXTURE_SITE / "sitegen.yaml").read_text("utf-8")}
    for page in english.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not [m for m in zh if m in html], page


def test_zh_cn_is_the_default(tmp_path):
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    html = (out / "index.html").read_text("utf-8")
    assert '<html lang="zh-CN">' in html and ">项目总览</a>" in html


def test_an_unsupported_language_is_an_error_on_its_line(site_copy, capsys):
    site = site_copy()
    (site / "sitegen.yaml").write_text("title: 测试\nlanguage: fr\n", "utf-8")
    assert main(["check", "--site", str(site)]) == 1
    assert "sitegen.yaml:2: 错误: 不支持语言“fr”（支持：zh-CN, en）" in capsys.readouterr().err
    assert main(["check", "--site", str(site), "--lang", "en"]) == 1
    assert "sitegen.yaml:2: error: language 'fr' is not supported (supported: zh-CN, en)" in capsys.readouterr().err


def test_the_review_report_speaks_the_site_language(site_copy, capsys):
    site = site_copy()
    yaml = site / "sitegen.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "language: en\n", "utf-8")
    main(["review", "--site", str(site), "--format", "html"])
    html = capsys.readouterr().out
    assert '<html lang="en">' in html and "Review of performance targets" in html
