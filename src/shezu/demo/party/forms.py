"""How counties write what the Party files refer to: social organizations (credit code,
registered name, a name with or without 昆明市, a former name), Party organizations
(中共…支部委员会 or …党支部) and the upper Party bodies (上级党组织).

Never the generator's org_id: a county does not know it.
"""

import random
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from shezu.demo.census import places
from shezu.demo.census.organizations import Organization
from shezu.demo.census.records import Record
from shezu.demo.census.registration import JUSTICE, SPECIAL_GROUPS
from shezu.demo.census.sources import TAX

TAX_DEPARTMENT = TAX.department

CITY_BODY = "中共昆明市社会组织工作委员会"
LAWYERS_BODY = "中共昆明市律师行业委员会"
CPA_BODY = "中共昆明市注册会计师行业委员会"
ASSOCIATIONS_BODY = "中共昆明市行业协会商会委员会"
# Bodies nobody has entered in the body register: the import adds them, flagged.
UNKNOWN_BODIES = {
    "民办学校": "中共昆明市民办教育行业委员会",
    "民办医疗机构": "中共昆明市民营医院行业委员会",
}
UNKNOWN_BODY_SHARE = 0.35  # of the schools' and hospitals' own Party organizations


@cache
def _shared_community_names() -> frozenset[str]:
    """Community names found in more than one township (小街社区): a filed group's name
    (its community's name and its kind) may then belong to two groups."""
    seen = Counter(c.name for c in places.communities())
    return frozenset(name for name, n in seen.items() if n > 1)


@dataclass(frozen=True, slots=True)
class Known:
    """What the register learns of an organization from the department rows it accepts:
    a county's reference in these forms is one it can resolve."""

    code: bool  # the credit code, as such, on some row
    name: bool  # the registered name, exactly, on some row
    former: bool  # the former name on some row

    @property
    def any(self) -> bool:
        return self.code or self.name or self.former


def _plain(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def known(org: Organization, records: Iterable[Record]) -> Known:
    """What the register knows of `org` from its department rows; nothing by name when
    another organization may share the name (a filed group of a community whose name
    recurs in another township, 小街社区互助会)."""
    code = former = False
    full, old = _plain(org.name.full), _plain(org.former_name or "")
    names: set[str] = set()
    for record in records:
        if record.expected != "accepted":
            continue
        cells = record.cells
        code = code or (bool(org.uscc) and _plain(cells.get("uscc") or "").upper() == org.uscc)
        written = _plain(cells.get("name") or "")
        if written and record.department != TAX_DEPARTMENT:
            names.add(written)
        if old:
            former = former or old in (written, _plain(cells.get("former_name") or ""))
    # Only when every registering department wrote the name alike: the golden name is a
    # registrar's spelling (the tax office ranks last), and when the registrars disagree
    # (a typo, 昆名市…) the name a county writes may resolve to nothing or to two.
    name = names == {full}
    shared = org.category.key == "BA" and org.community in _shared_community_names()
    if shared or any(f.startswith("hard_negative:same_name") for f in org.features):
        name = former = False
    return Known(code, name, former)


def org_ref(org: Organization, knows: Known, rng: random.Random) -> tuple[str, str]:
    """(text, form) of one reference to `org`, as a county clerk writes it, in a form the
    register can resolve (`knows`)."""
    options: list[tuple[float, str, str]] = []
    if knows.code:
        options += [(44.0, "uscc", org.uscc), (2.0, "uscc_lower", org.uscc.lower())]
    name = org.name
    special = org.category.key == "ST" and org.k < len(SPECIAL_GROUPS)
    if knows.name:
        options.append((40.0, "name", name.full))
        # A city organization without 昆明市 is not written: the census generator gives
        # most cores to several areas (昆明市/盘龙区/五华区潮汕同乡会), so the bare core is
        # ambiguous and rightly refused with its candidates, which the streamed files
        # cannot foresee. The importer's tests cover the unambiguous case.
        if name.kind == "county" and not special:
            options.append((4.0, "name_with_city", "昆明市" + name.full))
    if knows.former and not special:
        options.append((6.0, "former_name", org.former_name or ""))
    if options and rng.random() < 0.03:
        options = [(1.0, form + "_spaced", text + " ") for _, form, text in options]
    if not options:
        raise ValueError(f"{org.org_id} cannot be referred to")
    _, form, text = rng.choices(options, [w for w, _, _ in options])[0]
    if form == "uscc_lower" and text == org.uscc:
        form = "uscc"  # a code of digits only has no lower case
    return text, form


def county_name(org: Organization) -> str:
    """The county as a clerk wrote it in 2016 (晋宁县, not yet 晋宁区)."""
    return places.county_of_time(org.county.code, 2016)[1]


def _committee(body: str, rng: random.Random, short_share: float = 0.25) -> str:
    """中共X委员会 or X党委; 中共X工作委员会 or X党工委."""
    if rng.random() >= short_share:
        return body
    core = body.removeprefix("中共")
    if core.endswith("工作委员会"):
        return core.removesuffix("工作委员会") + "党工委"
    return core.removesuffix("委员会") + "党委"


def area_body(org: Organization) -> str:
    """The territorial or social-organization body above an organization's Party body."""
    if org.category.key == "BA" and org.zone is None:
        township = org.township
        return f"中共{township}{'工作委员会' if township.endswith('街道') else '委员会'}"
    if org.level == "全市性" or org.registered_by_city:
        return CITY_BODY
    return f"中共{county_name(org)}社会组织委员会"


def upper_body(org: Organization, rng: random.Random, *, own: bool) -> str:
    """上级党组织 of a Party organization of `org` (`own`: its own, not a joint branch)."""
    key = org.category.key
    if key == "LS":
        body = LAWYERS_BODY
    elif key == "KJ":
        body = CPA_BODY
    elif own and org.field in UNKNOWN_BODIES and rng.random() < UNKNOWN_BODY_SHARE:
        return UNKNOWN_BODIES[org.field]
    elif (
        key == "ST" and org.field == "行业协会商会" and org.level == "全市性" and rng.random() < 0.5
    ):
        body = ASSOCIATIONS_BODY
    elif key in JUSTICE and org.registered_by_city:
        body = CITY_BODY
    else:
        body = area_body(org)
    return _committee(body, rng)


@dataclass(frozen=True, slots=True)
class PartyName:
    """A Party organization's name: `base` + the form of its kind."""

    base: str  # 昆明市摄影家协会 / 五华区律师行业第一联合
    kind: str  # 党委 / 党总支 / 党支部 / 联合党支部

    @property
    def canonical(self) -> str:
        return "中共" + self.base + self._long

    @property
    def _long(self) -> str:
        return {"党委": "委员会", "党总支": "总支部委员会"}.get(self.kind, "支部委员会")

    @property
    def _short(self) -> str:
        return {"党委": "党委", "党总支": "党总支"}.get(self.kind, "党支部")

    def written(self, rng: random.Random, *, canonical_share: float = 0.6) -> str:
        """The name as one clerk writes it: 中共X支部委员会, X党支部, 中共X党支部 …"""
        roll = rng.random()
        if roll < canonical_share:
            return self.canonical
        roll = (roll - canonical_share) / (1 - canonical_share)
        if roll < 0.7:
            return self.base + self._short
        if roll < 0.9:
            return "中共" + self.base + self._short
        if roll < 0.96:
            return "中国共产党" + self.base + self._long
        return self.canonical + " "
