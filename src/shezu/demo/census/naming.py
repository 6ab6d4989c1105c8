"""Names of the demo organizations, unique by construction, and the noise departments add.

A name is a region prefix plus a core (`昆明市` + `钢琴协会`). Cores are decoded
from an organization's serial through a bijection, so two organizations never
share a name unless a hard negative asks for it.
"""

import math
import random
from dataclasses import dataclass

from shezu.demo.census.places import chinese_number


@dataclass(frozen=True, slots=True)
class Name:
    prefix: str  # 昆明市 / 五华区 / 昆明市五华区 / 云南 / 昆明 / 金星社区 / ""
    core: str
    kind: str  # city | county | county_full | province | kunming | community | plain

    @property
    def full(self) -> str:
        return self.prefix + self.core


# ------------------------------------------------------------ bijections


def _coprime_multiplier(space: int) -> int:
    a = max(1, int(space * 0.618)) | 1
    while math.gcd(a, space) != 1:
        a += 2
    return a


def scatter(serial: int, block: int, salt: int) -> int:
    """A bijection of the naturals that shuffles each block of `block` numbers."""
    number, rest = divmod(serial, block)
    a = _coprime_multiplier(block)
    return number * block + (rest * a + salt) % block


_BRAND_FIRST = "博启育新金阳童春明华智英恒仁康福安乐爱德嘉彩星睿东云滇圣天宏鸿正信诚瑞祥泰和美翰"
_BRAND_SECOND = "雅明才星光晨苗心华德信达泰和安康乐源诚正欣悦鑫峰桥林博远航志睿思慧阳晖宇成辉恒邦"
_BRAND_THIRD = "园苑堂轩阁坊景"
BRANDS: tuple[str, ...] = tuple(a + b for a in _BRAND_FIRST for b in _BRAND_SECOND if a != b)


def brand(index: int) -> str:
    """The index-th trade name (字号): two characters first, three once those run out."""
    if index < len(BRANDS):
        return BRANDS[index]
    rest = index - len(BRANDS)
    base, third = divmod(rest, len(_BRAND_THIRD))
    return brand(base) + _BRAND_THIRD[third]


def ordinal_qualifier(round_: int) -> str:
    """Round 0 → '', 1 → 第二, 2 → 第三 … (a second school of the same trade name)."""
    return "" if round_ == 0 else f"第{chinese_number(round_ + 1)}"


# ------------------------------------------------------------ social groups

# (topic, field, suffixes). Topics of the hard negatives (书法家, 摄影家, 摄影, 浙江 …) are
# deliberately absent so that generated names never collide with them.
_GROUP_TOPICS: tuple[tuple[str, str, str], ...] = (
    (
        "建筑业 房地产业 物流 汽车维修 花卉 茶叶 珠宝玉石 中药材 美容美发 家具 酒店 旅游 电子商务 "
        "软件 物业管理 建筑装饰 保险 典当 石材 蔬菜 咖啡 印刷 广告 会展 再生资源 五金 建材 "
        "眼镜 服装 "
        "婚庆 烘焙 医药 农资 融资担保 小额贷款 汽车经销 家电 通信 出租汽车 驾驶培训 人力资源服务 "
        "家庭服务业 快递 粮食 乳业 肉类 水产 园林绿化 监理 造价 勘察设计 混凝土 钢材 木材",
        "行业协会商会",
        "行业协会 协会 商会",
    ),
    (
        "湖南 四川 重庆 福建 广东 江西 湖北 河南 山东 江苏 安徽 贵州 广西 温州 莆田 潮汕 泉州 台州 "
        "宁波 陕西 山西 河北 东北 上海 北京 天津 甘肃 内蒙古 新疆 海南 台湾 香港 义乌 晋江 福清",
        "行业协会商会",
        "商会 同乡会",
    ),
    (
        "计算机 心理 营养 气象 地震 园艺 植物保护 机械工程 电子 土木建筑 环境科学 中医药 护理 药学 "
        "预防医学 数学 物理 化学 地理 历史 城市规划 水利 农学 林学 统计 金属 铸造 测绘 航空 昆虫 "
        "动物 生态 遗传 标准化 质量管理 消防 安全生产 知识产权 科普 发明 青少年科技",
        "科技类",
        "学会 研究会 协会",
    ),
    (
        "钢琴 音乐家 舞蹈家 美术家 戏剧家 曲艺家 民间文艺家 作家 围棋 象棋 桥牌 足球 篮球 乒乓球 "
        "羽毛球 网球 游泳 登山 太极拳 武术 龙舟 门球 健身气功 自行车 钓鱼 集邮 收藏家 花鸟 诗词 "
        "楹联 滇剧 花灯 京剧 老年书画 合唱 民族文化 茶文化 古琴 剪纸 陶艺 读书",
        "文化体育",
        "协会 学会 研究会",
    ),
    (
        "志愿者 青少年发展 助学 扶贫 老区建设 关心下一代 见义勇为 慈善 助残 禁毒 环境保护 "
        "爱心 红丝带 孤残儿童关爱",
        "公益慈善类",
        "协会 促进会 联合会",
    ),
    ("老年人 社区服务 家庭教育 婚姻家庭 物业 邻里互助 居家养老", "城乡社区服务类", "协会 研究会"),
    (
        "退休教师 老干部 知青 黄埔同学 企业文化 校友 市场营销 职业经理人 信息化 品牌",
        "其他",
        "协会 联谊会 研究会",
    ),
)
GROUP_PAIRS: tuple[tuple[str, str, str], ...] = tuple(
    (topic, suffix, field)
    for topics, field, suffixes in _GROUP_TOPICS
    for topic in topics.split()
    for suffix in suffixes.split()
    if not (suffix == "商会" and field != "行业协会商会")
)
_GROUP_QUALIFIERS = ("青少年", "老年", "女子", "职工", "大学生", "民族", "农村", "青年", "退休")
# Former names use suffixes the generator never uses, so they never meet a current name.
FORMER_GROUP_SUFFIX = {
    "协会": "爱好者协会",
    "学会": "研究社",
    "研究会": "研究社",
    "行业协会": "同业公会",
    "商会": "商贸联谊会",
    "同乡会": "联谊总会",
    "促进会": "促进社",
    "联合会": "联合社",
    "联谊会": "联谊社",
}


def group_core(serial: int, salt: int) -> tuple[str, str, str]:
    """(core, suffix, field) of the serial-th social group of a region."""
    index = scatter(serial, len(GROUP_PAIRS), salt)
    round_, pair = divmod(index, len(GROUP_PAIRS))
    topic, suffix, field = GROUP_PAIRS[pair]
    if round_:
        n = len(_GROUP_QUALIFIERS)
        qualifier = _GROUP_QUALIFIERS[(round_ - 1) % n]
        if round_ > n:
            qualifier = ordinal_qualifier((round_ - 1) // n) + qualifier
        topic = qualifier + topic
    return topic + suffix, suffix, field


# ------------------------------------------------------------ social service units (民非)

# (type, field, former type)
UNIT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("幼儿园", "民办学校", "托儿所"),
    ("培训学校", "民办学校", "培训中心"),
    ("职业技能培训学校", "民办学校", "职业培训中心"),
    ("艺术培训学校", "民办学校", "艺术培训部"),
    ("外语培训学校", "民办学校", "外语培训部"),
    ("小学", "民办学校", "学堂"),
    ("中学", "民办学校", "中学部"),
    ("养老院", "养老服务", "敬老所"),
    ("老年公寓", "养老服务", "托老所"),
    ("居家养老服务中心", "养老服务", "居家养老服务站"),
    ("医院", "民办医疗机构", "门诊所"),
    ("中医医院", "民办医疗机构", "中医门诊所"),
    ("口腔门诊部", "民办医疗机构", "牙科诊所"),
    ("康复中心", "民办医疗机构", "康复站"),
    ("社会工作服务中心", "城乡社区服务类", "社工服务站"),
    ("社区服务中心", "城乡社区服务类", "社区服务站"),
    ("公益服务中心", "公益慈善类", "公益服务站"),
    ("志愿服务中心", "公益慈善类", "志愿服务站"),
    ("研究所", "科技类", "研究室"),
    ("科技服务中心", "科技类", "科技服务部"),
    ("人才交流中心", "人力资源与中介", "人才服务部"),
    ("职业介绍所", "人力资源与中介", "职业介绍站"),
    ("体育俱乐部", "文化体育", "体育活动站"),
    ("艺术团", "文化体育", "文艺队"),
    ("图书馆", "文化体育", "阅览室"),
)


def unit_core(serial: int, salt: int) -> tuple[str, str, str]:
    """(core, field, former core) of the serial-th 民非 of a region."""
    block = len(UNIT_TYPES) * len(BRANDS)
    index = scatter(serial, block, salt)
    brand_index, type_index = divmod(index, len(UNIT_TYPES))
    kind, field, former = UNIT_TYPES[type_index]
    trade = brand(brand_index)
    return trade + kind, field, trade + former


# ------------------------------------------------------------ firms and intermediaries

FIRM_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "LS": (
        ("云南", "律师事务所"),
        ("昆明", "律师事务所"),
        ("北京", "（昆明）律师事务所"),
        ("云南", "律师事务所"),
        ("上海", "（昆明）律师事务所"),
    ),
    "JD": (("云南", "司法鉴定中心"), ("昆明", "司法鉴定所"), ("云南", "法医司法鉴定所")),
    "KJ": (
        ("云南", "会计师事务所有限公司"),
        ("云南", "会计师事务所（特殊普通合伙）"),
        ("昆明", "会计师事务所有限公司"),
        ("昆明", "会计师事务所（普通合伙）"),
        ("云南", "会计师事务所有限责任公司"),
    ),
    "PG": (
        ("云南", "资产评估有限公司"),
        ("云南", "资产评估事务所"),
        ("昆明", "资产评估有限责任公司"),
        ("云南", "房地产土地资产评估有限公司"),
    ),
    "SW": (
        ("云南", "税务师事务所有限公司"),
        ("昆明", "税务师事务所有限责任公司"),
        ("云南", "税务师事务所（普通合伙）"),
    ),
    "PX": (
        ("昆明", "教育信息咨询有限公司"),
        ("昆明", "培训学校有限公司"),
        ("云南", "教育科技有限公司"),
        ("昆明", "文化艺术培训有限公司"),
    ),
    "GZ": (("昆明市", "公证处"),),
    "JJ": (
        ("昆明市", "教育基金会"),
        ("昆明市", "慈善基金会"),
        ("昆明市", "公益基金会"),
        ("昆明市", "助学基金会"),
        ("昆明市", "青少年发展基金会"),
    ),
}


def firm_name(category: str, serial: int, salt: int) -> Name:
    """Name of the serial-th firm (or foundation, notary office) of a category."""
    patterns = FIRM_PATTERNS[category]
    block = len(patterns) * len(BRANDS)
    brand_index, pattern_index = divmod(scatter(serial, block, salt), len(patterns))
    prefix, suffix = patterns[pattern_index]
    # A pattern listed twice is chosen twice as often; its two slots take alternate brands.
    copies = patterns.count((prefix, suffix))
    brand_index = brand_index * copies + patterns[:pattern_index].count((prefix, suffix))
    kind = {"云南": "province", "昆明": "kunming", "昆明市": "city"}.get(prefix, "plain")
    return Name(prefix, brand(brand_index) + suffix, kind)


# ------------------------------------------------------------ community groups

COMMUNITY_GROUP_TYPES: tuple[tuple[str, str], ...] = (
    ("老年人协会", "文体娱乐类"),
    ("舞蹈队", "文体娱乐类"),
    ("志愿服务队", "公益慈善类"),
    ("书画协会", "文体娱乐类"),
    ("合唱团", "文体娱乐类"),
    ("太极拳队", "文体娱乐类"),
    ("花灯队", "文体娱乐类"),
    ("腰鼓队", "文体娱乐类"),
    ("读书会", "文体娱乐类"),
    ("巾帼志愿者协会", "公益慈善类"),
    ("广场舞队", "文体娱乐类"),
    ("民族文艺队", "文体娱乐类"),
    ("健身队", "文体娱乐类"),
    ("棋牌协会", "文体娱乐类"),
    ("互助会", "生活服务类"),
    ("居家养老互助会", "生活服务类"),
    ("青少年活动中心", "文体娱乐类"),
    ("平安志愿者队", "社区事务类"),
    ("环保志愿者协会", "公益慈善类"),
    ("老年大学分校", "文体娱乐类"),
    ("调解志愿队", "社区事务类"),
    ("文艺队", "文体娱乐类"),
    ("禁毒志愿者协会", "社区事务类"),
    ("妇女之家", "生活服务类"),
)
COMMUNITY_GROUP_FIELD = {
    "文体娱乐类": "文化体育",
    "公益慈善类": "公益慈善类",
    "生活服务类": "城乡社区服务类",
    "社区事务类": "城乡社区服务类",
}
SAME_NAME_GROUP = "老年协会"  # used only by the identically named hard negatives
_COMMUNITY_QUALIFIERS = ("夕阳红", "金色年华", "快乐", "幸福", "和谐", "七彩", "银龄", "阳光")


def community_group(serial: int, salt: int, n_communities: int) -> tuple[int, str, str]:
    """(community index, group name without community, category) of the serial-th filed group."""
    block = n_communities * len(COMMUNITY_GROUP_TYPES)
    index = scatter(serial, block, salt)
    round_, rest = divmod(index, block)
    community, type_index = divmod(rest, len(COMMUNITY_GROUP_TYPES))
    kind, category = COMMUNITY_GROUP_TYPES[type_index]
    if round_:
        n = len(_COMMUNITY_QUALIFIERS)
        kind = ordinal_qualifier((round_ - 1) // n) + _COMMUNITY_QUALIFIERS[(round_ - 1) % n] + kind
    return community, kind, category


# ------------------------------------------------------------ noise

# What a pinyin input method puts in place of a character: another with the same syllable
# (tones aside). Region names are typed as often as the rest (五华区 → 五化区, 嵩明 → 松明).
HOMOPHONES = {
    "明": "名",
    "务": "物",
    "法": "发",
    "协": "携",
    "会": "汇",
    "园": "圆",
    "艺": "忆",
    "培": "陪",
    "育": "玉",
    "健": "建",
    "联": "连",
    "志": "智",
    "计": "记",
    "理": "里",
    "影": "映",
    "科": "珂",
    "康": "慷",
    "华": "化",
    "校": "效",
    "院": "苑",
    "学": "雪",
    "龙": "隆",
    "渡": "度",
    "贡": "供",
    "晋": "进",
    "嵩": "松",
    "良": "粮",
    "富": "付",
    "甸": "店",
    "劝": "券",
    "宁": "凝",
    "川": "穿",
    "社": "设",
    "蹈": "导",
    "鼓": "古",
    "唱": "畅",
    "老": "劳",
    "队": "对",
    "商": "尚",
    "业": "叶",
    "研": "岩",
    "究": "久",
    "服": "福",
}
# Characters that look alike (形近字): a slip of the eye when copying from paper.
NEAR_SHAPES = {
    "己": "已",
    "未": "末",
    "士": "土",
    "天": "夭",
    "人": "入",
    "太": "大",
    "王": "玉",
    "候": "侯",
    "治": "冶",
    "历": "厉",
    "茶": "荼",
    "师": "帅",
    "设": "没",
    "体": "休",
    "书": "韦",
    "园": "圆",
    "鸣": "呜",
    "析": "折",
    "拔": "拨",
    "辨": "辩",
    "暑": "署",
    "日": "曰",
    "农": "衣",
    "乐": "东",
}
ABBREVIATIONS = {
    "昆明市个体私营企业协会": "昆明市个私协会",
    "昆明市青年企业家协会": "昆明市青企协",
    "昆明市老年体育协会": "昆明市老体协",
    "昆明市注册会计师协会": "昆明市注协",
    "昆明市书法家协会": "昆明市书协",
    "昆明市工商业联合会商会": "昆明市工商联商会",
}


def homophone_typo(text: str, rng: random.Random) -> str:
    """One character replaced by a homophone (昆明 → 昆名, 学校 → 学效, 五华区 → 五化区)."""
    return _replace_one(text, rng, HOMOPHONES)


def near_shape_typo(text: str, rng: random.Random) -> str:
    """One character replaced by one that looks like it (体育 → 休育, 未来 → 末来)."""
    return _replace_one(text, rng, NEAR_SHAPES)


def _replace_one(text: str, rng: random.Random, table: dict[str, str]) -> str:
    positions = [i for i, c in enumerate(text) if c in table]
    if not positions:
        return text
    i = rng.choice(positions)
    return text[:i] + table[text[i]] + text[i + 1 :]


def swap_bracket_width(text: str) -> str:
    if "（" in text or "）" in text:
        return text.replace("（", "(").replace("）", ")")
    return text.replace("(", "（").replace(")", "）")


def swap_company_form(text: str) -> str:
    if text.endswith("有限责任公司"):
        return text[: -len("有限责任公司")] + "有限公司"
    if text.endswith("有限公司"):
        return text[: -len("有限公司")] + "有限责任公司"
    return text


def prefix_variant(name: Name, rng: random.Random, county_name: str) -> str:
    """The same organization with a different region prefix (or none)."""
    core = name.core
    if name.kind == "city":  # 昆明市X
        return rng.choice((core, core, "云南省昆明市" + core, "昆明" + core))
    if name.kind == "county":  # 五华区X
        return "昆明市" + name.full
    if name.kind == "county_full":  # 昆明市五华区X
        return rng.choice((county_name + core, county_name + core, core))
    if name.kind == "province":  # 云南X
        return rng.choice(("云南省" + core, core))
    if name.kind == "kunming":  # 昆明X
        return "昆明市" + core
    return name.full
