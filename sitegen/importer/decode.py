"""Source bytes -> text lines: encodings, line ends, form feeds, control characters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sitegen.messages import Message

# C0/C1 control characters other than tab and newline (form feeds are page breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\ufeff]")


class SourceError(Exception):
    """The source cannot be read as text; carries the line it concerns and the message
    (a Message, said in the publisher's language when the report is printed)."""

    def __init__(self, line: int, message: Message | str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Source:
    """A source text as lines (numbered from 1), with what decoding had to change."""

    name: str
    lines: list[str]
    encoding: str
    notes: list[tuple[int, Message]] = field(default_factory=list)  # warnings: (line, message)
    form_pages: list[int] = field(default_factory=list)  # a PDF's pages that hold project forms
    cover: str = ""  # a PDF's first page, where a budget names its department and year


def decode_bytes(data: bytes) -> tuple[str, str]:
    """-> (text, encoding name). UTF-8 (with or without BOM) first, then GB18030.

    GB18030 is a superset of GBK and GB2312, so one fallback covers all three.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(codec), "UTF-16"
            except UnicodeDecodeError as exc:  # a lone surrogate, an odd byte at the end
                line = data[2:2 + exc.start].decode(codec).count("\n") + 1
                raise SourceError(line, Message("import.utf16_invalid", reason=exc.reason,
                                                byte=exc.start + 2)) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        line = data.count(b"\n", 0, utf8_error.start) + 1
        raise SourceError(line, Message("import.unknown_encoding")) from None


# Kangxi radicals and CJK radical supplements, which some PDF engines print for the
# ideographs (⼀ U+2F00 for 一, ⽬ U+2F6C for 目): each maps to its ideograph by NFKC.
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


# The CJK Radicals Supplement has no NFKC mapping but for two: the forms printed for a
# whole character (Chromium prints 主管部⻔), from Unicode's EquivalentUnifiedIdeograph.txt.
_SUPPLEMENT = dict(zip(
    "⺠⺩⻄⻅⻆⻈⻉⻋⻏⻐⻑⻓⻔⻖⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰",
    "民王西见角讠贝车阝钅長长门阝青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙"))


def _ideograph(radical: str) -> str:
    return _SUPPLEMENT.get(radical) or unicodedata.normalize("NFKC", radical)


def unify_radicals(text: str) -> str:
    """The radicals a PDF engine printed, as the ideographs they stand for; nothing else changed."""
    return _RADICALS.sub(lambda m: _ideograph(m[0]), text)


_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_LAID_OUT_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}\d])|(?<=[{_CJK}\d])[ \t]+(?=[{_CJK}])"
                             r"|(?<=[(（])[ \t]+|[ \t]+(?=[)）])")


def tidy_spaces(text: str) -> str:
    """Drop the spaces a PDF's layout put between Chinese characters, between a digit and
    a Chinese character (``2026 年``) and inside brackets; spaces between Latin words stay."""
    return _LAID_OUT_SPACE.sub("", text)


def split_lines(text: str, name: str, encoding: str) -> Source:
    """Normalize line ends, turn form feeds into line breaks, drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = text.split("\n")
    notes = []
    for i, line in enumerate(lines):
        if _CONTROL.search(line):
            codes = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(line)})
            notes.append((i + 1, Message("import.control_removed", codes=listed(codes))))
            lines[i] = _CONTROL.sub("", line)
    return Source(name, lines, encoding, notes)


def listed(items: list) -> Message:
    """Items one after another, with the separator of the language they are said in."""
    if len(items) == 1:
        return Message("import.list.one", a=items[0])
    return Message("import.list.pair", a=items[0], b=listed(items[1:]))


def read_text_source(data: bytes, name: str) -> Source:
    text, encoding = decode_bytes(data)
    return split_lines(unify_radicals(text), name, encoding)
