"""The Jinja environment: site templates/ > the chosen theme > the built-in default.

A template can extend the one it overrides through a prefix:
``{% extends "theme/base.html" %}`` (the chosen theme) or ``"default/base.html"``.
"""

from __future__ import annotations

import importlib.resources
import sys
import traceback
from pathlib import Path

import jinja2
import jinja2.bccache
import jinja2.ext
from jinja2.lexer import Token

from sitegen.cachefile import read_sealed, write_atomically
from sitegen.diagnostics import ERROR, Diagnostic, display_path, not_utf8
from sitegen.messages import Message
from sitegen.money import format_money

BUILTIN_THEMES = Path(str(importlib.resources.files("sitegen.themes")))
DEFAULT_THEME = "default"


class ThemeError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)  # as args, so the error survives a worker's pickling
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return str(self.diagnostic)


def theme_dirs(site_dir: Path, theme: str) -> list[Path]:
    """Theme folders in lookup order: the site's own themes/NAME, the built-in NAME,
    then the built-in default (so a partial theme still has every template)."""
    dirs = [site_dir / "themes" / theme, BUILTIN_THEMES / theme, BUILTIN_THEMES / DEFAULT_THEME]
    seen, out = set(), []
    for d in dirs:
        if d.is_dir() and d.resolve() not in seen:
            seen.add(d.resolve())
            out.append(d)
    return out


def find_theme(site_dir: Path, theme: str) -> bool:
    return (site_dir / "themes" / theme).is_dir() or (BUILTIN_THEMES / theme).is_dir()


class ConstantMessages(jinja2.ext.Extension):
    """Fold ``t("key")`` (a message without values) into the message itself when a
    template is compiled, for the environment's language: a page of this site makes
    about seventy such calls, each a Python call at render time otherwise. A key the
    catalogue lacks is left as a call, which fails the build as before."""

    def filter_stream(self, stream):
        translate = getattr(self.environment, "translator", None)
        if translate is None:
            yield from stream
            return
        window: list[Token] = []
        previous = None
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, lparen, key, rparen = window
            if (name.type == "name" and name.value == "t" and lparen.type == "lparen" and key.type == "string"
                    and rparen.type == "rparen" and key.value in translate.messages
                    and (previous is None or previous.type != "dot")):
                yield Token(name.lineno, "string", translate.messages[key.value])
                previous = rparen
                window.clear()
            else:
                previous = window.pop(0)
                yield previous
        yield from window

_DICT_ATTRIBUTES = frozenset(dir(dict))

class SiteEnvironment(jinja2.Environment):
    """Jinja, with ``view.field`` on a dict (every view is one) looked up as a key
    first. Jinja tries the attribute first and the key after the AttributeError, a
    raised exception for each of the ~180 lookups on a page. The result is the same:
    a dict has no attribute outside ``dir(dict)``."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class SealedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in ``folder``, one sealed file each (cachefile.seal): a
    damaged one is compiled again, never unmarshalled."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._path(bucket)
        data = read_sealed(path)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        write_atomically(self._path(bucket), bucket.bytecode_to_string())


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's, with a template that is not UTF-8 named as file:line."""

    def get_source(self, environment, template):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            path = next(Path(folder) / template for folder in self.searchpath if (Path(folder) / template).is_file())
            line, message = not_utf8(exc.object, exc)
            raise ThemeError(Diagnostic(display_path(path), line, ERROR, message)) from None


def make_environment(site_dir: Path, theme: str, translate=None) -> jinja2.Environment:
    themes = theme_dirs(site_dir, theme)
    site_templates = site_dir / "templates"
    chain = ([TemplateLoader(site_templates)] if site_templates.is_dir() else []) + [
        TemplateLoader(d / "templates") for d in themes]
    prefixed = jinja2.PrefixLoader({
        "theme": TemplateLoader(themes[0] / "templates"),
        "default": TemplateLoader(BUILTIN_THEMES / DEFAULT_THEME / "templates"),
    })
    env = SiteEnvironment(
        loader=jinja2.ChoiceLoader(chain + [prefixed]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[ConstantMessages],
    )
    env.translator = translate  # read by ConstantMessages when a template is compiled
    env.filters["money"] = format_money
    return env


def static_dirs(site_dir: Path, theme: str) -> list[Path]:
    """Static folders to copy, lowest priority first: later ones overwrite earlier."""
    dirs = [d / "static" for d in reversed(theme_dirs(site_dir, theme))]
    return [d for d in dirs + [site_dir / "static"] if d.is_dir()]


def template_problem(exc: Exception, rendering: str) -> ThemeError:
    """Turn a Jinja failure into 'template:line: error: message'."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where, line = exc.filename or exc.name or rendering, exc.lineno or 0
        return ThemeError(Diagnostic(_short(where), line, ERROR, Message("template.syntax", reason=exc.message)))
    where, line = _template_frame(exc) or (rendering, 0)
    if isinstance(exc, jinja2.TemplateNotFound):
        message = Message("template.not_found", name=exc.name)
    elif isinstance(exc, jinja2.UndefinedError):
        message = Message("template.undefined", reason=exc.message)
    else:
        message = Message("template.failed", kind=type(exc).__name__, reason=str(exc))
    return ThemeError(Diagnostic(_short(where), line, ERROR, message))


def _template_frame(exc: Exception) -> tuple[str, int] | None:
    """The innermost traceback frame that belongs to a template file."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__ or sys.exc_info()[2]):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            found = (frame.filename, frame.lineno or 0)
    return found


def _short(filename: str) -> str:
    return display_path(Path(filename)) if Path(filename).is_absolute() else filename
