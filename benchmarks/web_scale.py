"""How the register list pages at a million organizations on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres shezu_bench_million
    SHEZU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shezu_bench_million \\
        .venv/bin/python benchmarks/web_scale.py [--rows 1000000] [--repeat 7]

Migrates the database, and if it holds no organizations, COPYs in `--rows` synthetic
ones (spread over the 14 counties and their townships, names with varied prefixes, and
their name keys — normalised, core, pinyin initials — made by the register's own
`name_keys`, so the pinyin search finds them as it would real ones), then ANALYZEs. A
database that already holds organizations is used as it is. Then, as a city user and a
五华区 user, it times the list pages through Django's test client (the whole middleware
stack): median and worst milliseconds and the queries of each, and EXPLAIN ANALYZEs the
slowest query of the slowest page.

Counts are index-only scans over the partial indexes of census 0009, which need the
visibility map fresh: after loading or a link run, VACUUM (autovacuum does, in time).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Iterator
from multiprocessing import Pool

CATEGORIES = [("社会团体", 45), ("民办非企业单位", 47), ("基金会", 2), ("社区社会组织", 6)]
LEVELS = {
    "社会团体": "县级",
    "民办非企业单位": "县级",
    "基金会": "全市性",
    "社区社会组织": "城乡社区",
}
STATUSES = [("正常", 90), ("注销", 6), ("撤销", 2), ("吊销", 2)]
# The urban districts hold most organizations.
COUNTY_WEIGHT = {"530102": 14, "530103": 13, "530111": 16, "530112": 12, "530114": 8}
PREFIXES = [
    "红云",
    "金马",
    "碧鸡",
    "翠湖",
    "滇池",
    "春城",
    "彩云",
    "七彩",
    "长青",
    "同心",
    "阳光",
    "爱心",
    "明德",
    "博雅",
    "康乐",
    "启航",
    "新华",
    "和谐",
    "众诚",
    "惠民",
]
TRADES = [
    "餐饮",
    "书法",
    "摄影",
    "物流",
    "养老",
    "助残",
    "青少年",
    "体育",
    "舞蹈",
    "围棋",
    "电子商务",
    "旅游",
    "茶叶",
    "花卉",
    "建筑",
    "医药",
    "教育",
    "法律",
    "心理",
    "社区",
]
KINDS = [
    ("协会", 30),
    ("商会", 8),
    ("学会", 6),
    ("研究会", 5),
    ("促进会", 4),
    ("联合会", 3),
    ("服务中心", 14),
    ("培训学校", 10),
    ("幼儿园", 8),
    ("养老院", 4),
    ("医院", 3),
    ("社会工作服务站", 3),
    ("基金会", 2),
]
FLAGS = ["conflict", "missing"]
ORG_COLUMNS = (
    "id", "org_id", "name", "uscc", "org_code", "category", "level", "county_code",
    "township_code", "status", "fields", "provenance", "conflicts", "missing", "flags",
    "active", "created_at", "updated_at",
)  # fmt: skip


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _rows(n: int, seed: int = 1) -> Iterator[tuple[int, str, str, str, str, str]]:
    """(id, name, category, county, township, status) for n organizations."""
    from shezu.census.api import counties, townships

    rng = random.Random(seed)
    places = []
    for county in counties():
        for town in townships(county.code):
            places.append((county, town))
    weights = [COUNTY_WEIGHT.get(c.code, 3) for c, _ in places]
    for i in range(1, n + 1):
        county, town = rng.choices(places, weights)[0]
        category = _pick(rng, CATEGORIES)
        region = rng.choice([county.name, f"昆明市{county.name}", town.name, ""])
        name = (
            f"{region}{rng.choice(PREFIXES)}{rng.choice(TRADES)}"
            f"{_pick(rng, KINDS)}{'' if rng.random() < 0.3 else i}"
        )
        yield i, name, category, county.code, town.township_code or "", _pick(rng, STATUSES)


def _keys(row: tuple[int, str, str, str, str, str]) -> list[tuple[int, str, str]]:
    from shezu.census.register.keys import name_keys

    return [(row[0], kind, key) for kind, key in sorted(name_keys(row[1], []))]


def _init() -> None:
    import django

    django.setup()


def load(n: int) -> None:
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    start = time.perf_counter()
    rows = list(_rows(n))
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        org_table = "census_organization"
        with raw.copy(f"COPY {org_table} ({', '.join(ORG_COLUMNS)}) FROM STDIN") as copy:
            for i, name, category, county, township, status in rows:
                flags = [f for f in FLAGS if (i * 7 + len(f)) % 23 == 0]
                copy.write_row(
                    (
                        i, f"KM{i:07d}", name, f"5153{county}{i:08d}"[:18], f"{i:09d}",
                        category, LEVELS[category], county, township, status,
                        json.dumps({"name": name}, ensure_ascii=False), "{}", "[]", "[]",
                        json.dumps(flags), i % 50 != 0, now, now,
                    )
                )  # fmt: skip
        raw.execute(f"SELECT setval(pg_get_serial_sequence('{org_table}', 'id'), %s)", [n])
        print(f"  {n:,} organizations copied in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        written = 0
        with (
            Pool(os.cpu_count() or 1, initializer=_init) as pool,
            raw.copy(
                "COPY census_organizationnamekey (organization_id, kind, key) FROM STDIN"
            ) as copy,
        ):
            for keys in pool.imap(_keys, rows, chunksize=2000):
                for key in keys:
                    copy.write_row(key)
                    written += 1
        print(f"  {written:,} name keys made and copied in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        raw.execute("ANALYZE census_organization")
        raw.execute("ANALYZE census_organizationnamekey")
        print(f"  ANALYZE in {time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    _init()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shezu.accounts.models import Account
    from shezu.census.models import Organization

    assert connection.vendor == "postgresql", "set SHEZU_DATABASE_URL to a PostgreSQL database"
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        print(f"loading {args.rows:,} organizations …")
        load(args.rows)
    total = Organization.objects.filter(active=True).count()
    sample = Organization.objects.filter(active=True, county_code="530102").order_by("org_id")[1000]
    cases = [
        ("city", "530100", "/organizations/"),
        ("city", "530100", "/organizations/?page=500"),
        ("city", "530100", "/organizations/?county=530102&category=基金会"),
        ("city", "530100", "/organizations/?county=530111&category=社会团体&page=20"),
        ("city", "530100", f"/organizations/?q={sample.name}"),
        ("city", "530100", "/organizations/?q=翠湖"),
        ("city", "530100", "/organizations/?q=chsyxh"),
        ("city", "530100", f"/organizations/?q={sample.org_id}"),
        ("county", "530102", "/organizations/"),
        ("county", "530102", "/organizations/?page=500"),
        ("county", "530102", "/organizations/?category=社会团体"),
        ("county", "530102", "/organizations/?q=翠湖"),
        ("county", "530102", "/organizations/?q=chsyxh"),
        # Added with the partial indexes (census 0009): a flag, and a three-character
        # contains search, which the trigram index answers.
        ("city", "530100", "/organizations/?flag=conflict"),
        ("county", "530102", "/organizations/?q=舞蹈培"),
    ]
    users = {}
    slowest: tuple[float, str, list[dict[str, str]]] = (0.0, "", [])
    print(f"{total:,} active organizations; median / worst of {args.repeat}")
    try:
        for role, area in sorted({(role, area) for role, area, _ in cases}):
            user = User.objects.create_user(f"bench-{role}-{area}-{time.time_ns()}")
            Account.objects.create(
                user=user, role=role, area_code=area, password_changed_at=timezone.now()
            )
            users[role, area] = user
        for role, area, url in cases:
            client = Client()
            client.force_login(users[role, area])
            client.get(url)  # warm: templates, caches, the buffer cache
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            median = statistics.median(times)
            if median > slowest[0]:
                slowest = (median, url, list(queries.captured_queries))
            worst_query = max(queries.captured_queries, key=lambda q: float(q["time"]))
            print(
                f"{median:8.1f} ms {max(times):8.1f} ms worst {len(queries):3d} queries "
                f"(slowest {float(worst_query['time']) * 1000:6.1f} ms)  {role} {area} {url}"
            )
            for query in queries.captured_queries:  # where the time went, last run
                if float(query["time"]) >= 0.05:
                    print(f"{'':18}{float(query['time']) * 1000:6.0f} ms  {query['sql'][:110]}")
        median, url, captured = slowest
        query = max(captured, key=lambda q: float(q["time"]))
        print(f"\nslowest page {url} ({median:.0f} ms); its slowest query:\n{query['sql']}\n")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            for (line,) in cursor.fetchall():
                print(line)
    finally:
        for user in users.values():
            user.delete()


if __name__ == "__main__":
    main()
