"""Party organizations, members, coverages and secretaries made directly with the ORM, for
the party and web tests; ID numbers valid under GB 11643 and sealed as the import seals them.

Every test gets a fixed master key from the `data_key` fixture in tests/conftest.py.
"""

import datetime as dt
import itertools

from stdnum.cn import ric

from shezu.party.models import (
    Member,
    PartyCoverage,
    PartyOrganization,
    SecretaryAppointment,
)
from shezu.party.names import party_name_key
from shezu.personal import id_number_masked, lookup_hash, seal

D = dt.date(2016, 10, 31)
WUHUA, PANLONG = "530102", "530103"
LONG_AGO = dt.date(2010, 1, 1)
serial = itertools.count(1)


def id_number() -> str:
    body = f"53010219900101{next(serial):03d}"  # 五华区 had this code by 1990 (stdnum knows)
    return body + ric.calc_check_digit(body + "0")  # stdnum reads all but the last digit


def party_org(name, *, kind="branch", mode="single", area=WUHUA, **fields):
    fields.setdefault("founded_on", LONG_AGO)
    return PartyOrganization.objects.create(
        name=name, name_key=party_name_key(name), kind=kind, mode=mode, area_code=area, **fields
    )


def member(name, org=None, *, category="full", number=None, **fields):
    number = number or id_number()
    fields.setdefault("joined_on", LONG_AGO)
    return Member.objects.create(
        name=name,
        id_sealed=seal(number, "member.id_number"),
        id_hash=lookup_hash(number),
        id_masked=id_number_masked(number),
        category=category,
        party_org=org,
        **fields,
    )


def members(org, count, **fields):
    return [member(f"党员{next(serial)}", org, **fields) for _ in range(count)]


def cover(org, org_id, **fields):
    return PartyCoverage.objects.create(party_org=org, org_id=org_id, **fields)


def secretary(org, name, person=None, *, title="secretary", channel="org_head", **fields):
    fields.setdefault("started_on", LONG_AGO)
    return SecretaryAppointment.objects.create(
        party_org=org, name=name, member=person, title=title, channel=channel, **fields
    )
