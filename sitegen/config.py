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
from sitegen.layout import CONFIG_FILE
from sitegen.messages import Message
from sitegen.rulebook import RULE_IDS
from sitegen.sourcefile import decode
from sitegen.yamlsrc import read_text, warn_unknown_keys

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


def check_base_url(value: str) -> Message | None:
    """The reason a base URL is unusable, or None."""
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Message("base_url.scheme", value=value)
        try:
            parts.port  # noqa: B018 (raises for a port that is not 0-65535)
        except ValueError:
            return Message("base_url.port", value=value)
        if parts.port == 0:
            return Message("base_url.port", value=value)
    elif value.startswith("//"):  # protocol-relative: another host, not a path
        return Message("base_url.protocol_relative", value=value)
    elif not value.startswith("/"):
        if "." in value.split("/")[0]:  # a host name without its scheme
            return Message("base_url.no_scheme", value=value)
        return Message("base_url.not_url", value=value)
    if parts.query or parts.fragment:
        return Message("base_url.query", value=value)
    return None


def load_settings(site_dir: Path, diags: Diagnostics, base_url: str | None = None) -> Settings:
    """Read DIR/sitegen.yaml (optional). ``base_url`` from the command line wins."""
    path = site_dir / CONFIG_FILE
    values: dict[str, str] = {}
    review = ReviewSettings()
    page_size = Settings.page_size
    if path.exists() and not path.is_file():
        diags.error(0, Message("config.not_a_file", file=CONFIG_FILE), path=display_path(path))
    elif path.is_file():
        file_diags = Diagnostics(display_path(path))
        text = decode(path.read_bytes(), file_diags)
        node = yamlsrc.parse(text, file_diags) if text is not None else None
        if isinstance(node, yamlsrc.Mapping):
            warn_unknown_keys(node, KEYS, Message("key.in", where=CONFIG_FILE), file_diags, as_error=True)
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
            file_diags.error(node.line, Message("config.not_mapping", file=CONFIG_FILE))
        diags.extend(file_diags)
    settings = Settings(**values, page_size=page_size, review=review)
    if base_url is not None:
        reason = check_base_url(base_url)
        if reason:
            diags.error(0, reason, path="--base-url")
        else:
            settings = replace(settings, base_url=base_url)
    return settings


def _unknown_theme(name: str, site_dir: Path) -> Message | None:
    """Checked here, not at build time, so the error points at the theme line."""
    if themes.find_theme(site_dir, name):
        return None
    builtin = sorted(d.name for d in themes.BUILTIN_THEMES.iterdir() if (d / "templates").is_dir())
    return Message("config.unknown_theme", name=name, choices=", ".join(f"theme: {b}" for b in builtin))


def _check(values: dict[str, str], node: yamlsrc.Mapping, diags: Diagnostics, site_dir: Path) -> None:
    if "theme" in values and _THEME_NAME.match(values["theme"]):
        reason = _unknown_theme(values["theme"], site_dir)
        if reason:
            diags.error(node.line_of("theme"), reason)
            values.pop("theme")
    for key, reason in (
        ("base_url", check_base_url(values["base_url"]) if "base_url" in values else None),
        ("theme", None if _THEME_NAME.match(values.get("theme", "default"))
         else Message("config.theme_name", name=values.get("theme"))),
        ("language", None if values.get("language", i18n.DEFAULT) in LANGUAGES
         else Message("config.language", name=values.get("language"), languages=", ".join(LANGUAGES))),
        ("site_id_code", None if _SITE_ID_CODE.match(values.get("site_id_code", "0000000000"))
         else Message("config.site_id_code", value=values.get("site_id_code"))),
        ("icp_record", None if _ICP_RECORD.match(values.get("icp_record", "沪ICP备1号"))
         else Message("config.icp_record", value=values.get("icp_record"))),
        ("source_files", _source_files_problem(values.get("source_files", "sources/"))),
        ("police_record", None if _POLICE_RECORD.match(values.get("police_record", "沪公网安备1号"))
         else Message("config.police_record", value=values.get("police_record"))),
    ):
        if reason:
            diags.error(node.line_of(key), reason)
            values.pop(key, None)
    if values.get("source_files"):
        values["source_files"] = values["source_files"].strip("/") + "/"


def _source_files_problem(value: str) -> Message | None:
    """source_files is a folder of the published site, as the static/ folder gives it."""
    parts = value.strip("/").split("/")
    if "://" in value or value.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in value:
        return Message("config.source_files", value=value)
    return None


def _read_page_size(node: yamlsrc.Node, line: int, diags: Diagnostics) -> int:
    text = node.text.strip() if isinstance(node, yamlsrc.Scalar) else ""
    if not text.isascii() or not text.isdigit() or not 10 <= int(text) <= 10000:
        diags.error(line, Message("config.page_size"))
        return Settings.page_size
    return int(text)


_SHARE = re.compile(r"^(\d+(?:\.\d+)?)(%?)$", re.ASCII)


def _read_review(node: yamlsrc.Node, line: int, diags: Diagnostics) -> ReviewSettings:
    """`review: {disable: [rule-id, ...], funds_change_threshold: 0.2, cost_required_from: 2025}`."""
    if not isinstance(node, yamlsrc.Mapping):
        diags.error(line, Message("config.review_mapping"))
        return ReviewSettings()
    warn_unknown_keys(node, REVIEW_KEYS, Message("key.in", where="review"), diags, as_error=True)
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
            diags.error(key_line, Message("config.funds_change_threshold", text=text))
        elif m:
            values["funds_change_threshold"] = Decimal(m[1]) / (100 if m[2] else 1)
    if "cost_required_from" in node:
        key_line = node.line_of("cost_required_from")
        text = read_text(node["cost_required_from"], "review.cost_required_from", key_line, diags)
        if text is not None and not re.fullmatch(r"\d{4}", text, re.ASCII):
            diags.error(key_line, Message("config.cost_required_from", text=text))
        elif text is not None:
            values["cost_required_from"] = int(text)
    return ReviewSettings(**values)  # type: ignore[arg-type]


def _read_rule_ids(node: yamlsrc.Node, line: int, diags: Diagnostics) -> tuple[str, ...] | None:
    if not isinstance(node, yamlsrc.Sequence):
        diags.error(line, Message("config.disable_list"))
        return None
    ids: list[str] = []
    for item in node:
        text = read_text(item, "review.disable", item.line, diags)
        if text is None:
            continue
        if text not in RULE_IDS:
            guess = difflib.get_close_matches(text, list(RULE_IDS), n=1, cutoff=0.6)
            hint = (Message("yaml.did_you_mean", guess=guess[0]) if guess
                    else Message("config.rules_are", rules=", ".join(RULE_IDS)))
            diags.error(item.line, Message("config.unknown_rule", text=text, hint=hint))
            continue
        if text not in ids:
            ids.append(text)
    return tuple(ids)
