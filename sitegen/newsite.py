"""sitegen new DIR: a ready site for a publisher, with one example declaration."""

from __future__ import annotations

import shutil
from pathlib import Path

SETTINGS = """\
# 网站设置 (site settings). Every key is optional.
# 网站名称, shown at the top of every page:
title: 示例单位2025年度项目绩效目标公开
# One sentence under the title:
description: 本单位2025年度财政项目支出绩效目标申报表。
# Where the site will be published: a full address or a path, e.g.
#   base_url: https://www.example.gov.cn/jxmb/2025/
base_url: /
# The theme: "default", or the name of a folder in themes/
theme: default
# The interface's language: zh-CN (default) or en. Content stays as written.
language: zh-CN
# The footer of a government website; each line is shown only when set:
# organizer: 示例单位                     # 主办单位
# contact: 电话 021-00000000              # 联系方式
# site_id_code: "3100000000"              # 网站标识码 (10 letters and digits, quoted)
# icp_record: 沪ICP备00000000号-1         # ICP备案号
# police_record: 沪公网安备 31000000000000号  # 公安备案号
"""

EXAMPLE = """\
---
# One declaration (财政项目支出绩效目标申报表). Keys: docs/content-format.md
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
  - {level1: 产出指标, level2: 数量指标, name: 完成示例工作次数, target: "≥4", unit: 次}
  - {level1: 产出指标, level2: 时效指标, name: 工作完成及时率, target: "=100", unit: "%"}
  - {level1: 效益指标, level2: 社会效益指标, name: 示例工作效果, target: 明显提升}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 服务对象满意度, target: "≥90", unit: "%"}
---
这里可以写补充说明（Markdown 格式），例如项目背景、附件链接。
"""

TEMPLATES_NOTE = """\
Templates that override the theme go here.

To change one page, copy that template from the theme (index.html, project.html,
group.html, 404.html, base.html) into this folder and edit the copy. To change
only part of it, extend the original and override a block:

    {% extends "theme/project.html" %}
    {% block title %}{{ project.title }}{% endblock %}
"""


class NewSiteError(Exception):
    pass


def create_site(site_dir: Path) -> list[Path]:
    """Write the starter files; refuses a folder that already has content."""
    if site_dir.exists() and not site_dir.is_dir():
        raise NewSiteError(f"{site_dir} is a file, not a folder; choose a new folder")
    if site_dir.exists() and any(site_dir.iterdir()):
        raise NewSiteError(f"{site_dir} is not empty; choose a new folder")
    files = {
        site_dir / "sitegen.yaml": SETTINGS,
        site_dir / "content" / "2025-example-project.md": EXAMPLE,
        site_dir / "templates" / "README.txt": TEMPLATES_NOTE,
    }
    made_folder = not site_dir.exists()
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:  # a parent folder that may not be written, a full disk
        if made_folder:
            shutil.rmtree(site_dir, ignore_errors=True)
        raise NewSiteError(f"cannot create {exc.filename or site_dir}: {exc.strerror}") from None
    return list(files)
