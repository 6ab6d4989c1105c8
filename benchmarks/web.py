"""How long the register pages take over an existing database (the demo's, say).

    SHEZU_DATA_DIR=/tmp/demo .venv/bin/python benchmarks/web.py [--repeat 20]

Makes a throw-away city user and a 五华区 user (deleted at the end), signs them in with
Django's test client and times the list, a few searches and an organization page: the
median and worst milliseconds and the queries of each, through the whole middleware stack.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shezu.accounts.models import Account
    from shezu.census.models import Organization

    settings.ALLOWED_HOSTS = ["testserver"]
    # The test client needs no static files; WhiteNoise would warn about a missing root.
    first = Organization.objects.filter(active=True, county_code="530102").order_by("org_id")[0]
    cases = [
        ("city", "530100", "/organizations/"),
        ("city", "530100", "/organizations/?page=50"),
        ("city", "530100", "/organizations/?sort=name&page=20"),
        ("city", "530100", f"/organizations/?q={first.org_id}"),
        ("city", "530100", f"/organizations/?q={first.uscc.lower()}"),
        ("city", "530100", "/organizations/?q=协会"),
        ("city", "530100", "/organizations/?q=kmssyjxh"),
        ("city", "530100", "/organizations/?flag=conflict"),
        ("county", "530102", "/organizations/"),
        ("county", "530102", "/organizations/?q=协会&sort=county"),
        ("city", "530100", f"/organizations/{first.org_id}/"),
    ]
    users = {}
    try:
        for role, area in {(role, area) for role, area, _ in cases}:
            user = User.objects.create_user(f"bench-{role}-{area}-{time.time_ns()}")
            Account.objects.create(
                user=user, role=role, area_code=area, password_changed_at=timezone.now()
            )
            users[role, area] = user
        print(f"{Organization.objects.filter(active=True).count():,} organizations")
        for role, area, url in cases:
            client = Client()
            client.force_login(users[role, area])
            client.get(url)  # warm: templates, caches
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            print(
                f"{statistics.median(times):7.1f} ms median {max(times):7.1f} ms worst "
                f"{len(queries):3d} queries  {role} {area} {url}"
            )
    finally:
        for user in users.values():
            user.delete()


if __name__ == "__main__":
    main()
