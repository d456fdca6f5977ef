"""The interface's words, one catalogue per language: ``zh_CN.py`` (the default) and
``en.py``. Content (titles, goals, indicator names) is never translated; everything
the site itself says is, in templates through ``t("key", name=value)`` and in Python
through ``translator(language)``.

A catalogue maps a key ('nav.overview') to a message; ``{name}`` in a message is
filled from the call's keyword arguments (``str.format``). Every catalogue has the
same keys (tests check it); a key that is missing fails the build loudly.
"""

from __future__ import annotations

import hashlib
from types import MappingProxyType

from sitegen.fields import column_titles
from sitegen.i18n import en, zh_CN

DEFAULT = "zh-CN"
# The data columns' titles are the content format's (sitegen/fields.py), in both languages.
_COLUMNS = column_titles()
CATALOGUES = {"zh-CN": {**{f"column.{k}": zh for k, (zh, _) in _COLUMNS.items()}, **zh_CN.MESSAGES},
              "en": {**{f"column.{k}": en for k, (_, en) in _COLUMNS.items()}, **en.MESSAGES}}
LANGUAGES = tuple(CATALOGUES)


class Translator:
    """``t("pager.page_of", number=2, pages=5)`` -> '第 2 页，共 5 页'."""

    def __init__(self, language: str) -> None:
        if language not in CATALOGUES:
            raise ValueError(f"no catalogue for language '{language}' (have: {', '.join(LANGUAGES)})")
        self.language = language
        self.messages = MappingProxyType(CATALOGUES[language])
        # Part of every page's cache key: editing a catalogue re-renders the pages.
        self.digest = hashlib.sha1(repr(sorted(self.messages.items())).encode("utf-8")).hexdigest()[:16]

    def __call__(self, key: str, **values: object) -> str:
        try:
            message = self.messages[key]
        except KeyError:
            raise KeyError(f"no message '{key}' in the {self.language} catalogue "
                           f"(sitegen/i18n/{self.language.replace('-', '_')}.py)") from None
        return message.format(**values) if values else message

    def group(self, prefix: str) -> dict[str, str]:
        """Every message under ``prefix.``, by the rest of its key, unformatted: for a
        script that fills the {names} in itself (search.js reads ``search.js``)."""
        start = prefix + "."
        return {k[len(start):]: m for k, m in self.messages.items() if k.startswith(start)}

    def __repr__(self) -> str:
        return f"Translator({self.language!r}, {self.digest!r})"


_TRANSLATORS: dict[str, Translator] = {}


def translator(language: str) -> Translator:
    found = _TRANSLATORS.get(language)
    if found is None:
        found = _TRANSLATORS[language] = Translator(language)
    return found
