"""Organization names (社会组织名称), legal-form types (类型) and levels (层级)."""

import pytest

from shezu.census.normalise.names import (
    CATEGORIES,
    ORG_SUFFIXES,
    OrgName,
    infer_category,
    infer_level,
    normalise_name,
)

# ---------------------------------------------------------------------------
# normalise_name: canonical display form


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("昆明市 摄影家协会", "昆明市摄影家协会"),
        ("昆明市\u3000摄影家协会\n", "昆明市摄影家协会"),
        ("ＸＹ协会", "XY协会"),
        ("北京大成(昆明)律师事务所", "北京大成（昆明）律师事务所"),
        ("北京大成[昆明]律师事务所", "北京大成（昆明）律师事务所"),
        ("北京大成【昆明】律师事务所", "北京大成（昆明）律师事务所"),
        ("北京大成〔昆明〕律师事务所", "北京大成（昆明）律师事务所"),
        ("北京大成（昆明）律师事务所", "北京大成（昆明）律师事务所"),
        ("昆明XX有限责任公司", "昆明XX有限责任公司"),  # kept as written
        ("昆明市XX协会。", "昆明市XX协会"),
        ("昆明市XX协会、", "昆明市XX协会"),
    ],
)
def test_canonical_name(raw: str, name: str) -> None:
    assert normalise_name(raw).name == name


@pytest.mark.parametrize(
    "raw",
    [
        "昆明市XX协会（筹）",
        "昆明市XX协会(筹)",
        "昆明市XX协会（筹备）",
        "昆明市XX协会(筹备组)",
        "昆明市XX协会【筹】",
        "昆明市XX协会筹备组",
        "昆明市XX协会 （筹）",
    ],
)
def test_in_preparation(raw: str) -> None:
    found = normalise_name(raw)
    assert found.in_preparation
    assert found.name == "昆明市XX协会"
    assert found.core == "XX"


def test_not_in_preparation() -> None:
    assert not normalise_name("昆明市XX协会").in_preparation
    assert not normalise_name("昆明市筹款协会").in_preparation


# ---------------------------------------------------------------------------
# normalise_name: core, region and suffix


def test_full_example() -> None:
    assert normalise_name("云南省昆明市五华区书法家协会") == OrgName(
        name="云南省昆明市五华区书法家协会",
        core="书法家",
        region_code="530102",
        suffix="协会",
        in_preparation=False,
    )


def test_photographers_and_photography_stay_different() -> None:
    a = normalise_name("昆明市摄影家协会")
    b = normalise_name("昆明市摄影协会")
    assert (a.core, b.core) == ("摄影家", "摄影")
    assert a.core != b.core


def test_same_association_in_two_districts_shares_core_not_region() -> None:
    a = normalise_name("五华区书法家协会")
    b = normalise_name("盘龙区书法家协会")
    city = normalise_name("昆明市书法家协会")
    assert a.core == b.core == city.core == "书法家"
    assert (a.region_code, b.region_code, city.region_code) == ("530102", "530103", "530100")


def test_chamber_and_its_youth_branch_stay_different() -> None:
    chamber = normalise_name("昆明市浙江商会")
    youth = normalise_name("昆明市浙江商会青年企业家分会")
    assert chamber.core == "浙江"
    assert youth.core == "浙江商会青年企业家"  # only the last suffix is removed
    assert chamber.core != youth.core


def test_identically_named_community_groups_keep_the_community() -> None:
    a = normalise_name("五华区篆塘社区老年协会")
    b = normalise_name("五华区翠湖社区老年协会")
    assert (a.core, b.core) == ("篆塘社区老年", "翠湖社区老年")


def test_limited_company_forms_share_the_core() -> None:
    a = normalise_name("昆明XX科技有限公司")
    b = normalise_name("昆明XX科技有限责任公司")
    assert a.core == b.core == "XX科技"
    assert (a.suffix, b.suffix) == ("有限公司", "有限责任公司")
    assert b.name == "昆明XX科技有限责任公司"


@pytest.mark.parametrize(
    ("raw", "core", "suffix"),
    [
        ("云南XX律师事务所（特殊普通合伙）", "XX", "律师事务所"),
        ("云南XX律师事务所(普通合伙)", "XX", "律师事务所"),
        ("云南XX会计师事务所（特殊普通合伙）", "XX", "会计师事务所"),
        ("云南XX会计师事务所有限公司", "XX", "会计师事务所有限公司"),
        ("昆明XX税务师事务所有限责任公司", "XX", "税务师事务所有限责任公司"),
        ("云南XX资产评估有限公司", "XX", "资产评估有限公司"),
        ("昆明XX司法鉴定所", "XX", "司法鉴定所"),
        ("五华区XX基层法律服务所", "XX", "基层法律服务所"),
        ("昆明市XX公证处", "XX", "公证处"),
        ("昆明市XX慈善基金会", "XX慈善", "基金会"),
        ("昆明市XX研究会", "XX", "研究会"),
        ("昆明市XX培训学校", "XX", "培训学校"),
        ("昆明市XX社会工作服务中心", "XX社会工作", "服务中心"),
        ("昆明市XX幼儿园", "XX", "幼儿园"),
        ("寻甸县XX农民专业合作社", "XX", "农民专业合作社"),
        ("昆明XX（集团）有限公司", "XX（集团）", "有限公司"),
        ("北京大成（昆明）律师事务所", "北京大成（昆明）", "律师事务所"),  # bracket inside
        ("XX协会", "XX", "协会"),
        ("XX", "XX", ""),
    ],
)
def test_suffixes(raw: str, core: str, suffix: str) -> None:
    found = normalise_name(raw)
    assert (found.core, found.suffix) == (core, suffix)


def test_suffix_list_is_longest_first() -> None:
    lengths = [len(s) for s in ORG_SUFFIXES]
    assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    ("raw", "core", "region"),
    [
        ("中国云南省昆明市五华区XX协会", "XX", "530102"),
        ("云南省XX协会", "XX", "530000"),
        ("云南XX协会", "XX", "530000"),
        ("昆明市XX协会", "XX", "530100"),
        ("昆明XX协会", "XX", "530100"),
        ("五华XX协会", "XX", "530102"),  # a short name at the very start
        ("安宁市老年协会", "老年", "530181"),
        ("晋宁县老年协会", "老年", "530115"),  # retired county → successor
        ("呈贡县老年协会", "老年", "530114"),
        ("石林彝族自治县XX协会", "XX", "530126"),
        ("高新区XX协会", "XX", "530143"),  # zones keep their own (local) code
        ("昆明高新区XX协会", "XX", "530143"),
        ("昆明国家高新技术产业开发区XX协会", "XX", "530143"),
        ("经开区XX商会", "XX", "530142"),
        ("XX协会", "XX", ""),
        ("中国XX协会", "XX", ""),
    ],
)
def test_region_prefixes(raw: str, core: str, region: str) -> None:
    found = normalise_name(raw)
    assert (found.core, found.region_code) == (core, region)


@pytest.mark.parametrize(
    ("raw", "core", "region"),
    [
        ("安宁疗护协会", "安宁疗护", ""),  # hospice care, not 安宁市
        ("昆明市安宁疗护协会", "安宁疗护", "530100"),  # short names only at the very start
        ("盘龙江XX协会", "盘龙江XX", ""),  # a river
        ("官渡街道XX协会", "官渡街道XX", ""),  # a township, not 官渡区
        ("昆明理工大学校友会", "理工大学", "530100"),
    ],
)
def test_region_prefix_look_alikes(raw: str, core: str, region: str) -> None:
    found = normalise_name(raw)
    assert (found.core, found.region_code) == (core, region)


def test_prefix_and_suffix_only_removed_when_something_is_left() -> None:
    assert normalise_name("昆明市商会") == OrgName("昆明市商会", "昆明市", "530100", "商会", False)
    assert normalise_name("五华区商会").core == "五华区"
    assert normalise_name("协会") == OrgName("协会", "协会", "", "", False)
    assert normalise_name("").core == ""


# ---------------------------------------------------------------------------
# infer_category


@pytest.mark.parametrize(
    ("raw_category", "expected"),
    [
        ("社会团体", "社会团体"),
        ("社团", "社会团体"),
        ("社会团体（行业协会）", "社会团体"),
        ("民非", "民办非企业单位"),
        ("民办非企业", "民办非企业单位"),
        ("民办非企业单位（法人）", "民办非企业单位"),
        ("社会服务机构", "民办非企业单位"),
        ("基金会", "基金会"),
        ("非公募基金会", "基金会"),
        ("律所", "律师事务所"),
        ("律师事务所", "律师事务所"),
        ("法律服务所", "基层法律服务所"),
        ("公证机构", "公证处"),
        ("司法鉴定所", "司法鉴定机构"),
        ("会计师事务所", "会计师事务所"),
        ("资产评估", "资产评估机构"),
        ("税务师事务所", "税务师事务所"),
        ("中介机构", "其他中介组织"),
        ("社区社会组织", "社区社会组织"),
        (" 社 团 ", "社会团体"),
    ],
)
def test_category_from_the_file(raw_category: str, expected: str) -> None:
    # The file's own category wins over the USCC and the name.
    found = infer_category(
        name="昆明XX律师事务所", uscc="52530100MJ0000000X", raw_category=raw_category
    )
    assert found == expected


def test_unknown_file_category_falls_through() -> None:
    assert infer_category(name="XX", uscc="51530100MJ0000000X", raw_category="其他") == "社会团体"


@pytest.mark.parametrize(
    ("uscc", "expected"),
    [
        ("51530100MJ0000000X", "社会团体"),
        ("52530100MJ0000000X", "民办非企业单位"),
        ("53530000MJ0000000X", "基金会"),
        ("31530000MD0000000X", "律师事务所"),
        ("32530000MD0000000X", "公证处"),
        ("33530000MD0000000X", "基层法律服务所"),
        ("34530000MD0000000X", "司法鉴定机构"),
        ("５１５３０１００ＭＪ００００００0Ｘ", "社会团体"),  # full width
        ("51 5301 00MJ0000000x", "社会团体"),  # spaces, lower case
    ],
)
def test_category_from_uscc(uscc: str, expected: str) -> None:
    # The USCC wins over the department and the name.
    assert infer_category(name="XX有限公司", uscc=uscc, department="街道备案") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("云南XX会计师事务所有限公司", "会计师事务所"),
        ("昆明XX税务师事务所有限公司", "税务师事务所"),
        ("云南XX资产评估有限公司", "资产评估机构"),
        ("云南XX房地产估价有限公司", "资产评估机构"),
        ("昆明XX咨询有限公司", "其他中介组织"),
    ],
)
def test_enterprise_uscc_lets_the_name_decide(name: str, expected: str) -> None:
    assert infer_category(name=name, uscc="91530100MA6K00000X") == expected


def test_bad_uscc_is_ignored() -> None:
    assert infer_category(name="昆明市XX协会", uscc="5253010") == "社会团体"
    assert infer_category(name="昆明市XX协会", uscc="52530100MJ000000OX") == "社会团体"  # O


@pytest.mark.parametrize("department", ["街道备案", "备案", "大观街道", "乡镇"])
def test_filed_community_organizations(department: str) -> None:
    assert infer_category(name="篆塘社区老年协会", department=department) == "社区社会组织"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("昆明市XX协会", "社会团体"),
        ("昆明市XX商会", "社会团体"),
        ("昆明市XX研究会", "社会团体"),
        ("昆明市浙江商会青年企业家分会", "社会团体"),
        ("昆明市XX基金会", "基金会"),
        ("昆明市XX培训学校", "民办非企业单位"),
        ("昆明市XX社会工作服务中心", "民办非企业单位"),
        ("昆明市XX养老院", "民办非企业单位"),
        ("昆明市XX医院有限公司", ""),  # a company
        ("云南XX律师事务所（普通合伙）", "律师事务所"),
        ("五华区XX法律服务所", "基层法律服务所"),
        ("昆明市XX公证处", "公证处"),
        ("云南XX司法鉴定中心", "司法鉴定机构"),
        ("云南XX会计师事务所（特殊普通合伙）", "会计师事务所"),
        ("昆明XX协会（筹）", "社会团体"),
        ("XX", ""),
        ("", ""),
    ],
)
def test_category_from_name(name: str, expected: str) -> None:
    assert infer_category(name=name, department="民政") == expected


def test_categories_are_the_domain_list() -> None:
    assert len(CATEGORIES) == 12
    assert "社会服务机构" not in CATEGORIES  # a synonym of 民办非企业单位


# ---------------------------------------------------------------------------
# infer_level


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        ("昆明市民政局", "全市性"),
        ("市司法局", "全市性"),
        ("市民政局", "全市性"),
        ("国家税务总局昆明市税务局", "全市性"),
        ("昆明市住房和城乡建设局", "全市性"),  # 城乡 is not a 乡
        ("五华区民政局", "县级"),
        ("昆明市盘龙区司法局", "县级"),
        ("寻甸县民政局", "县级"),
        ("晋宁县民政局", "县级"),
        ("安宁市民政局", "县级"),  # a county-level city, not 市民政局
        ("高新区社会事务局", "县级"),
        ("国家税务总局昆明市五华区税务局", "县级"),
        ("区民政局", "县级"),
        ("大观街道办事处", "城乡社区"),
        ("五华区大观街道办事处", "城乡社区"),
        ("小街镇人民政府", "城乡社区"),
        ("某某乡人民政府", "城乡社区"),
        ("篆塘社区居委会", "城乡社区"),
        ("云南省民政厅", "省级"),
        ("省司法厅", "省级"),
        ("民政部", ""),
    ],
)
def test_level_from_authority(authority: str, expected: str) -> None:
    assert infer_level(registration_authority=authority) == expected
    # A recognised authority wins over the USCC; an unrecognised one falls through to it.
    with_uscc = infer_level(registration_authority=authority, uscc="51530100MJ0000000X")
    assert with_uscc == (expected or "全市性")


@pytest.mark.parametrize(
    ("uscc", "expected"),
    [
        ("51530100MJ0000000X", "全市性"),
        ("51530102MJ0000000X", "县级"),
        ("52530181MJ0000000X", "县级"),
        ("51530122MJ0000000X", "县级"),  # retired 晋宁县
        ("51530121MJ0000000X", "县级"),  # retired 呈贡县
        ("51530000MJ0000000X", "省级"),
        ("51110000MJ0000000X", ""),  # Beijing
        ("51532301MJ0000000X", ""),  # another prefecture of Yunnan
    ],
)
def test_level_from_uscc(uscc: str, expected: str) -> None:
    assert infer_level(uscc=uscc, department="备案") == (expected or "城乡社区")
    assert infer_level(uscc=uscc) == expected


def test_level_from_department() -> None:
    assert infer_level(department="街道备案", name_region="530100") == "城乡社区"
    assert infer_level(department="民政", name_region="530100") == "全市性"


@pytest.mark.parametrize(
    ("name_region", "expected"),
    [
        ("530100", "全市性"),
        ("530102", "县级"),
        ("530122", "县级"),
        ("530143", "县级"),  # 高新区
        ("530000", "省级"),
        ("昆明市", "全市性"),
        ("五华区", "县级"),
        ("云南省", "省级"),
        ("", ""),
    ],
)
def test_level_from_name_region(name_region: str, expected: str) -> None:
    assert infer_level(name_region=name_region) == expected


def test_level_from_a_normalised_name() -> None:
    region = normalise_name("盘龙区书法家协会").region_code
    assert infer_level(name_region=region) == "县级"
    assert infer_level() == ""


# ---------------------------------------------------------------------------
# normalise_name: one mistyped character (pinyin input, 形近字)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("昆明市官度区天成康复中心", "昆明市官渡区天成康复中心"),  # 渡 → 度 in the district
        ("昆名市西山区睿阳志愿服务中心", "昆明市西山区睿阳志愿服务中心"),  # 明 → 名 in the city
        ("盘隆区美欣中学", "盘龙区美欣中学"),
        ("昆明市五华区春晖岩究所", "昆明市五华区春晖研究所"),  # 研 → 岩 in the suffix
        ("昆明市钢琴携会", "昆明市钢琴协会"),
        ("云南省春林会计帅事务所有限公司", "云南春林会计师事务所有限公司"),  # 师 → 帅 looks alike
        ("昆明市和峰汇计师事务所（普通合伙）", "昆明和峰会计师事务所（普通合伙）"),
        ("禄劝彝族苗族自冶县撒营盘法律服务所", "禄劝彝族苗族自治县撒营盘法律服务所"),
    ],
)
def test_a_mistyped_region_or_suffix_leaves_the_core_and_region_intact(
    typed: str, meant: str
) -> None:
    got, want = normalise_name(typed), normalise_name(meant)

    assert (got.core, got.region_code, got.suffix) == (want.core, want.region_code, want.suffix)
    assert got.name == typed.replace(" ", "")  # the name itself is shown as written


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("昆明市计算机学会", "昆明市计算机协会"),  # two suffixes, two organizations
        ("五华区书法家协会", "盘龙区书法家协会"),
        ("武华山茶协会", "五华区山茶协会"),  # 武华 is no district without its 区
    ],
)
def test_a_different_suffix_or_region_is_not_taken_for_a_typo(a: str, b: str) -> None:
    x, y = normalise_name(a), normalise_name(b)

    assert (x.suffix, x.region_code) != (y.suffix, y.region_code)
