"""The site's templates for a build: one Jinja environment per site and theme in a
process (the preview compiles a template only when it changes), compiled templates
kept between command-line runs, and a stamp of every template's source.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2

from sitegen import cache, theme
from sitegen.i18n import translator

_ENVIRONMENTS: dict[tuple, jinja2.Environment] = {}


def environment(site_dir: Path, settings, persisted: bool, code: str) -> jinja2.Environment:
    """The Jinja environment of this site and theme. The command line (``persisted``)
    keeps compiled templates in .sitegen-cache/, apart for each sitegen (``code``):
    Jinja checks a template's source, not the compiler."""
    key = (str(site_dir.resolve()), settings.theme, settings.language,
           tuple(str(d) for d in theme.theme_dirs(site_dir, settings.theme)),
           (site_dir / "templates").is_dir())
    env = _ENVIRONMENTS.get(key)
    if env is None:
        translate = translator(settings.language)
        env = theme.make_environment(site_dir, settings.theme, translate)
        if persisted:  # compiled templates hold the messages folded in: one folder a catalogue
            folder = cache.templates_folder(site_dir, code, f"{translate.language}-{translate.digest}")
            if folder is not None:
                env.bytecode_cache = theme.SealedBytecodeCache(folder)
        _ENVIRONMENTS[key] = env
    return env


def stamp(env: jinja2.Environment) -> str:
    """A digest of every template the environment can load, so that editing any
    template (even one only included by another) re-renders every page."""
    h = hashlib.sha1()
    for name in sorted(env.list_templates()):
        source, filename, _ = env.loader.get_source(env, name)
        h.update(f"{name}\0{filename}\0".encode())
        h.update(source.encode("utf-8"))
    return h.hexdigest()


@contextlib.contextmanager
def checked_once(env: jinja2.Environment, templates: str):
    """Load every template now (reloading any that changed on disk: ``templates`` is
    their stamp), then render without Jinja's per-``get_template`` freshness check,
    for templates that cannot change in the middle of a build."""
    if getattr(env, "templates_stamp", templates) != templates:
        # Jinja checks only the file a template came from, so a new site template
        # that overrides the theme's would go unseen: start afresh when any changed.
        env.cache.clear()
    env.templates_stamp = templates
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:  # reported as file:line by the page that uses it, if any does
            pass
    env.auto_reload = False
    try:
        yield
    finally:
        env.auto_reload = True
