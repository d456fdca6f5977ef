"""sitegen new DIR: a ready site for a publisher, with one example declaration."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen.config import load_settings
from sitegen.content import read_file
from sitegen.diagnostics import Diagnostics
from sitegen.messages import DEFAULT, Message
from sitegen.opendata.records import project_record
from sitegen.opendata.workbook import TEMPLATE, project_rows, template_file

SETTINGS = """\
# 网站设置。每一项都可以不写。
# 网站名称，显示在每页顶部：
title: 示例单位2025年度项目绩效目标公开
# 网站名称下的一句说明：
description: 本单位2025年度财政项目支出绩效目标申报表。
# 网站发布的地址：完整网址或路径，例如
#   base_url: https://www.example.gov.cn/jxmb/2025/
base_url: /
# 主题："default"，或 themes/ 下某个文件夹的名字
theme: default
# 网站界面和命令提示的语言：zh-CN（默认）或 en。申报表内容按原文显示。
language: {language}
# 政府网站页脚，每一项写了才显示：
# organizer: 示例单位                     # 主办单位
# contact: 电话 021-00000000              # 联系方式
# site_id_code: "3100000000"              # 网站标识码（10 位字母和数字，加引号）
# icp_record: 沪ICP备00000000号-1         # ICP备案号
# police_record: 沪公网安备 31000000000000号  # 公安备案号
"""

EXAMPLE = """\
---
# 一份申报表（财政项目支出绩效目标申报表）。各键的含义见 docs/content-format.md
# 这是示例，是草稿：draft: true 的申报表不会发布。照着它写好自己的申报表后，删除本文件。
draft: true
id: 2025-example-project
title: 示例项目
year: 2025
department: 示例单位
implementing_unit: 示例单位
nature: 其他经常性项目
category: 特定目标类
start_date: 2025-01-01
end_date: 2025-12-31
funds:
  requested: "100,000.00"
  appropriation: "100,000.00"
  carryover: "0.00"
  other: "0.00"
goal: |-
  1.按时完成示例工作；
  2.服务对象满意度达到90%以上。
indicators:
  - {{level1: 产出指标, level2: 数量指标, name: 完成示例工作次数, target: "≥4", unit: 次}}
  - {{level1: 产出指标, level2: 时效指标, name: 工作完成及时率, target: "=100", unit: "%"}}
  - {{level1: 效益指标, level2: 社会效益指标, name: 示例工作效果, target: 明显提升}}
  - {{level1: 满意度指标, level2: 服务对象满意度指标, name: 服务对象满意度, target: "≥90", unit: "%"}}
---
这里可以写补充说明（Markdown 格式），例如项目背景、附件链接。
"""

TEMPLATES_NOTE = """\
这个文件夹放本站自己的模板，可以覆盖主题里的任何一个模板。

要改某一页，把主题里的那个模板（index.html、project.html、group.html、404.html、
base.html）复制到这里再修改副本。只改其中一部分时，继承原模板并覆盖其中一个 block：

    {% extends "theme/project.html" %}
    {% block title %}{{ project.title }}{% endblock %}
"""


class NewSiteError(Exception):
    def __init__(self, reason: Message) -> None:
        super().__init__(reason.text("en"))
        self.reason = reason


def create_site(site_dir: Path, language: str = DEFAULT) -> list[Path]:
    """Write the starter files; refuses a folder that already has content."""
    if site_dir.exists() and not site_dir.is_dir():
        raise NewSiteError(Message("new.is_a_file", dir=site_dir))
    if site_dir.exists() and any(site_dir.iterdir()):
        raise NewSiteError(Message("new.not_empty", dir=site_dir))
    files = {
        site_dir / "sitegen.yaml": SETTINGS.format(language=language),
        site_dir / "content" / "2025-example-project.md": EXAMPLE.format(),
        site_dir / "templates" / "README.txt": TEMPLATES_NOTE,
    }
    made_folder = not site_dir.exists()
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        template = site_dir / TEMPLATE
        template.write_bytes(_template(site_dir, language))
    except OSError as exc:  # a parent folder that may not be written, a full disk
        if made_folder:
            shutil.rmtree(site_dir, ignore_errors=True)
        raise NewSiteError(Message("new.cannot_create", path=exc.filename or site_dir, reason=exc.strerror)) from None
    return [*files, template]


def _template(site_dir: Path, language: str) -> bytes:
    """The workbook template, its example row the example declaration just written."""
    diags = Diagnostics()
    settings = load_settings(site_dir, diags)
    decl = read_file(site_dir / "content" / "2025-example-project.md", diags)
    if decl is None:
        raise AssertionError(f"the example declaration does not read: {diags.sorted()}")
    record = project_record(decl, settings)
    return template_file(language, record["url"], project_rows(record))
