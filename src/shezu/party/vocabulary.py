"""The words of Party-organization work, as counties write them in their templates and as
the system stores them: each choice's value is English, its label the Chinese on the
template, and `…_SYNONYMS` the other spellings a county's file may hold."""

from __future__ import annotations

from django.db import models


class PartyOrgKind(models.TextChoices):
    """党组织类别 (domain §1.1): a branch needs 3 full members, a general branch about 50,
    a basic-level committee about 100."""

    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"


BRANCH_KINDS = (PartyOrgKind.BRANCH, PartyOrgKind.JOINT_BRANCH)


class EstablishmentMode(models.TextChoices):
    """组建方式: a Party organization of the social organization's own, or shared."""

    SINGLE = "single", "单独组建"
    JOINT = "joint", "联合组建"


class MemberCategory(models.TextChoices):
    """人员类别: only full members (正式党员) count towards the three a branch needs."""

    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class SecretaryChannel(models.TextChoices):
    """来源: where a secretary came from (书记来源的三个渠道 and the superior's choice)."""

    ORG_HEAD = "org_head", "社会组织负责人"
    ORG_MANAGER = "org_manager", "社会组织管理层"
    RETIRED_CADRE = "retired_cadre", "退休干部"
    NON_SERVING_CADRE = "non_serving_cadre", "不担任现职的党政领导干部"
    PUBLIC_RECRUITMENT = "public_recruitment", "公开招聘"
    DISPATCHED = "dispatched", "上级选派"


# A first secretary "selected" for the monthly figures (issue 11): from these channels.
CADRE_CHANNELS = (SecretaryChannel.RETIRED_CADRE, SecretaryChannel.NON_SERVING_CADRE)


class SecretaryTitle(models.TextChoices):
    SECRETARY = "secretary", "书记"
    FIRST_SECRETARY = "first_secretary", "第一书记"


class ActivityKind(models.TextChoices):
    """活动类型: the meetings and activities of organizational life (domain §1.3)."""

    MEMBERS_MEETING = "members_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支部委员会"
    GROUP_MEETING = "group_meeting", "党小组会"
    LECTURE = "lecture", "党课"
    LIFE_MEETING = "life_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"
    SPIRIT_ANALYSIS = "spirit_analysis", "党性分析"
    THEME_DAY = "theme_day", "主题党日"
    THEMED_PRACTICE = "themed_practice", "主题实践活动"
    EDUCATION = "education", "集中教育"
    HEART_TALK = "heart_talk", "谈心谈话"


# Other spellings seen in counties' files, by the label they mean.
SYNONYMS: dict[str, str] = {
    "党支部委员会": "党支部",
    "支部": "党支部",
    "联合支部": "联合党支部",
    "联合党支部委员会": "联合党支部",
    "党总支部": "党总支",
    "总支": "党总支",
    "党总支部委员会": "党总支",
    "基层党委": "党委",
    "党委员会": "党委",
    "单独": "单独组建",
    "单建": "单独组建",
    "独立组建": "单独组建",
    "联合": "联合组建",
    "联建": "联合组建",
    "正式": "正式党员",
    "预备": "预备党员",
    "男性": "男",
    "女性": "女",
    "负责人": "社会组织负责人",
    "社会组织出资人": "社会组织负责人",
    "管理层": "社会组织管理层",
    "社会组织管理人员": "社会组织管理层",
    "退休党员干部": "退休干部",
    "离退休干部": "退休干部",
    "不担任现职的领导干部": "不担任现职的党政领导干部",
    "招聘": "公开招聘",
    "选派": "上级选派",
    "党员大会": "支部党员大会",
    "支委会": "支部委员会",
    "支部委员会会议": "支部委员会",
    "党小组会议": "党小组会",
    "主题党日活动": "主题党日",
    "民主评议": "民主评议党员",
}


def choice_value(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for what a county wrote (label, value or a known synonym); None
    when it is none of them."""
    written = "".join(text.split())
    label = SYNONYMS.get(written, written)
    for value, shown in choices.choices:
        if label in (shown, value):
            return str(value)
    return None


def choice_labels(choices: type[models.TextChoices]) -> str:
    """The labels, for a message or a drop-down: 党委、党总支、党支部、联合党支部."""
    return "、".join(str(label) for _, label in choices.choices)
