"""Fill the lookup columns of a register linked before 0003: organization codes and name keys.

Every later link run keeps them up to date; this only spares an existing register a run.
"""

from typing import Any

from django.db import migrations

CHUNK = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    from shezu.census.register.keys import name_keys

    organization = apps.get_model("census", "Organization")
    name_key = apps.get_model("census", "OrganizationNameKey")
    last = 0
    while True:
        chunk = list(organization.objects.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        last = chunk[-1].pk
        for org in chunk:
            org.org_code = (org.fields or {}).get("org_code") or ""
        organization.objects.bulk_update(chunk, ["org_code"])
        name_key.objects.bulk_create(
            name_key(organization_id=org.pk, kind=kind, key=key)
            for org in chunk
            for kind, key in sorted(
                name_keys(org.name, (org.fields or {}).get("former_names") or [])
            )
        )


class Migration(migrations.Migration):
    dependencies = [("census", "0006_organization_lookup")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
