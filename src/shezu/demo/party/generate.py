"""Write the demo's five Party files (党组织, 党员, 书记, 党建指导员, 组织生活) and their truth.

    party_files_write(outdir, organizations, seed=2016, as_of=AS_OF) -> PartyDemoManifest

`PartyFiles` is given the true organizations one at a time, as the census generator
streams them (`add`), and writes each organization's Party building as soon as it is
decided: its own Party organization at once, a joint branch once enough neighbours (same
county, same line of work) have gathered. It holds no more than those few waiting
neighbours and one integer per member issued (to keep ID numbers unique).

The files are as hard as a county's: references by credit code, registered name, a name
with or without 昆明市, a former name; Party organizations' names in several forms; dates
in every notation and as date cells; ID numbers with a lower-case x or spaces; full-width
digits; a title row, columns in the county's order, stray blank rows. A few rows are
planted that an import must refuse (`rejects.REJECTS`), each recorded with its Excel row.

Beside the files: `party_truth.csv` (file,row,kind,expected,reason_kind,detail: the
planted rejects, and accepted rows a rule check should flag), `party_orgs_truth.csv`
(each Party organization on the reporting date), `party_members_truth.csv` (each social
organization: its coverage on the reporting date and a year earlier, its members),
`party_figures.csv` (figure,value: the totals) and `party_refs.csv` (every reference to a
social organization: file,row,column,text,org_id,form).
"""

import csv
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from shezu.demo.census import people
from shezu.demo.census.organizations import Organization
from shezu.demo.census.records import Record
from shezu.demo.census.records import records as census_records
from shezu.demo.census.writers import Cell
from shezu.demo.party import clerks, forms, life, persons, plans, rejects
from shezu.demo.party.forms import Known, PartyName, org_ref
from shezu.demo.party.persons import IdBook
from shezu.demo.party.plans import JOINT, NONE, OWN, WORK, Cover, Member, PartyOrg
from shezu.demo.party.sheets import (
    ACTIVITIES,
    FILES,
    INSTRUCTORS,
    KINDS,
    MEMBERS,
    ORGS,
    SECRETARIES,
    Sheet,
    date_cell,
    full_width,
)

AS_OF = dt.date(2016, 10, 31)  # the reporting date of the demo's coverage figures
FILE_LAG = dt.timedelta(days=61)  # the files were exported at the end of the year
TRUTH, ORGS_TRUTH, MEMBERS_TRUTH = (
    "party_truth.csv",
    "party_orgs_truth.csv",
    "party_members_truth.csv",
)
FIGURES, REFS = "party_figures.csv", "party_refs.csv"
JOINT_SIZES, JOINT_WEIGHTS = (2, 3, 4, 5, 6, 7), (34, 32, 18, 10, 4, 2)
_FAMILY = {
    "LS": "law",
    "JC": "law",
    "GZ": "law",
    "JD": "law",
    "KJ": "finance",
    "PG": "finance",
    "SW": "finance",
}
_FAMILY_LABEL = {
    "law": "法律服务行业",
    "finance": "会计服务行业",
    "community": "社区社会组织",
    "civil": "社会组织",
}
_SEPARATORS, _SEPARATOR_WEIGHTS = ("；", ";", "、"), (60, 20, 20)
POCKET_SHARE = {WORK: 0.2, NONE: 0.15}


@dataclass(frozen=True)
class PartyFile:
    kind: str  # orgs | members | secretaries | instructors | activities (TemplateKind)
    file: str
    rows: int  # data rows, planted rejects included, blank rows not
    header_row: int


@dataclass(frozen=True)
class PartyDemoManifest:
    outdir: Path
    seed: int
    as_of: dt.date
    files: tuple[PartyFile, ...]
    rejects: tuple[tuple[str, int, str], ...]  # (file, Excel row, reason_kind)
    figures: dict[str, int]
    seconds: float

    def file(self, kind: str) -> PartyFile:
        return next(f for f in self.files if f.kind == kind)


def _csv(path: Path, header: tuple[str, ...]) -> tuple[IO[str], Any]:
    handle = path.open("w", encoding="utf-8", newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    return handle, writer


class PartyFiles:
    """The Party files being written, fed the true organizations one at a time."""

    def __init__(self, outdir: Path, *, seed: int, as_of: dt.date = AS_OF) -> None:
        self.outdir, self.seed, self.as_of = Path(outdir), seed, as_of
        self.file_date = as_of + FILE_LAG
        self.baseline = as_of.replace(year=as_of.year - 1)
        self.started = time.perf_counter()
        self.sheets = {kind: Sheet(self.outdir, kind, seed) for kind in KINDS}
        self.ids = IdBook()
        self.figures: Counter[str] = Counter()
        self._queues: dict[tuple[str, str], list[Organization]] = {}
        self._targets: dict[tuple[str, str], int] = {}
        self._ordinals: Counter[tuple[str, str]] = Counter()
        self._knows: dict[str, Known] = {}  # of the organizations not yet done with
        self._look_alikes: dict[str, set[str]] = {}  # same registered name → counties
        self._due = list(rejects.REJECTS)
        self._planted: list[tuple[str, int, str]] = []
        self._last: PartyOrg | None = None  # the last branch written, for planted rows
        self._rng = random.Random(f"{seed}:party:planted")
        self._handles: list[IO[str]] = []
        self._truth = self._open(
            TRUTH, ("file", "row", "kind", "expected", "reason_kind", "detail")
        )
        self._orgs_truth = self._open(
            ORGS_TRUTH,
            (
                "file",
                "row",
                "party_org",
                "kind",
                "mode",
                "upper",
                "founded_on",
                "dissolved_on",
                "exists",
                "exists_baseline",
                "organizations_covered",
                "full_members",
                "probationary_members",
            ),
        )
        self._members_truth = self._open(
            MEMBERS_TRUTH,
            (
                "org_id",
                "in_scope",
                "coverage",
                "coverage_baseline",
                "party_orgs",
                "full_members",
                "probationary_members",
                "pocket_members",
            ),
        )
        self._refs = self._open(REFS, ("file", "row", "column", "text", "org_id", "form"))

    def _open(self, name: str, header: tuple[str, ...]) -> Any:
        handle, writer = _csv(self.outdir / name, header)
        self._handles.append(handle)
        return writer

    # ------------------------------------------------------------ organizations

    def add(self, org: Organization, records: Sequence[Record] | None = None) -> None:
        """Decide and write `org`'s Party building (a joint branch may wait for neighbours).

        `records`: its department rows, when the caller has them (else derived again): a
        reference names the organization only as those rows let the register know it.
        """
        if records is None:
            records = census_records(org, self.seed)
        knows = self._knows[org.org_id] = forms.known(org, records)
        rng = random.Random(f"{self.seed}:party:{org.org_id}")
        if any(f.startswith("hard_negative:same_name") for f in org.features):
            self._look_alikes.setdefault(org.name.full, set()).add(org.county.code)
        if org.status != "正常":
            entries: list[tuple[PartyOrg, Cover]] = []
            gone = org.status_date
            if knows.any and gone and gone.year >= 2013 and rng.random() < plans.DISSOLVED_SHARE:
                entries = self._dissolved(org, rng, gone)
            self._org_truth(org, False, entries)
            return
        coverage = plans.coverage_class(org, rng) if knows.any else NONE
        if coverage == OWN:
            founded = self._founding(rng, org.established_on)
            instructor = None
            if founded > self.as_of and rng.random() < 0.7:  # an instructor until the branch came
                since = plans.month_date(rng, 2016, rng.randint(4, 9), founded)
                instructor = self._instructor(org, rng, since, founded)
            party_orgs = self._own(org, rng, founded)
            self._org_truth(org, True, [(p, p.covers[0]) for p in party_orgs], instructor)
        elif coverage == JOINT:
            self._enqueue(org)
        else:
            instructor = None
            if coverage == WORK:
                if rng.random() < plans.OLD_WORK_SHARE:
                    since = plans.month_date(rng, 2015, rng.randint(1, 10), self.baseline)
                else:
                    since = plans.instructor_date(rng, self.file_date)
                until = None
                if rng.random() < 0.06 and (self.file_date - since).days > 90:
                    until = since + dt.timedelta(
                        days=rng.randrange(90, (self.file_date - since).days)
                    )
                instructor = self._instructor(org, rng, since, until)
            pockets = 0
            if knows.any and rng.random() < POCKET_SHARE[coverage]:
                pockets = self._pockets(org, rng, rng.choice((1, 1, 2)))
            self._org_truth(org, True, [], instructor, pockets)

    def _founding(self, rng: random.Random, established: dt.date) -> dt.date:
        if rng.random() < plans.OLD_SHARE:
            old = plans.old_founding(rng, established, self.baseline)
            if old is not None:
                return old
        return plans.new_founding(rng, self.file_date)

    def _own(self, org: Organization, rng: random.Random, founded: dt.date) -> list[PartyOrg]:
        """The organization's own Party organization (a committee or general branch with its
        branches when it is large), written; parent first."""
        full, probationary, under_three = plans.own_size(org, rng)
        channel = plans.secretary_channel(rng, joint=False)
        head = org.legal_rep if channel == "社会组织负责人" else ""
        members = plans.draw_members(
            rng,
            self.ids,
            org,
            full=full,
            probationary=probationary,
            founded=founded,
            as_of=self.as_of,
            file_date=self.file_date,
            head=head,
        )
        upper = forms.upper_body(org, rng, own=True)
        notes = ["upper_body_unknown"] if clerks.unknown_body(upper) else []
        total = full + probationary
        if total < 50:
            party_org = PartyOrg(
                PartyName(org.name.full, "党支部"), OWN, upper, founded, [Cover(org)], members
            )
            party_org.channel, party_org.notes = channel, notes
            if under_three:
                party_org.notes.append("under_three_full")
            elif party_org.full_on(self.file_date) >= 7 and rng.random() < plans.NO_COMMITTEE:
                party_org.notes.append("no_committee")
            self._emit(party_org, rng)
            return [party_org]
        kind = "党委" if total >= 100 else "党总支"
        parent = PartyOrg(PartyName(org.name.full, kind), OWN, upper, founded, [Cover(org)])
        parent.channel, parent.notes = channel, notes
        self._emit(parent, rng)
        written = [parent]
        start = 0
        for i, size in enumerate(plans.split_branches(total, rng)):
            branch = PartyOrg(
                PartyName(f"{org.name.full}{plans.ordinal(i + 1)}", "党支部"),
                OWN,
                "",
                founded,
                [Cover(org)],
                members[start : start + size],
                parent=parent,
                channel=plans.secretary_channel(rng, joint=False),
            )
            start += size
            self._emit(branch, rng)
            written.append(branch)
        return written

    def _dissolved(
        self, org: Organization, rng: random.Random, gone: dt.date
    ) -> list[tuple[PartyOrg, Cover]]:
        """The branch of an organization deregistered or revoked since 2013: dissolved
        soon after, its members transferred out."""
        founded = plans.old_founding(rng, org.established_on, min(gone, self.baseline))
        if founded is None:
            return []
        dissolved = min(self.file_date, gone + dt.timedelta(days=rng.randrange(0, 61)))
        members = plans.draw_members(
            rng,
            self.ids,
            org,
            full=rng.randint(3, 6),
            probationary=0,
            founded=founded,
            as_of=self.as_of,
            file_date=dissolved,
        )
        for m in members:
            p = m.person
            p.transfer_out = dissolved if p.transfer_out is None else min(p.transfer_out, dissolved)
            if p.transfer_in is not None and p.transfer_in >= dissolved:
                p.transfer_in = None
        cover = Cover(org)
        party_org = PartyOrg(
            PartyName(org.name.full, "党支部"),
            OWN,
            forms.upper_body(org, rng, own=False),
            founded,
            [cover],
            members,
            dissolved=dissolved,
            channel=plans.secretary_channel(rng, joint=False),
        )
        self._emit(party_org, rng)
        return [(party_org, cover)]

    # ------------------------------------------------------------ joint branches

    def _enqueue(self, org: Organization) -> None:
        family = "community" if org.category.key == "BA" else _FAMILY.get(org.category.key, "civil")
        key = (org.county.code, family)
        queue = self._queues.setdefault(key, [])
        if not queue:
            rng = random.Random(f"{self.seed}:party:joint-size:{key}:{self._ordinals[key]}")
            self._targets[key] = rng.choices(JOINT_SIZES, JOINT_WEIGHTS)[0]
        queue.append(org)
        if len(queue) >= self._targets[key]:
            self._joint(key, self._queues.pop(key))

    def _joint(self, key: tuple[str, str], orgs: list[Organization]) -> None:
        self._ordinals[key] += 1
        n = self._ordinals[key]
        rng = random.Random(f"{self.seed}:party:joint:{key[0]}:{key[1]}:{n}")
        first = orgs[0]
        name = PartyName(
            f"{forms.county_name(first)}{_FAMILY_LABEL[key[1]]}{plans.ordinal(n)}联合", "联合党支部"
        )
        founded = self._founding(rng, max(o.established_on for o in orgs))
        covers = [Cover(o) for o in orgs]
        members: list[Member] = []
        for org in orgs:
            full = rng.choices((0, 1, 2), (5, 55, 40))[0]
            probationary = int(rng.random() < plans.PROBATIONARY * 2)
            members += plans.draw_members(
                rng,
                self.ids,
                org,
                full=full,
                probationary=probationary,
                founded=founded,
                as_of=self.as_of,
                file_date=self.file_date,
            )
        counted_on = max(founded, self.as_of)
        while sum(m.person.held_on(counted_on) and not m.person.probationary_on(counted_on)
                  for m in members) < 3:  # fmt: skip
            (extra,) = plans.draw_members(
                rng,
                self.ids,
                first,
                full=1,
                probationary=0,
                founded=founded,
                as_of=self.as_of,
                file_date=self.file_date,
            )
            extra.person.transfer_out = None
            if extra.person.transfer_in is not None:
                extra.person.transfer_in = founded
            members.append(extra)
        party_org = PartyOrg(name, JOINT, forms.upper_body(first, rng, own=False), founded, covers)
        party_org.members = members
        party_org.channel = plans.secretary_channel(rng, joint=True)
        if len(covers) > 5:
            party_org.notes.append("joint_over_five")
        own_later: list[PartyOrg] = []
        span = (self.file_date - founded).days
        roll = rng.random()
        if len(covers) >= 3 and span > 120:
            late, leaver = covers[-1], covers[-2]
            if roll < 0.10 or 0.18 <= roll < 0.21:
                late.joined = founded + dt.timedelta(days=rng.randrange(60, span - 30))
                for m in members:
                    if m.employer is late.org and m.person.joined <= late.joined:
                        m.person.transfer_in = late.joined
                    elif m.employer is late.org:
                        m.person.transfer_in = None
            if 0.10 <= roll < 0.21:
                if roll >= 0.18:
                    leaver = late  # joined later, and left again
                start = (leaver.joined or founded) + dt.timedelta(days=45)
                if start < self.file_date - dt.timedelta(days=2):
                    leaver.until = start + dt.timedelta(
                        days=rng.randrange((self.file_date - start).days - 1)
                    )
                    left = leaver.until + dt.timedelta(days=1)
                    for m in members:
                        p = m.person
                        if m.employer is leaver.org and (
                            p.transfer_out is None or p.transfer_out > left
                        ):
                            p.transfer_out = left
                        if (
                            m.employer is leaver.org
                            and p.transfer_in is not None
                            and p.transfer_in >= left
                        ):
                            p.transfer_in = None
                    if rng.random() < 0.5 and leaver.org is not first:
                        own_later = self._own(leaver.org, rng, left)
        self._emit(party_org, rng)
        for cover in covers:
            instructor = None
            if founded > self.as_of and rng.random() < 0.7:  # an instructor until then
                since = plans.month_date(rng, 2016, rng.randint(4, 9), founded)
                instructor = self._instructor(cover.org, rng, since, founded)
            entries = [(party_org, cover)]
            if cover.org is not first and own_later and own_later[0].covers[0].org is cover.org:
                entries += [(p, p.covers[0]) for p in own_later]
            self._org_truth(cover.org, True, entries, instructor)

    # ------------------------------------------------------------ rows

    def _emit(self, party_org: PartyOrg, rng: random.Random) -> None:
        """Write one Party organization: its row, members, secretaries and meetings."""
        p = party_org
        cells: dict[str, Cell] = {
            "党组织名称": p.name.written(rng, canonical_share=0.75),
            "党组织类别": clerks.KIND_SYNONYM[p.kind] if rng.random() < 0.04 else p.kind,
            "组建方式": clerks.MODE_SYNONYM[p.mode] if rng.random() < 0.03 else p.mode,
            "上级党组织": p.parent.name.written(rng) if p.parent else p.upper,
            "成立日期": date_cell(p.founded, rng),
            "撤销日期": date_cell(p.dissolved, rng),
        }
        refs = []
        texts = []
        for cover in p.covers:
            text, form = org_ref(cover.org, self._knows[cover.org.org_id], rng)
            refs.append((text, cover.org.org_id, form))
            texts.append(text + clerks.cover_dates(cover, rng))
        separator = rng.choices(_SEPARATORS, _SEPARATOR_WEIGHTS)[0]
        cells["覆盖社会组织"] = separator.join(texts)
        if p.kind in ("党支部", "联合党支部") and rng.random() < 0.9:
            has_committee = p.committee(self.file_date) > 0
            cells["是否设委员会"] = "是" if has_committee else "否"
            if has_committee or rng.random() < 0.5:
                cells["本届选举日期"] = date_cell(
                    clerks.elected_on(p.founded, p.dissolved or self.file_date, 3), rng
                )
                cells["任期年限"] = rng.choice((3, 3, 3, 2, "3"))
        elif p.kind in ("党委", "党总支"):
            cells["是否设委员会"] = "是"
            cells["本届选举日期"] = date_cell(
                clerks.elected_on(p.founded, p.dissolved or self.file_date, 5), rng
            )
            cells["任期年限"] = 5 if p.kind == "党委" else 3
        row = self._write(ORGS, cells)
        for text, org_id, form in refs:
            self._refs.writerow((FILES[ORGS], row, "覆盖社会组织", text, org_id, form))
        for note in p.notes:
            self._truth.writerow((FILES[ORGS], row, ORGS, "accepted", note, p.name.canonical))
        self._party_truth(p, row)
        for member in p.members:
            self._member(p, member, rng)
        self._secretaries(p, rng)
        end = min(p.dissolved or self.file_date, self.file_date)
        committee = p.committee(self.file_date)
        for activity in life.activities(
            rng, kind=p.kind, founded=p.founded, end=end, committee=committee, attendees=p.held_on
        ):
            expected: Cell = activity.expected
            roll = rng.random()
            if roll < 0.02:
                expected = full_width(str(activity.expected))
            elif roll < 0.06:
                expected = str(activity.expected)
            self._write(
                ACTIVITIES,
                {
                    "党组织名称": p.name.written(rng, canonical_share=0.7),
                    "活动类型": activity.kind,
                    "日期": date_cell(activity.day, rng),
                    "主题": activity.topic,
                    "应到人数": expected,
                    "实到人数": activity.present,
                },
            )
        if p.members and p.kind in ("党支部", "联合党支部") and p.dissolved is None:
            self._last = p

    def _member(self, p: PartyOrg, member: Member, rng: random.Random) -> None:
        person = member.person
        cells = clerks.person_cells(person, rng, self.file_date)
        cells["所在党组织"] = p.name.written(rng, canonical_share=0.5)
        cells["转入日期"] = date_cell(person.transfer_in, rng)
        cells["转出日期"] = date_cell(person.transfer_out, rng)
        text, form = org_ref(member.employer, self._knows[member.employer.org_id], rng)
        cells["工作单位"] = text
        row = self._write(MEMBERS, cells)
        self._refs.writerow((FILES[MEMBERS], row, "工作单位", text, member.employer.org_id, form))

    def _pockets(self, org: Organization, rng: random.Random, n: int) -> int:
        """Members working in `org` whose relationship is held elsewhere (口袋党员)."""
        for _ in range(n):
            person = persons.person(rng, self.ids, self.as_of, self.file_date, probationary=False)
            cells = clerks.person_cells(person, rng, self.file_date)
            text, form = org_ref(org, self._knows[org.org_id], rng)
            cells["工作单位"] = text
            cells["组织关系所在单位"] = rng.choice(clerks.ELSEWHERE)
            row = self._write(MEMBERS, cells)
            self._refs.writerow((FILES[MEMBERS], row, "工作单位", text, org.org_id, form))
        self.figures["pocket_members"] += n
        return n

    def _secretaries(self, p: PartyOrg, rng: random.Random) -> None:
        start = min(self.file_date, p.founded + dt.timedelta(days=rng.randrange(0, 21)))
        channel = p.channel or plans.secretary_channel(rng, joint=p.mode == JOINT)
        last = p.dissolved or self.file_date
        while True:
            end = p.dissolved
            if end is None and rng.random() < 0.1 and (last - start).days > 150:
                end = start + dt.timedelta(days=rng.randrange(90, (last - start).days - 30))
            self._write(
                SECRETARIES,
                {
                    "党组织名称": p.name.written(rng, canonical_share=0.6),
                    "姓名": clerks.secretary_name(p, channel, rng),
                    "来源": channel,
                    "职务": "书记",
                    "任职日期": date_cell(start, rng),
                    "离任日期": date_cell(end, rng),
                },
            )
            if end is None or end == p.dissolved:
                break
            start, channel = end, plans.secretary_channel(rng, joint=p.mode == JOINT)
        if p.dissolved is None and rng.random() < (0.12 if p.mode == JOINT else 0.05):
            self._write(
                SECRETARIES,
                {
                    "党组织名称": p.name.written(rng, canonical_share=0.6),
                    "姓名": people.person_name(rng),
                    "来源": rng.choice(plans.FIRST_SECRETARY_CHANNELS),
                    "职务": "第一书记",
                    "任职日期": date_cell(
                        min(self.file_date, start + dt.timedelta(days=rng.randrange(0, 60))), rng
                    ),
                },
            )

    def _instructor(
        self, org: Organization, rng: random.Random, since: dt.date, until: dt.date | None
    ) -> tuple[dt.date, dt.date | None]:
        """An instructor (党建指导员), often one person for several of a township's groups."""
        slot = rng.randrange(3)
        own = random.Random(f"{self.seed}:party:instructor:{org.county.code}:{org.township}:{slot}")
        text, form = org_ref(org, self._knows[org.org_id], rng)
        row = self._write(
            INSTRUCTORS,
            {
                "社会组织": text,
                "姓名": people.person_name(own),
                "来源": plans.instructor_channel(own),
                "选派日期": date_cell(since, rng),
                "撤回日期": date_cell(until, rng),
            },
        )
        self._refs.writerow((FILES[INSTRUCTORS], row, "社会组织", text, org.org_id, form))
        return since, until

    def _write(self, kind: str, cells: dict[str, Cell]) -> int:
        row = self.sheets[kind].write(cells)
        if self._due:
            self._plant(kind)
        return row

    # ------------------------------------------------------------ truth

    def _party_truth(self, p: PartyOrg, row: int) -> None:
        exists, before = p.exists_on(self.as_of), p.exists_on(self.baseline)
        covered = sum(c.on(self.as_of) for c in p.covers) if exists else 0
        full = p.full_on(self.as_of) if exists else 0
        probationary = p.held_on(self.as_of) - full if exists else 0
        self._orgs_truth.writerow(
            (
                FILES[ORGS],
                row,
                p.name.canonical,
                p.kind,
                p.mode,
                p.parent.name.canonical if p.parent else p.upper,
                p.founded.isoformat(),
                p.dissolved.isoformat() if p.dissolved else "",
                int(exists),
                int(before),
                covered,
                full,
                probationary,
            )
        )
        f = self.figures
        f["party_orgs_written"] += 1
        if p.founded > self.as_of:
            f["party_orgs_founded_after_as_of"] += 1
        if p.dissolved is not None:
            f["party_orgs_dissolved"] += 1
        if before:
            f["baseline_party_orgs"] += 1
        if exists:
            f["party_orgs"] += 1
            f["party_orgs_single" if p.mode == OWN else "party_orgs_joint"] += 1
            f[f"party_orgs_{_KIND_KEY[p.kind]}"] += 1
            f["members_full"] += full
            f["members_probationary"] += probationary
            if p.mode == JOINT and covered > 5:
                f["joint_over_five"] += 1
            if p.kind in ("党支部", "联合党支部") and full < 3:
                f["branches_under_three_full"] += 1

    def _org_truth(
        self,
        org: Organization,
        in_scope: bool,
        entries: list[tuple[PartyOrg, Cover]],
        instructor: tuple[dt.date, dt.date | None] | None = None,
        pockets: int = 0,
    ) -> None:
        def coverage(day: dt.date) -> str:
            modes = {p.mode for p, c in entries if p.exists_on(day) and c.on(day)}
            if OWN in modes:
                return OWN
            if JOINT in modes:
                return JOINT
            if (
                instructor
                and instructor[0] <= day
                and (instructor[1] is None or instructor[1] > day)
            ):
                return WORK
            return NONE

        self._knows.pop(org.org_id, None)
        now, before = coverage(self.as_of), coverage(self.baseline)
        full = probationary = 0
        for p, _ in entries:
            if not p.exists_on(self.as_of):
                continue
            for m in p.members:
                if m.employer is org and m.person.held_on(self.as_of):
                    if m.person.probationary_on(self.as_of):
                        probationary += 1
                    else:
                        full += 1
        self._members_truth.writerow(
            (
                org.org_id,
                int(in_scope),
                now,
                before,
                ";".join(dict.fromkeys(p.name.canonical for p, _ in entries)),
                full,
                probationary,
                pockets,
            )
        )
        if in_scope:
            f = self.figures
            f["organizations_in_scope"] += 1
            f[f"organizations_{_COVERAGE_KEY[now]}"] += 1
            f[f"baseline_organizations_{_COVERAGE_KEY[before]}"] += 1

    # ------------------------------------------------------------ planted rejects

    def _plant(self, kind: str, *, force: bool = False) -> None:
        for item in list(self._due):
            file_kind, reason, after = item
            if file_kind != kind or (self.sheets[kind].rows < after and not force):
                continue
            if file_kind in (MEMBERS, ACTIVITIES) and self._last is None:
                continue
            if reason == rejects.ORG_AMBIGUOUS and not self._ambiguous_name():
                if force:
                    self._due.remove(item)  # no two organizations share a name: none to plant
                continue
            self._due.remove(item)
            planted, detail = rejects.planted_row(
                file_kind,
                reason,
                rng=self._rng,
                ambiguous=self._ambiguous_name(),
                branch=self._last,
                ids=self.ids,
                as_of=self.as_of,
                file_date=self.file_date,
            )
            row = self.sheets[kind].write(planted)
            self._planted.append((FILES[kind], row, reason))
            self._truth.writerow((FILES[kind], row, kind, "rejected", reason, detail))

    def _ambiguous_name(self) -> str:
        return next((n for n, counties in self._look_alikes.items() if len(counties) > 1), "")

    # ------------------------------------------------------------ finish

    def finish(self) -> PartyDemoManifest:
        """Write the neighbours still waiting, the rejects a small run had no place for,
        and close; the manifest."""
        leftovers = [orgs for _, orgs in sorted(self._queues.items(), key=lambda kv: kv[0])]
        self._queues.clear()
        for orgs in leftovers:
            if len(orgs) >= 2:
                self._joint((orgs[0].county.code, _family(orgs[0])), orgs)
                continue
            org = orgs[0]  # a lone neighbour: an instructor for now
            rng = random.Random(f"{self.seed}:party:lone:{org.org_id}")
            since = plans.instructor_date(rng, self.file_date)
            self._org_truth(org, True, [], self._instructor(org, rng, since, None))
        for kind in KINDS:
            self._plant(kind, force=True)
        for sheet in self.sheets.values():
            sheet.close()
        with (self.outdir / FIGURES).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("figure", "value"))
            writer.writerow(("as_of", self.as_of.isoformat()))
            writer.writerows(sorted(self.figures.items()))
        for truth in self._handles:
            truth.close()
        files = tuple(
            PartyFile(kind, sheet.file, sheet.rows, sheet.header_row)
            for kind, sheet in self.sheets.items()
        )
        return PartyDemoManifest(
            self.outdir,
            self.seed,
            self.as_of,
            files,
            tuple(self._planted),
            dict(self.figures),
            time.perf_counter() - self.started,
        )


_KIND_KEY = {
    "党委": "committee",
    "党总支": "general_branch",
    "党支部": "branch",
    "联合党支部": "joint_branch",
}
_COVERAGE_KEY = {OWN: "single", JOINT: "joint", WORK: "work", NONE: "uncovered"}


def _family(org: Organization) -> str:
    return "community" if org.category.key == "BA" else _FAMILY.get(org.category.key, "civil")


def party_files_write(
    outdir: Path,
    organizations: Iterable[Organization],
    *,
    seed: int = 2016,
    as_of: dt.date = AS_OF,
) -> PartyDemoManifest:
    """Write the five Party files and their truth for the true organizations into outdir."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    files = PartyFiles(outdir, seed=seed, as_of=as_of)
    for org in organizations:
        files.add(org)
    return files.finish()
