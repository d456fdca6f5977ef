"""sitegen.yaml -> a frozen Settings object. Unknown keys are errors."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import i18n, theme as themes, yamlsrc
from sitegen.diagnostics import Diagnostics, display_path
from sitegen.rulebook import RULE_IDS
from sitegen.sourcefile import decode
from sitegen.yamlsrc import read_text, warn_unknown_keys

CONFIG_FILE = "sitegen.yaml"
_THEME_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class ReviewSettings:
    """`review:` in sitegen.yaml: how `sitegen review` judges targets."""

    disable: tuple[str, ...] = ()  # rule ids switched off
    funds_change_threshold: Decimal = Decimal("0.2")  # a share of the previous year's amount
    cost_required_from: int | None = None  # the first year whose form asks for 成本指标


@dataclass(frozen=True)
class Settings:
    title: str = "项目绩效目标公开"
    description: str = ""
    base_url: str = "/"  # as written: a full URL or a path
    theme: str = "default"
    language: str = i18n.DEFAULT
    page_size: int = 100  # projects per page of the index and of group pages
    review: ReviewSettings = field(default_factory=ReviewSettings)
    # The footer and page metadata of a Chinese government website; each is shown
    # only when set (see README, "sitegen.yaml").
    organizer: str = ""  # 主办单位
    contact: str = ""  # 联系方式
    site_id_code: str = ""  # 网站标识码
    icp_record: str = ""  # ICP备案号
    police_record: str = ""  # 公安备案号
    source_files: str = ""  # where the source PDFs are published under the site, e.g. 'sources/'

    @cached_property  # asked for every URL of every page
    def base_path(self) -> str:
        """The URL path the site lives under, always with slashes at both ends."""
        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @cached_property
    def origin(self) -> str:
        """'https://example.gov.cn' when base_url is a full URL, else ''."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""

    @cached_property
    def domain(self) -> str:
        """'example.gov.cn' when base_url is a full URL, else '' (the SiteDomain meta tag)."""
        return urlsplit(self.base_url).hostname or ""

    @property
    def police_record_code(self) -> str:
        """The digits of 公安备案号, for the link to its record."""
        m = _POLICE_RECORD.search(self.police_record)
        return m[1] if m else ""


KEYS = ("title", "description", "base_url", "theme", "language", "page_size", "review",
        "organizer", "contact", "site_id_code", "icp_record", "police_record", "source_files")
REVIEW_KEYS = ("disable", "funds_change_threshold", "cost_required_from")
LANGUAGES = i18n.LANGUAGES
_SITE_ID_CODE = re.compile(r"^[A-Za-z0-9]{10}$", re.ASCII)  # 网站标识码: 10 letters and digits
_ICP_RECORD = re.compile(r"^[\u4e00-\u9fff]ICP[备证]\d+号(-\d+)?$")  # 沪ICP备12345678号-1
_POLICE_RECORD = re.compile(r"^[\u4e00-\u9fff]公网安备\s*(\d+)号$")  # 沪公网安备 31010402000001号


def check_base_url(value: str) -> str | None:
    """The reason a base URL is unusable, or None."""
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"base_url '{value}' must be an http(s) URL or a path starting with /"
        try:
            parts.port  # noqa: B018 (raises for a port that is not 0-65535)
        except ValueError:
            return f"base_url '{value}' has a port that is not a number from 1 to 65535"
        if parts.port == 0:
            return f"base_url '{value}' has a port that is not a number from 1 to 65535"
    elif value.startswith("//"):  # protocol-relative: another host, not a path
        return (f"base_url '{value}' starts with // and so names a host, not a path; "
                f"write https:{value} or a path such as /disclosure/2024/")
    elif not value.startswith("/"):
        if "." in value.split("/")[0]:  # a host name without its scheme
            return f"base_url '{value}' needs https:// (or http://) in front: https://{value}"
        return f"base_url '{value}' must be a full URL or a path starting with / (e.g. /disclosure/2024/)"
    if parts.query or parts.fragment:
        return f"base_url '{value}' must not have a query or fragment"
    return None


def load_settings(site_dir: Path, diags: Diagnostics, base_url: str | None = None) -> Settings:
    """Read DIR/sitegen.yaml (optional). ``base_url`` from the command line wins."""
    path = site_dir / CONFIG_FILE
    values: dict[str, str] = {}
    review = ReviewSettings()
    page_size = Settings.page_size
    if path.exists() and not path.is_file():
        diags.error(0, f"{CONFIG_FILE} is not a file (a folder?); remove it or make it the site's "
                       "settings file", path=display_path(path))
    elif path.is_file():
        file_diags = Diagnostics(display_path(path))
        text = decode(path.read_bytes(), file_diags)
        node = yamlsrc.parse(text, file_diags) if text is not None else None
        if isinstance(node, yamlsrc.Mapping):
            warn_unknown_keys(node, KEYS, f" in {CONFIG_FILE}", file_diags, as_error=True)
            for key in KEYS:
                if key == "review":
                    if key in node:
                        review = _read_review(node[key], node.line_of(key), file_diags)
                    continue
                if key == "page_size":
                    if key in node:
                        page_size = _read_page_size(node[key], node.line_of(key), file_diags)
                    continue
                if key in node:
                    value = read_text(node[key], key, node.line_of(key), file_diags)
                    if value is not None:
                        values[key] = value
            _check(values, node, file_diags, site_dir)
        elif node is not None:
            file_diags.error(node.line, f"{CONFIG_FILE} must be a mapping of settings")
        diags.extend(file_diags)
    settings = Settings(**values, page_size=page_size, review=review)
    if base_url is not None:
        reason = check_base_url(base_url)
        if reason:
            diags.error(0, reason, path="--base-url")
        else:
            settings = replace(settings, base_url=base_url)
    return settings


def _unknown_theme(name: str, site_dir: Path) -> str | None:
    """Checked here, not at build time, so the error points at the theme line."""
    if themes.find_theme(site_dir, name):
        return None
    builtin = sorted(d.name for d in themes.BUILTIN_THEMES.iterdir() if (d / "templates").is_dir())
    choices = " or ".join(f"theme: {b}" for b in builtin)
    return (f"unknown theme '{name}': there is no folder themes/{name}/ in the site and no built-in "
            f"theme of that name; write {choices}, or add the folder themes/{name}/")


def _check(values: dict[str, str], node: yamlsrc.Mapping, diags: Diagnostics, site_dir: Path) -> None:
    if "theme" in values and _THEME_NAME.match(values["theme"]):
        reason = _unknown_theme(values["theme"], site_dir)
        if reason:
            diags.error(node.line_of("theme"), reason)
            values.pop("theme")
    for key, reason in (
        ("base_url", check_base_url(values["base_url"]) if "base_url" in values else None),
        ("theme", None if _THEME_NAME.match(values.get("theme", "default"))
         else f"theme '{values.get('theme')}' must be a folder name under themes/"),
        ("language", None if values.get("language", i18n.DEFAULT) in LANGUAGES
         else f"language '{values.get('language')}' is not supported (supported: {', '.join(LANGUAGES)})"),
        ("site_id_code", None if _SITE_ID_CODE.match(values.get("site_id_code", "0000000000"))
         else f"site_id_code '{values.get('site_id_code')}' is not a 网站标识码: it has 10 letters and "
              "digits, e.g. site_id_code: \"3100000001\" (quote it so leading zeros stay)"),
        ("icp_record", None if _ICP_RECORD.match(values.get("icp_record", "沪ICP备1号"))
         else f"icp_record '{values.get('icp_record')}' is not an ICP备案号; write it as registered, "
              "e.g. icp_record: 沪ICP备12345678号-1"),
        ("source_files", _source_files_problem(values.get("source_files", "sources/"))),
        ("police_record", None if _POLICE_RECORD.match(values.get("police_record", "沪公网安备1号"))
         else f"police_record '{values.get('police_record')}' is not a 公安备案号; write it as registered, "
              "e.g. police_record: 沪公网安备 31010402000001号"),
    ):
        if reason:
            diags.error(node.line_of(key), reason)
            values.pop(key, None)
    if values.get("source_files"):
        values["source_files"] = values["source_files"].strip("/") + "/"


def _source_files_problem(value: str) -> str | None:
    """source_files is a folder of the published site, as the static/ folder gives it."""
    parts = value.strip("/").split("/")
    if "://" in value or value.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in value:
        return (f"source_files '{value}' must be a folder inside the site, such as sources/: put the "
                "PDFs in static/sources/ and write source_files: sources/")
    return None


def _read_page_size(node: yamlsrc.Node, line: int, diags: Diagnostics) -> int:
    text = node.text.strip() if isinstance(node, yamlsrc.Scalar) else ""
    if not text.isascii() or not text.isdigit() or not 10 <= int(text) <= 10000:
        diags.error(line, "page_size must be a whole number of projects per page from 10 to 10000, e.g. page_size: 100")
        return Settings.page_size
    return int(text)


_SHARE = re.compile(r"^(\d+(?:\.\d+)?)(%?)$", re.ASCII)


def _read_review(node: yamlsrc.Node, line: int, diags: Diagnostics) -> ReviewSettings:
    """`review: {disable: [rule-id, ...], funds_change_threshold: 0.2, cost_required_from: 2025}`."""
    if not isinstance(node, yamlsrc.Mapping):
        diags.error(line, "review must be a mapping, e.g. review: {disable: [qualitative-target], "
                          "funds_change_threshold: 0.2}")
        return ReviewSettings()
    warn_unknown_keys(node, REVIEW_KEYS, " in review", diags, as_error=True)
    values: dict[str, object] = {}
    if "disable" in node:
        disable = _read_rule_ids(node["disable"], node.line_of("disable"), diags)
        if disable is not None:
            values["disable"] = disable
    if "funds_change_threshold" in node:
        key_line = node.line_of("funds_change_threshold")
        text = read_text(node["funds_change_threshold"], "review.funds_change_threshold", key_line, diags)
        m = _SHARE.match(text.strip()) if text is not None else None
        if text is not None and not m:
            diags.error(key_line, f"review.funds_change_threshold '{text}' must be a share such as 0.2 "
                                  "or 20% (a change of more than this from the previous year is reported)")
        elif m:
            values["funds_change_threshold"] = Decimal(m[1]) / (100 if m[2] else 1)
    if "cost_required_from" in node:
        key_line = node.line_of("cost_required_from")
        text = read_text(node["cost_required_from"], "review.cost_required_from", key_line, diags)
        if text is not None and not re.fullmatch(r"\d{4}", text, re.ASCII):
            diags.error(key_line, f"review.cost_required_from must be a four-digit year like 2025, "
                                  f"not '{text}'")
        elif text is not None:
            values["cost_required_from"] = int(text)
    return ReviewSettings(**values)  # type: ignore[arg-type]


def _read_rule_ids(node: yamlsrc.Node, line: int, diags: Diagnostics) -> tuple[str, ...] | None:
    if not isinstance(node, yamlsrc.Sequence):
        diags.error(line, "review.disable must be a list of rule ids, e.g. disable: [qualitative-target]")
        return None
    ids: list[str] = []
    for item in node:
        text = read_text(item, "review.disable item", item.line, diags)
        if text is None:
            continue
        if text not in RULE_IDS:
            guess = difflib.get_close_matches(text, list(RULE_IDS), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else f"the rules are {', '.join(RULE_IDS)}"
            diags.error(item.line, f"review.disable: unknown rule '{text}'; {hint}")
            continue
        if text not in ids:
            ids.append(text)
    return tuple(ids)
