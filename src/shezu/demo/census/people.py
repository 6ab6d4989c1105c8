"""People and telephone numbers: legal representatives, heads of filed groups, contact phones."""

import random

# Common surnames, with those frequent in Yunnan (段, 杨, 李, 普, 和, 字) weighted up.
_SURNAMES = (
    "李" * 14
    + "王" * 10
    + "张" * 10
    + "杨" * 9
    + "刘" * 7
    + "赵" * 5
    + "陈" * 6
    + "段" * 3
    + "黄" * 3
    + "周" * 3
    + "吴" * 3
    + "徐" * 2
    + "孙" * 2
    + "马" * 3
    + "朱" * 2
    + "胡" * 2
    + "郭" * 2
    + "何" * 2
    + "高" * 2
    + "林" * 2
    + "罗" * 3
    + "郑"
    + "梁"
    + "谢"
    + "宋"
    + "唐"
    + "许"
    + "韩"
    + "冯"
    + "邓"
    + "曹"
    + "彭"
    + "曾"
    + "肖"
    + "田"
    + "董"
    + "袁"
    + "潘"
    + "蒋"
    + "蔡"
    + "余"
    + "杜"
    + "叶"
    + "程"
    + "苏"
    + "魏"
    + "吕"
    + "丁"
    + "任"
    + "沈"
    + "姚"
    + "卢"
    + "普" * 2
    + "和"
    + "字"
    + "鲁"
    + "龙"
    + "施"
    + "保"
    + "起"
    + "尹"
    + "付"
    + "严"
    + "钱"
)
_GIVEN_FIRST = "建国志明云海丽红兴华德文家俊晓玉春金永丽秋世学正光继绍宏庆立天德美成绍琼"
_GIVEN_SECOND = "华平明军英林芳伟强敏静丽云涛宁军辉勇波杰斌琴燕萍霞东峰刚坤松红梅兰珍"
# Characters outside GBK (CJK extension A): GB18030 files can hold them, GBK cannot.
_RARE_GIVEN = ("䶮", "㛃", "㻞")


def person_name(rng: random.Random, *, rare_share: float = 0.0) -> str:
    """A Chinese personal name of 2 or 3 characters."""
    surname = rng.choice(_SURNAMES)
    if rare_share and rng.random() < rare_share:
        return surname + rng.choice(_RARE_GIVEN)
    if rng.random() < 0.3:
        return surname + rng.choice(_GIVEN_SECOND)
    return surname + rng.choice(_GIVEN_FIRST) + rng.choice(_GIVEN_SECOND)


def landline(rng: random.Random) -> str:
    """A Kunming landline without area code: 8 digits starting with 6."""
    return "6" + rng.choice("3345678") + f"{rng.randrange(1_000_000):06d}"


def mobile(rng: random.Random) -> str:
    prefix = rng.choice(("138", "139", "137", "136", "135", "150", "151", "158", "187", "189"))
    return prefix + f"{rng.randrange(100_000_000):08d}"


def phones(rng: random.Random, *, mobile_share: float = 0.3) -> tuple[str, ...]:
    """The true contact numbers of an organization: one or two, landline or mobile."""
    first = mobile(rng) if rng.random() < mobile_share else landline(rng)
    if rng.random() < 0.2:
        second = mobile(rng) if len(first) == 8 else landline(rng)
        return (first, second)
    return (first,)


def render_phone(number: str, rng: random.Random) -> str:
    """One number in one of the notations seen in department files."""
    if len(number) == 11:  # mobile
        return number if rng.random() < 0.9 else f"{number[:3]}-{number[3:7]}-{number[7:]}"
    roll = rng.random()
    if roll < 0.45:
        return f"0871-{number}"
    if roll < 0.6:
        return f"(0871){number}"
    if roll < 0.67:
        return f"（0871）{number}"
    if roll < 0.72:
        return f"0871 {number}"
    return number


def render_phones(numbers: tuple[str, ...], rng: random.Random) -> str:
    """A phone cell: one number, or two joined the way clerks join them."""
    if len(numbers) == 1:
        return render_phone(numbers[0], rng)
    sep = rng.choice(("，", ",", "/", "、", " ", "；"))
    return sep.join(render_phone(n, rng) for n in numbers)
