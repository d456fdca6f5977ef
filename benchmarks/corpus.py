"""Generate N realistic declarations in sitegen's content format, deterministically.

    python benchmarks/corpus.py N DIR [--seed S]

writes DIR/sitegen.yaml and DIR/content/*.md (one declaration each). The same N and
seed always give byte-identical files, so benchmarks are comparable between runs and
machines. Other benchmarks can reuse it: ``generate(n, dest)`` or ``declarations(n)``.

The vocabulary is the domain's: about fifty Shanghai municipal departments, each with
a few policy themes; titles, goals and indicator names drawn from those themes;
indicator levels from ``sitegen.schema.LEVELS``; 4-12 indicators per declaration;
funds that add up (requested = appropriation + carryover + other) and, for multi-year
projects, a whole-life column that is at least the year's request.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sitegen.schema import LEVELS

DEPARTMENTS = (
    "上海市发展和改革委员会", "上海市经济和信息化委员会", "上海市商务委员会", "上海市教育委员会",
    "上海市科学技术委员会", "上海市民族和宗教事务局", "上海市公安局", "上海市民政局",
    "上海市司法局", "上海市财政局", "上海市人力资源和社会保障局", "上海市规划和自然资源局",
    "上海市生态环境局", "上海市住房和城乡建设管理委员会", "上海市交通委员会", "上海市农业农村委员会",
    "上海市水务局", "上海市文化和旅游局", "上海市卫生健康委员会", "上海市退役军人事务局",
    "上海市应急管理局", "上海市审计局", "上海市国有资产监督管理委员会", "上海市市场监督管理局",
    "上海市体育局", "上海市统计局", "上海市医疗保障局", "上海市绿化和市容管理局",
    "上海市房屋管理局", "上海市机关事务管理局", "上海市人民政府外事办公室", "上海市人民政府合作交流办公室",
    "上海市地方金融监督管理局", "上海市民防办公室", "上海市信访办公室", "上海市知识产权局",
    "上海市大数据中心", "上海市残疾人联合会", "上海市妇女联合会", "上海市总工会",
    "共青团上海市委员会", "上海市科学技术协会", "上海市红十字会", "上海市档案局",
    "上海推进科技创新中心建设办公室", "上海市药品监督管理局", "上海市粮食和物资储备局",
    "上海市城市管理行政执法局", "上海市气象局", "上海市老龄工作委员会办公室",
)

PLACES = ("", "", "", "", "浦东新区", "张江科学城", "临港新片区", "长三角", "虹桥商务区", "市级",
          "全市", "郊区", "中心城区", "五个新城")
SUFFIXES = ("项目", "项目", "经费", "专项", "工作经费", "运维项目", "补助", "专项资金")
NATURES = ("其他经常性项目", "其他经常性项目", "阶段性项目", "其他阶段性项目")
CATEGORIES = ("特定目标类", "特定目标类", "特定目标类", "其他运转类", "其他人员类", "公用经费类")
UNIT_SUFFIXES = ("", "", "信息中心", "服务中心", "事务中心", "执法总队", "研究中心")


@dataclass(frozen=True)
class Theme:
    subjects: tuple[str, ...]  # title cores
    aims: tuple[str, ...]  # goal clauses: what the money does
    effects: tuple[str, ...]  # goal clauses: what it achieves
    things: tuple[str, ...]  # nouns for indicator names
    people: tuple[str, ...]  # service objects, for satisfaction indicators


THEMES: dict[str, Theme] = {
    "后勤": Theme(
        ("机关食堂餐饮服务", "机关服务", "办公楼物业管理", "公务用车运行维护", "机关后勤保障", "安保服务",
         "办公用房维修改造", "会议服务保障"),
        ("通过采购食堂餐饮服务，满足工作人员的就餐需求", "保障办公楼宇安全有序运行", "做好公务用车调度和维修保养",
         "聘用辅助人员完成单位相关工作", "开展餐饮食品安全检查", "落实节能降耗措施"),
        ("营造良好的工作环境", "提升后勤保障服务水平", "保障机关正常运转", "降低机关运行成本"),
        ("餐饮伙食供应人数", "就餐人次", "辅助人员到岗人数", "物业服务验收", "车辆完好", "卫生安全事故",
         "餐饮设施利用", "维修工单", "会议保障场次", "安保巡查"),
        ("就餐者", "机关干部", "公务车辆使用者", "办公人员"),
    ),
    "信息化": Theme(
        ("信息化运维", "政务数据平台建设", "网络安全等级保护", "电子政务外网运维", "一网通办平台运行",
         "数据中心机房运维", "业务系统升级改造", "视频会议系统维护"),
        ("保障信息系统稳定运行", "推进公共数据归集共享", "完成网络安全等级保护测评", "升级业务系统功能模块",
         "建设统一身份认证平台", "部署5G和云计算基础设施"),
        ("有效支撑综合信息流转", "提升政务服务数字化水平", "保障数据安全", "提高办事效率"),
        ("系统故障", "业务模块优化", "数据归集条数", "系统可用", "安全漏洞修复", "云资源使用",
         "接口调用次数", "等保测评", "GPU算力使用"),
        ("使用人员", "办事群众", "系统用户", "企业用户"),
    ),
    "科创": Theme(
        ("人工智能产业创新", "科技创新券补贴", "重点实验室运行", "集成电路研发支持", "生物医药产业促进",
         "科技成果转化", "未来产业先导区建设", "展厅运营", "科普场馆运行"),
        ("激发人工智能产业创新动力", "支持企业开展集成电路关键核心技术攻关", "建设AI开放创新平台",
         "开展科技成果转移转化服务", "运营科创展厅和科普基地", "培育生物医药创新企业", "举办世界人工智能大会配套活动"),
        ("树立张江AI产业的示范新标杆", "提升科创中心知名度和显示度", "加速培育壮大产业新动能",
         "全面构筑科创中心更高能级战略优势"),
        ("创新券兑付", "专利申请", "孵化企业", "接待参观", "成果转化合同", "研发投入", "大模型备案",
         "实验室开放共享", "展厅正常运营"),
        ("参观者", "科技企业", "科研人员", "展厅参观者"),
    ),
    "社会保障": Theme(
        ("残疾人就业援助", "缴纳残疾人就业保障金", "养老服务补贴", "困难群众临时救助", "退役军人帮扶",
         "社区养老服务设施建设", "儿童福利保障", "慈善救助"),
        ("按时足额发放困难群众救助资金", "为残疾人提供就业培训和岗位补贴", "建设社区嵌入式养老服务设施",
         "为退役军人提供就业创业帮扶", "开展居家养老上门服务", "落实残疾人两项补贴"),
        ("兜牢民生底线", "提升老年人获得感和幸福感", "促进残疾人稳定就业", "维护社会和谐稳定"),
        ("补贴发放人数", "救助对象", "养老床位", "助餐服务", "就业培训人次", "残疾人就业", "帮扶对象",
         "资金发放"),
        ("服务对象", "老年人", "残疾人", "退役军人", "救助对象"),
    ),
    "教育": Theme(
        ("中小学教师培训", "学生营养餐补助", "职业教育实训基地建设", "高校学科建设", "校园安全保障",
         "学前教育普惠发展", "教育信息化"),
        ("组织中小学教师参加专业培训", "为学生提供营养午餐补助", "建设职业教育实训基地",
         "支持高校一流学科建设", "更新校园安防设施"),
        ("提升教育教学质量", "促进教育公平", "增强学生实践能力", "保障师生安全"),
        ("培训教师人数", "受益学生", "实训工位", "学科评估", "校园安全事故", "课程开发"),
        ("学生", "家长", "教师", "学校"),
    ),
    "环境": Theme(
        ("生活垃圾分类推进", "河道综合整治", "大气污染防治监测", "绿化养护", "城市公园维护",
         "土壤污染防治", "黑臭水体治理", "湿垃圾资源化利用"),
        ("推进生活垃圾分类减量和资源化利用", "开展河道综合整治和水质监测", "运行大气污染防治监测站点",
         "做好公园绿地日常养护", "建设湿垃圾资源化利用设施"),
        ("改善城市生态环境质量", "打造人民城市生态样板", "减少污染物排放", "提升市容环境"),
        ("垃圾分类达标", "河道水质达标", "空气质量监测", "绿地养护面积", "湿垃圾处理量", "PM2.5浓度",
         "污染物排放"),
        ("市民", "周边居民", "游客", "公园游客"),
    ),
    "文化": Theme(
        ("公共文化服务配送", "非物质文化遗产保护", "图书馆数字化", "博物馆展陈更新", "全民健身赛事",
         "文旅融合发展", "历史风貌保护"),
        ("开展公共文化服务配送", "保护和传承非物质文化遗产", "推进图书馆数字化和古籍保护",
         "更新博物馆常设展陈", "举办全民健身赛事活动"),
        ("满足市民精神文化需求", "提升城市文化软实力", "促进文旅消费", "增强市民体质"),
        ("文化配送场次", "非遗传承人", "数字化藏书", "展陈更新面积", "赛事参与人次", "观众人次"),
        ("市民", "观众", "读者", "参赛者"),
    ),
    "城市安全": Theme(
        ("道路养护维修", "交通信号系统维护", "应急物资储备", "消防设施维护", "防汛排涝", "地下空间安全检查",
         "燃气安全监管", "老旧小区改造"),
        ("开展道路日常养护和大中修", "维护交通信号控制系统", "储备应急救灾物资", "维护消防设施设备",
         "做好汛期防汛排涝工作", "开展燃气安全隐患排查"),
        ("保障城市运行安全", "提升道路通行效率", "防范化解重大安全风险", "减少安全事故"),
        ("道路养护里程", "信号设备完好", "应急物资储备", "消防设施完好", "排涝泵站运行", "隐患排查",
         "安全事故"),
        ("市民", "驾驶员", "居民", "企业"),
    ),
    "经济": Theme(
        ("中小企业服务", "外贸发展专项", "商圈消费促进", "知识产权保护", "市场监管执法", "招商引资服务",
         "营商环境优化", "金融风险监测"),
        ("为中小企业提供政策咨询和融资服务", "支持外贸企业开拓国际市场", "举办商圈消费促进活动",
         "开展知识产权保护和维权援助", "开展市场监管执法检查", "建设金融风险监测预警平台"),
        ("优化营商环境", "激发市场主体活力", "促进消费增长", "保护企业合法权益"),
        ("服务企业", "促消费活动场次", "专利侵权纠纷处理", "执法检查", "融资对接", "风险预警"),
        ("企业", "市场主体", "消费者", "外贸企业"),
    ),
    "卫生": Theme(
        ("社区卫生服务", "公共卫生应急", "疾病预防控制", "医疗保障经办", "中医药传承发展", "院前急救",
         "食品药品抽检"),
        ("开展社区卫生和家庭医生签约服务", "储备公共卫生应急物资", "开展重点传染病监测",
         "做好医疗保障经办服务", "开展食品药品抽样检验"),
        ("保障人民群众生命健康", "提升公共卫生服务能力", "降低疾病负担", "守护食品药品安全"),
        ("家庭医生签约", "疫苗接种", "急救反应时间", "抽检批次", "医保结算", "传染病报告"),
        ("患者", "居民", "参保人员", "就诊者"),
    ),
    "农业": Theme(
        ("高标准农田建设", "农产品质量安全监管", "乡村振兴示范村建设", "农业科技推广", "粮食储备管理",
         "渔业资源保护"),
        ("建设高标准农田", "开展农产品质量安全抽检", "推进乡村振兴示范村建设", "推广绿色农业技术",
         "做好地方粮食储备轮换"),
        ("保障粮食安全", "促进农民增收", "改善农村人居环境", "提升农业综合生产能力"),
        ("农田建设面积", "农产品抽检", "示范村", "技术推广面积", "粮食储备", "增殖放流"),
        ("农户", "村民", "农业经营主体"),
    ),
    "群团": Theme(
        ("职工服务", "青少年发展", "妇女儿童权益保障", "红十字救护培训", "科普活动", "志愿服务"),
        ("开展职工普惠服务和帮困送温暖", "组织青少年社会实践活动", "开展妇女儿童权益保障服务",
         "开展红十字应急救护培训", "举办全国科普日活动"),
        ("增强群众获得感", "服务青少年成长", "提升全民科学素质", "弘扬志愿精神"),
        ("服务职工人次", "活动场次", "救护培训人数", "志愿者", "科普受众"),
        ("职工", "青少年", "妇女", "参训人员"),
    ),
}

QUALITATIVE = ("全年正常运营", "正常", "按时", "合格", "持续提升", "有效保障", "明显改善", "达到预期")


def _dept_themes(rng: random.Random) -> dict[str, tuple[str, ...]]:
    names = sorted(THEMES)
    out = {}
    for dept in DEPARTMENTS:
        picks = rng.sample(names, rng.randint(2, 3))
        out[dept] = tuple(["后勤"] + [p for p in picks if p != "后勤"]) if rng.random() < 0.5 else tuple(picks)
    return out


def _money(cents: int) -> str:
    return f"{Decimal(cents) / 100:,.2f}"


def _amount(rng: random.Random) -> int:
    """Annual request in cents: log-uniform from ten thousand to a few hundred million yuan."""
    yuan = int(10 ** rng.uniform(4, 8.7))
    step = rng.choice((1, 100, 100, 1000, 10000))
    return max(step, yuan // step * step) * 100


def _indicator(rng: random.Random, theme: Theme, level1: str, level2: str) -> tuple[str, str, str]:
    thing = rng.choice(theme.things)
    if level1 == "满意度指标":
        return f"{rng.choice(theme.people)}满意度", f"≥{rng.choice((85, 90, 95))}.00", "%"
    if level2 == "数量指标":
        return f"{thing}数", f"≥{rng.randint(1, 5000)}", rng.choice(("人", "次", "个", "场", "批次", "家"))
    if level2 == "质量指标":
        return f"{thing}合格率", rng.choice(("=100.00", "≥95.00", "≥98", "≤3.00")), "%"
    if level2 == "时效指标":
        return f"{thing}完成及时性", rng.choice(("=100", "≥95.00", "≤24.00")), rng.choice(("%", "%", "小时"))
    if level1 == "成本指标" or level2 == "成本指标":
        return f"{thing}成本控制", f"≤{rng.randint(10, 900)}.00", "万元"
    if rng.random() < 0.5:
        return f"{thing}{rng.choice(('情况', '效果', '水平'))}", rng.choice(QUALITATIVE), ""
    return f"{thing}{rng.choice(('覆盖率', '达标率', '提升率'))}", f"≥{rng.randint(60, 100)}", "%"


def _levels(rng: random.Random, count: int) -> list[tuple[str, str]]:
    rows = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
            ("满意度指标", "服务对象满意度指标")]
    pool = [(l1, l2) for l1, l2s in LEVELS.items() for l2 in l2s]
    while len(rows) < count:
        rows.append(rng.choice(pool))
    order = list(LEVELS)
    rows.sort(key=lambda r: (order.index(r[0]), LEVELS[r[0]].index(r[1])))
    return rows


def _yaml_text(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def declaration(i: int, rng: random.Random, dept_themes: dict[str, tuple[str, ...]]) -> tuple[str, str]:
    """The i-th declaration as (file name, file text)."""
    dept = DEPARTMENTS[int(len(DEPARTMENTS) * rng.random() ** 1.6)]  # some departments file more
    theme_name = rng.choice(dept_themes[dept])
    theme = THEMES[theme_name]
    year = rng.choices((2023, 2024, 2025), weights=(15, 60, 25))[0]
    subject = rng.choice(theme.subjects)
    title = f"{rng.choice(PLACES)}{subject}{rng.choice(SUFFIXES)}"
    if rng.random() < 0.1:
        title = f"{year}年度{title}"
    nature = rng.choice(NATURES)
    category = "其他人员类" if "保障金" in subject else rng.choice(CATEGORIES)
    unit = dept + rng.choice(UNIT_SUFFIXES) if not dept.endswith(("中心", "办公室")) else dept
    multi_year = nature != "其他经常性项目" and rng.random() < 0.6

    requested = _amount(rng)
    carry = requested * rng.choice((0, 0, 0, 5, 10, 20)) // 100 // 100 * 100
    other = (requested - carry) * rng.choice((0, 0, 0, 0, 10)) // 100 // 100 * 100
    appropriation = requested - carry - other
    funds = [("requested", requested), ("appropriation", appropriation), ("carryover", carry), ("other", other)]
    if multi_year:
        total = requested * rng.randint(2, 5)
        fiscal = total - (total * rng.choice((0, 0, 10)) // 100 // 100 * 100)
        funds += [("project_total", total), ("project_fiscal", fiscal), ("project_other", total - fiscal)]
    start = f"{year}-01-01"
    end = f"{year + (rng.randint(1, 3) if multi_year else 0)}-12-31"

    clauses = []
    aims = rng.sample(theme.aims, rng.randint(1, 3))
    for aim in aims:
        effect = rng.choice(theme.effects)
        extra = rng.choice(("", f"，完成{rng.randint(2, 40)}项重点任务", f"，覆盖{rng.randint(3, 16)}个区",
                            f"，服务{rng.randint(100, 90000)}人次"))
        clauses.append(f"{aim}{extra}，{effect}。")
    goal = clauses[0] if len(clauses) == 1 else "\n".join(f"{k + 1}.{c}" for k, c in enumerate(clauses))

    rows = []
    seen = set()
    for level1, level2 in _levels(rng, rng.randint(4, 12)):
        name, target, unit_ = _indicator(rng, theme, level1, level2)
        if name in seen:
            name = f"{name}（{len(seen) + 1}）"
        seen.add(name)
        u = f", unit: {_yaml_text(unit_)}" if unit_ else ""
        rows.append(f"  - {{level1: {level1}, level2: {level2}, name: {_yaml_text(name)}, "
                    f"target: {_yaml_text(target)}{u}}}")

    ident = f"{year}-p{i:06d}"
    lines = [
        "---",
        f"id: {ident}",
        f"title: {_yaml_text(title)}",
        f"year: {year}",
        f"department: {dept}",
        f"implementing_unit: {unit}",
        f"nature: {nature}",
        f"category: {category}",
        f"start_date: {start}",
        f"end_date: {end}",
        "funds:",
        *[f"  {k}: \"{_money(v)}\"" for k, v in funds],
        "goal: |-",
        *[f"  {line}" for line in goal.split("\n")],
        "indicators:",
        *rows,
        "---",
    ]
    if rng.random() < 0.3:
        lines.append(f"本申报表摘自《{dept}{year}年度项目绩效目标汇总表》。")
    return f"{ident}.md", "\n".join(lines) + "\n"


def declarations(n: int, seed: int = 2024):
    """Yield (file name, text) for n declarations; deterministic for a given seed."""
    rng = random.Random(seed)
    dept_themes = _dept_themes(rng)
    for i in range(n):
        yield declaration(i, rng, dept_themes)


def generate(n: int, dest: Path, seed: int = 2024, title: str | None = None) -> Path:
    """Write a whole site folder (sitegen.yaml + content/) into dest; returns dest."""
    content = dest / "content"
    content.mkdir(parents=True, exist_ok=True)
    (dest / "sitegen.yaml").write_text(
        f"title: {title or f'生成的 {n} 个项目绩效目标'}\ndescription: 基准测试用的生成数据。\n", "utf-8")
    for name, text in declarations(n, seed):
        (content / name).write_text(text, "utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of declarations")
    parser.add_argument("dest", type=Path, help="site folder to write (content/ and sitegen.yaml)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    if (args.dest / "content").exists() and any((args.dest / "content").iterdir()):
        parser.error(f"{args.dest / 'content'} is not empty")
    generate(args.n, args.dest, args.seed)
    print(f"wrote {args.n} declarations into {args.dest / 'content'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
