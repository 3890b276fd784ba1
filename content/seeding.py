"""Write seed data to the database without ever overwriting what staff changed.

`SeedSync.sync()` is the one rule the content loader follows for every object:

- never seeded before: create it, and remember a fingerprint of the values written;
- seeded, but the object is gone: staff deleted it, so leave it deleted;
- the object still matches the fingerprint: nobody touched it, so bring it up to date;
- the object no longer matches: staff edited it in the admin, so keep their version.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from .models import SeedRecord
from .translation_status import record_dutch_edit


def fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def current_values(obj: models.Model, names, m2m_names=()) -> dict:
    values = {name: getattr(obj, name) for name in names}
    for name in m2m_names:
        values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


@dataclass
class SeedReport:
    counts: Counter = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)

    def count(self, model: type[models.Model], outcome: str) -> None:
        self.counts[(model._meta.verbose_name_plural, outcome)] += 1

    def total(self, outcome: str) -> int:
        return sum(n for (_, o), n in self.counts.items() if o == outcome)

    def lines(self) -> list[str]:
        rows = []
        for name in sorted({m for m, _ in self.counts}, key=str):
            parts = [
                f"{n} {outcome}"
                for (m, outcome), n in sorted(self.counts.items(), key=str)
                if m == name
            ]
            rows.append(f"{name}: {', '.join(parts)}")
        return rows + self.messages


class SeedSync:
    def __init__(self, report: SeedReport):
        self.report = report

    def sync(
        self,
        model: type[models.Model],
        key: str,
        values: dict,
        m2m: dict[str, list[int]] | None = None,
    ) -> models.Model | None:
        """Create or update one seeded object; returns it, or None when staff deleted it.

        `m2m` maps many-to-many field names to the primary keys they should hold.
        """
        m2m = {name: sorted(pks) for name, pks in (m2m or {}).items()}
        wanted = fingerprint({**values, **m2m})
        record = SeedRecord.objects.filter(key=key).first()
        if record is None:
            return self._create(model, key, values, m2m, wanted)

        obj = model.objects.filter(pk=record.object_id).first()
        if obj is None:
            self.report.count(model, "kept deleted")
            return None
        now = fingerprint(current_values(obj, values, m2m))
        if now == wanted:
            self.report.count(model, "unchanged")
        elif now != record.fingerprint:
            self.report.count(model, "kept staff edit")
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            for name, pks in m2m.items():
                getattr(obj, name).set(pks)
            record.fingerprint = wanted
            record.save(update_fields=["fingerprint", "loaded_at"])
            self.report.count(model, "updated")
            # New Dutch text from the seed files: translations made from the old text are now outdated.
            record_dutch_edit(obj, minor=False)
        return obj

    def _create(self, model, key: str, values: dict, m2m: dict[str, list[int]], wanted: str):
        try:
            with transaction.atomic():
                obj = model(**values)
                obj.save()
                for name, pks in m2m.items():
                    getattr(obj, name).set(pks)
        except IntegrityError:
            # Staff made an object with the same natural key (e.g. source number) by hand: theirs wins.
            self.report.count(model, "conflict")
            self.report.messages.append(
                f"Not created, an object with the same number or slug exists: {key}"
            )
            return None
        SeedRecord.objects.create(
            key=key,
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            fingerprint=wanted,
        )
        self.report.count(model, "created")
        return obj
