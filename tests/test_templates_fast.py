"""The shortcuts that make rendering cheap give exactly what plain Jinja gives."""

from __future__ import annotations

import subprocess
import sys

import jinja2
import pytest

from conftest import read_tree
from sitegen import i18n, theme
from sitegen.build import build
from sitegen.cli import main


def environment(tmp_path, source: str, language: str = "zh-CN") -> jinja2.Template:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "x.html").write_text(source, "utf-8")
    return theme.make_environment(tmp_path, "default", i18n.translator(language)).get_template("x.html")


def test_a_message_without_values_is_folded_into_the_compiled_template(tmp_path):
    template = environment(tmp_path, '{{ t("nav.overview") }}|{{ t("pager.page_of", number=2, pages=5) }}')
    assert "nav.overview" not in template.environment.compile(
        '{{ t("nav.overview") }}', raw=True)  # folded: the key is gone from the code
    calls = []

    def t(key, **values):
        calls.append(key)
        return i18n.translator("zh-CN")(key, **values)

    assert template.render(t=t) == "项目总览|第 2 页，共 5 页"
    assert calls == ["pager.page_of"]  # only the call with values is made at render time


def test_folding_follows_the_language_and_escapes_like_a_call(tmp_path):
    template = environment(tmp_path, '<b title="{{ t("nav.overview") }}">{{ t("nav.overview") }}</b>', "en")
    assert template.render(t=i18n.translator("en")) == '<b title="Overview">Overview</b>'


def test_a_key_the_catalogue_lacks_still_fails_when_rendered(tmp_path):
    template = environment(tmp_path, '{{ t("nav.nothing") }}')
    with pytest.raises(KeyError, match="no message 'nav.nothing'"):
        template.render(t=i18n.translator("zh-CN"))


def test_a_method_named_t_is_not_folded(tmp_path):
    template = environment(tmp_path, '{{ obj.t("nav.overview") }}')
    assert template.render(obj={"t": lambda key: "own " + key}) == "own nav.overview"


def test_dict_lookups_keep_jinjas_meaning(tmp_path):
    template = environment(tmp_path, "{{ d.title }}|{{ d.items()|list|length }}|{{ d.get('title') }}")
    assert template.render(d={"title": "<标题>", "items": "not the method"}) == "&lt;标题&gt;|2|&lt;标题&gt;"
    with pytest.raises(jinja2.UndefinedError):
        environment(tmp_path, "{{ d.missing }}").render(d={})


def test_switching_language_recompiles_the_cached_templates(site_copy, tmp_path):
    site = site_copy()
    command = [sys.executable, "-m", "sitegen", "build", "--site", str(site)]  # a process each, as people run it
    subprocess.run(command, check=True, capture_output=True)  # leaves zh-CN templates compiled in .sitegen-cache/
    settings = site / "sitegen.yaml"
    settings.write_text(settings.read_text("utf-8") + "language: en\n", "utf-8")
    subprocess.run(command, check=True, capture_output=True)
    index = (site / "output" / "index.html").read_text("utf-8")
    assert ">Overview</a>" in index and "项目总览" not in index
    build(site, out_dir=tmp_path / "clean", persist=False)
    assert read_tree(site / "output") == read_tree(tmp_path / "clean")


def test_an_unused_broken_template_does_not_stop_the_build(site_copy):
    site = site_copy()
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "unused.html").write_text("{% if %}", "utf-8")
    assert main(["build", "--site", str(site)]) == 0


def test_compiled_templates_are_kept_apart_by_language(tmp_path, monkeypatch):
    """Two processes of one site, each its language, share .sitegen-cache/: neither may
    load the other's compiled templates (which hold the folded messages)."""
    from sitegen import templates
    from sitegen.config import Settings

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text('{{ t("nav.overview") }}', "utf-8")
    seen = []
    for language in ("zh-CN", "en", "zh-CN"):
        monkeypatch.setattr(templates, "_ENVIRONMENTS", {})  # as a new process would
        env = templates.environment(tmp_path, Settings(language=language), persisted=True, code="a" * 40)
        seen.append(env.get_template("x.html").render())
    assert seen == ["项目总览", "Overview", "项目总览"]
    assert len(list((tmp_path / ".sitegen-cache" / "templates" / ("a" * 16)).iterdir())) == 2


def test_compiled_templates_are_kept_apart_by_sitegen_version(tmp_path, monkeypatch):
    """Jinja's cache checks a template's source, not the code that compiled it: another
    sitegen (another code generator, escape function, …) must compile afresh."""
    from sitegen import templates
    from sitegen.config import Settings

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text("<p>{{ x }}</p>", "utf-8")
    compiled = tmp_path / ".sitegen-cache" / "templates"
    for code in ("a" * 40, "b" * 40):
        monkeypatch.setattr(templates, "_ENVIRONMENTS", {})
        env = templates.environment(tmp_path, Settings(), persisted=True, code=code)
        assert env.get_template("x.html").render(x="<") == "<p>&lt;</p>"
        assert [p.name for p in compiled.iterdir()] == [code[:16]]  # the other's removed
        assert any(compiled.rglob("*.cache"))


def test_output_is_escaped_exactly_as_jinja_escapes_it(tmp_path):
    import markupsafe

    source = ("{{ s }}|{{ m }}|{{ n }}|{{ d }}|{{ s|e }}|{% set b %}<i>{{ s }}</i>{% endset %}{{ b }}"
              "|{% macro w(x) %}<u>{{ x }}</u>{% endmacro %}{{ w(s) }}{{ w(m) }}|{{ s ~ m }}|{{ none_value }}")
    values = {"s": "<a href=\"x\">'&'</a>", "m": markupsafe.Markup("<b>安全</b>"), "n": 6491700.5,
              "d": {"k": "<v>"}, "none_value": None}
    ours = environment(tmp_path, source).render(**values)
    plain = jinja2.Environment(autoescape=True).from_string(source).render(**values)
    assert ours == plain and "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;" in ours
