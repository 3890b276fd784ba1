"""Seed records made before 0005 fingerprint organisations and map nodes without the new
`service` and `stands_for` fields. Left as they are, the loader would take every such
record for a staff edit and never update it again. For each record that still matches what
the loader wrote (nobody edited it), this recomputes the fingerprint with the new field
empty, as if the old load had written it: the next load then brings the services in.
Records of objects staff edited keep their fingerprint, so their edits stay kept.
"""

import hashlib
import json

from django.db import migrations

# What content.seeding.fingerprint() computes, frozen here as it was when this ran.
ORGANISATION_FIELDS = (
    "slug", "name", "abbreviation", "kind", "description_nl", "website", "email",
    "phone", "street", "postcode", "municipality", "languages", "status",
)  # fmt: skip
NODE_FIELDS = ("network_map_id", "group_id", "key", "kind", "organisation_id", "label_nl", "position")


def fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def carry_fingerprints(apps, schema_editor):
    SeedRecord = apps.get_model("content", "SeedRecord")
    kinds = [
        ("Organisation", ORGANISATION_FIELDS, ("regions", "chapters"), "service_id", r"^organisation/[^/@]+$"),
        ("MapNode", NODE_FIELDS, (), "stands_for_id", r"^map/[^/@]+/node/[^/@]+$"),
    ]  # fmt: skip
    for model_name, fields, m2m, new_field, pattern in kinds:
        model = apps.get_model("organisaties", model_name)
        for record in SeedRecord.objects.filter(key__regex=pattern):
            obj = model.objects.filter(pk=record.object_id).first()
            if obj is None:
                continue
            old = {name: getattr(obj, name) for name in fields}
            for name in m2m:
                old[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
            if fingerprint(old) == record.fingerprint:
                record.fingerprint = fingerprint({**old, new_field: None})
                record.save(update_fields=["fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0006_remove_glossaryterm_chapters_delete_page_and_more"),
        ("organisaties", "0006_services_and_drawings"),
    ]

    operations = [migrations.RunPython(carry_fingerprints, migrations.RunPython.noop)]
