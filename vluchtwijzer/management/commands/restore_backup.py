"""Restore a backup made by `make backup` (dumpdata) into an empty, migrated database.

Backups made before a model moved between apps name it by its old label; they are upgraded on
the way in (the tables never changed), so an old backup restores like a new one.
"""

import gzip
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

# Models that moved between apps with their tables (issue 11): old label -> new label.
MOVED_MODELS = {
    "content.page": "trajecten.page",
    "content.glossaryterm": "woordenlijst.glossaryterm",
}


# Models that gained the time of their last change (issue 16): an old backup has none.
STAMPED_LATER = {
    "trajecten.part",
    "trajecten.section",
    "trajecten.action",
    "trajecten.testimonial",
    "trajecten.source",
}


def _moved(app_label: str, model: str) -> list[str] | None:
    new = MOVED_MODELS.get(f"{app_label}.{model}")
    return new.split(".") if new else None


def upgrade(objects: list[dict]) -> int:
    """Rename moved models everywhere a backup names them; returns how many rows changed."""
    changed = 0
    restored_at = timezone.now().isoformat()
    for obj in objects:
        before = json.dumps(obj, sort_keys=True)
        obj["model"] = MOVED_MODELS.get(obj["model"], obj["model"])
        for name, value in obj["fields"].items():
            # A content type as a natural key: ["content", "page"].
            if (
                isinstance(value, list)
                and len(value) == 2
                and all(isinstance(v, str) for v in value)
            ):
                obj["fields"][name] = _moved(*value) or value
            # Permissions as natural keys: [["add_page", "content", "page"], ...].
            elif isinstance(value, list) and all(
                isinstance(v, list) and len(v) == 3 for v in value
            ):
                obj["fields"][name] = [[v[0], *(_moved(v[1], v[2]) or v[1:])] for v in value]
        if obj["model"] == "reversion.version":
            data = obj["fields"]["serialized_data"]
            for old, new in MOVED_MODELS.items():
                data = data.replace(f'"model": "{old}"', f'"model": "{new}"')
            obj["fields"]["serialized_data"] = data
        if obj["model"] == "trajecten.page" and "placement" not in obj["fields"]:
            # Pages gained a placement when they moved; the leeswijzer introduces the kit.
            is_introduction = obj["fields"].get("slug") == "leeswijzer"
            obj["fields"]["placement"] = "introduction" if is_introduction else "closing"
        if obj["model"] in STAMPED_LATER and "updated_at" not in obj["fields"]:
            obj["fields"]["updated_at"] = restored_at
        changed += json.dumps(obj, sort_keys=True) != before
    return changed


class Command(BaseCommand):
    help = "Restore a backup (make backup) into an empty, migrated database, upgrading old backups."

    def add_arguments(self, parser):
        parser.add_argument("file", help="var/backup-....json.gz (or .json)")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No backup at {path}.")
        opener = gzip.open if path.suffix == ".gz" else open
        try:
            with opener(path, "rt", encoding="utf-8") as fh:
                objects = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path} is not a backup made by `make backup`: {exc}") from None
        changed = upgrade(objects)
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as upgraded:
            json.dump(objects, upgraded)
            upgraded.flush()
            call_command("loaddata", upgraded.name, stdout=self.stdout)
        call_command("bump_content_version", stdout=self.stdout)
        self.stdout.write(
            f"Restored {len(objects)} rows from {path} ({changed} upgraded from an older layout)."
        )
