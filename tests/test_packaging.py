"""The package as a user installs it: every subpackage and the built-in theme ship."""

from __future__ import annotations

import tomllib

from conftest import REPO


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"sitegen." + p.parent.relative_to(REPO / "sitegen").as_posix().replace("/", ".")
             for p in (REPO / "sitegen").rglob("__init__.py") if p.parent != REPO / "sitegen"}
    assert found | {"sitegen", "sitegen.themes"} == listed


def test_readme_commands_are_the_ones_ci_runs():
    readme = (REPO / "README.md").read_text("utf-8")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "bash scripts/setup-tests && .venv/bin/python -m pytest" in readme
    assert "bash scripts/setup-tests" in ci and ".venv/bin/python -m pytest" in ci
