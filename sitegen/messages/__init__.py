"""What sitegen says to the publisher (the terminal, the preview's error page, the
review report), one catalogue per language and area: ``zh_CN.py`` (the default) and
``en.py`` for the commands and the content rules, ``import_*.py`` for the importer,
``review_*.py`` for the review. The site's own words are in sitegen/i18n/.

A ``Message`` is a key and its values, said in a language only when it is shown:
a problem found once (and kept in a cache) is shown in whichever language the
publisher asks for. ``{name}`` in a catalogue's message is filled from the values
(``str.format``); a value that is itself a Message is said in the same language.
Every language has the same keys (tests check it).
"""

from __future__ import annotations

import string
from types import MappingProxyType

from sitegen.messages import en, import_en, import_zh_CN, review_en, review_zh_CN, zh_CN

DEFAULT = "zh-CN"
CATALOGUES = {
    "zh-CN": MappingProxyType({**zh_CN.MESSAGES, **import_zh_CN.MESSAGES, **review_zh_CN.MESSAGES}),
    "en": MappingProxyType({**en.MESSAGES, **import_en.MESSAGES, **review_en.MESSAGES}),
}
LANGUAGES = tuple(CATALOGUES)


class Message:
    """``Message("funds.requested_sum", ...)``: said by ``text(language)``; ``str()`` says it in
    the default language."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def text(self, language: str = DEFAULT) -> str:
        template = CATALOGUES.get(language, CATALOGUES[DEFAULT])[self.key]
        return _FORMATTER.format(template, **{name: value if isinstance(value, int) else said(value, language)
                                              for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)

    def __reduce__(self):
        return (_message, (self.key, self.values))

    def plain(self) -> tuple:
        """The message as tuples of text and numbers (what marshal keeps); see from_plain.
        A value of another kind (a date, a path) is kept as its text."""
        return (self.key, tuple((name, value.plain() if isinstance(value, Message)
                                 else value if isinstance(value, (str, int)) else str(value))
                                for name, value in self.values.items()), "m")


class _Formatter(string.Formatter):
    """str.format, and ``{n:plural:error}`` -> '1 error', '2 errors' (for English)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            noun = format_spec[len("plural:"):]
            return f"{value} {noun}{'' if value == 1 else 's'}"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def _message(key: str, values: dict) -> Message:
    return Message(key, **values)


def from_plain(kept: object) -> object:
    """Message.plain's tuple back as a Message (a text stays a text)."""
    if isinstance(kept, tuple) and len(kept) == 3 and kept[2] == "m":
        return Message(kept[0], **{name: from_plain(value) for name, value in kept[1]})
    return kept


def said(value: object, language: str = DEFAULT) -> str:
    """A message, or a text that is not one (a library's words, a file name), in ``language``."""
    return value.text(language) if isinstance(value, Message) else str(value)


def joined(items: list, language: str = DEFAULT) -> str:
    """Items said one after another with the language's list separator."""
    return CATALOGUES.get(language, CATALOGUES[DEFAULT])["list.sep"].join(said(i, language) for i in items)
