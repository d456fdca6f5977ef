"""The publisher's messages: every language has every key with the same values to
fill, every key the code names exists, and the Chinese catalogue is Chinese."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sitegen.diagnostics import Diagnostic
from sitegen.messages import CATALOGUES, Message, from_plain

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r'Message\(\s*"([a-z_.0-9]+)"')


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_every_key_with_the_same_values():
    zh, en = CATALOGUES["zh-CN"], CATALOGUES["en"]
    assert set(zh) == set(en)
    assert {k: fields(zh[k]) for k in zh} == {k: fields(en[k]) for k in en}


def test_every_key_the_code_names_is_in_the_catalogues():
    named = {key for path in (ROOT / "sitegen").rglob("*.py") for key in NAMED.findall(path.read_text("utf-8"))}
    assert len(named) > 150
    prefixes = {key for key in named if key.endswith(".")}  # completed in code: "severity." + severity
    assert sorted(named - prefixes - set(CATALOGUES["zh-CN"])) == []
    assert all(any(k.startswith(p) for k in CATALOGUES["zh-CN"]) for p in prefixes)


def test_the_chinese_catalogue_is_chinese():
    """Each message has Chinese in it, but those made only of values, keys and symbols."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    english = [key for key, text in CATALOGUES["zh-CN"].items()
               if not cjk.search(text) and re.search(r"[A-Za-z]{4,}", re.sub(r"\{[a-z_]+\}", "", text))
               and key not in ("kind.bool",)]
    assert english == []


def test_a_message_is_said_in_the_language_asked_and_kept_as_plain_values():
    nested = Message("yaml.unknown_key", key="units", where=Message("key.in", where="funds"),
                     hint=Message("yaml.did_you_mean", guess="unit"))
    assert nested.text("en") == "unknown key 'units' in funds; did you mean 'unit'?"
    assert nested.text() == "无法识别的键“units”（在 funds 中）；是不是想写“unit”？" == str(nested)
    d = Diagnostic("content/a.md", 3, "error", nested, 7)
    assert d.text("en") == "content/a.md:3:7: error: " + nested.text("en")
    assert str(d) == "content/a.md:3:7: 错误: " + nested.text()
    import marshal
    import pickle

    assert Diagnostic.from_plain(marshal.loads(marshal.dumps(d.plain()))) == d
    assert pickle.loads(pickle.dumps(d)).text("en") == d.text("en")
    assert from_plain("plain words") == "plain words"
    import datetime as dt

    dated = Diagnostic("content/a.md", 10, "warning", Message("date.outside_year", name="end_date",
                                                             date=dt.date(2024, 12, 31), year=2025))
    kept = Diagnostic.from_plain(marshal.loads(marshal.dumps(dated.plain())))  # as the build state keeps it
    assert kept.text("en") == dated.text("en") and "2024-12-31" in kept.text()


@pytest.mark.parametrize("language, words", [("zh-CN", "用法："), ("en", "usage: ")])
def test_help_speaks_the_language_asked(language, words, capsys):
    from sitegen.cli import main

    with pytest.raises(SystemExit) as exit:
        main(["build", "--help", "--lang", language])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(words) and out.count(words) == 1
    assert ("生成网站" in out) == (language == "zh-CN")


def test_the_site_settings_choose_the_language(tmp_path, capsys):
    from sitegen.cli import main

    (tmp_path / "sitegen.yaml").write_text("language: en\n", "utf-8")
    assert main(["check", "--site", str(tmp_path)]) == 1
    assert "no content/ folder" in capsys.readouterr().err
    assert main(["check", "--site", str(tmp_path), "--lang", "zh-CN"]) == 1
    assert "没有 content/ 文件夹" in capsys.readouterr().err
