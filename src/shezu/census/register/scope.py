"""Whether an organization exists for Party-building purposes on a date (在册范围, domain §8).

`in_scope` is the one definition the responsibility assignment, the coverage figures and
every list share: established on or before the date; not deregistered, revoked or
cancelled (注销 / 撤销 / 吊销) by then according to its registering department (the golden
status never comes from the tax office); not found stopped or vanished by a field
verification dated on or before it; not a filed-only community organization (备案),
which townships cover separately; and not known from the tax list alone unless a field
team has seen it. Django-free: it reads an `OrganizationRecord`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shezu.census.labels import STATUS_ENDED, STATUS_NOT_FOUND, STATUS_STOPPED

FILING, TAX, CIVIL = "备案", "税务", "民政"
_GONE_BY_VERIFICATION = frozenset({"停止活动", "查无此组织", "已注销"})
_SEEN_BY_VERIFICATION = frozenset({"正常活动", "信息更正"})


@dataclass(frozen=True)
class FieldVisit:
    """One field verification of the organization (实地核实): when, what was found, and the
    facts the team wrote down (corrections such as 举办单位)."""

    verified_on: dt.date
    result: str  # 正常活动 / 停止活动 / 查无此组织 / 已注销 / 信息更正
    corrections: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OrganizationRecord:
    """An organization's golden record as other contexts read it: plain values.

    `departments` are the departments whose lists hold a record of it; `visits` its field
    verifications, oldest first.
    """

    org_id: str
    name: str
    uscc: str
    category: str  # 类型 as the registering department says it, e.g. 社会团体
    level: str  # 层级 of the registering authority: 全市性 / 县级 / 城乡社区 / 省级
    registration_authority: str  # 登记管理机关, e.g. 五华区民政局
    supervisor: str  # 业务主管单位
    founder: str  # 举办单位
    address: str
    county_code: str  # where it is, GB/T 2260 (a zone's host county)
    township: str  # 乡镇街道 where it is, "" when the address did not tell
    zone: str  # 管理区 where it is
    community: str
    legal_rep: str
    phones: str
    established_on: dt.date | None
    status: str
    status_date: dt.date | None
    departments: frozenset[str]
    flags: tuple[str, ...] = ()
    visits: tuple[FieldVisit, ...] = ()

    @property
    def filed_only(self) -> bool:
        """Only on a street's filing list (备案), never registered with 民政."""
        return FILING in self.departments and CIVIL not in self.departments

    @property
    def tax_only(self) -> bool:
        return self.departments == {TAX}


def in_scope(record: OrganizationRecord, on: dt.date) -> tuple[bool, str]:
    """(in scope on `on`, the reason in Chinese when it is not)."""
    if record.established_on is not None and record.established_on > on:
        return False, f"{record.established_on.isoformat()} 成立，晚于 {on.isoformat()}"
    if record.filed_only:
        return False, "仅在街道备案的社区社会组织，由乡镇街道另行覆盖"
    visits = [visit for visit in record.visits if visit.verified_on <= on]
    last = visits[-1] if visits else None
    if last is not None and last.result in _GONE_BY_VERIFICATION:
        return False, f"{last.verified_on.isoformat()} 实地核实：{last.result}"
    if record.status in STATUS_ENDED and (record.status_date is None or record.status_date <= on):
        when = f"{record.status_date.isoformat()} " if record.status_date else ""
        return False, f"{when}登记机关状态为{record.status}"
    if record.status in (STATUS_STOPPED, STATUS_NOT_FOUND) and (
        record.status_date is not None and record.status_date <= on
    ):
        return False, f"{record.status_date.isoformat()} 实地核实：{record.status}"
    if record.tax_only and not any(v.result in _SEEN_BY_VERIFICATION for v in visits):
        return False, "仅见于税务名录，尚无登记部门记录或实地核实"
    return True, ""
