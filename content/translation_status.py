"""Keep track of each translation's provenance and freshness (see content.models.TranslationStatus).

Three events change a status:
- the Dutch text of an object changes: its translations become outdated, unless it was a minor edit;
- someone saves a translation in the admin: it is current again and reviewed by that person;
- the content loader writes a machine-draft translation from the seed files.
"""

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modeltranslation.translator import NotRegistered, translator

from .models import TranslationStatus

SOURCE_LANGUAGE = "nl"


def target_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def translated_fields(model: type[models.Model]) -> list[str]:
    """The names of a model's translated fields (e.g. ["title", "body"]), or [] if it has none."""
    try:
        names = translator.get_options_for_model(model).fields
    except NotRegistered:
        return []
    # In the model's own order (the options keep them in a set): exports and queues are stable.
    return [f.name for f in model._meta.fields if f.name in names]


def other_languages(model: type[models.Model], language: str, prefix: str = "") -> list[str]:
    """The columns of `model`'s translations a reader of `language` never sees, to defer.

    Ten languages make every translated row ten times as wide; a reader's page needs only its
    own language and Dutch (the fallback and the side-by-side source)."""
    keep = {language, SOURCE_LANGUAGE}
    return [
        f"{prefix}{name}_{code}"
        for name in translated_fields(model)
        for code, _ in settings.LANGUAGES
        if code not in keep
    ]


def dutch_fingerprint(obj: models.Model) -> str:
    values = {
        name: getattr(obj, f"{name}_{SOURCE_LANGUAGE}") or ""
        for name in translated_fields(type(obj))
    }
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def has_dutch_text(obj: models.Model) -> bool:
    """False for objects whose translated fields are all empty (e.g. a map node that shows an organisation's name)."""
    return any(getattr(obj, f"{name}_{SOURCE_LANGUAGE}") for name in translated_fields(type(obj)))


def has_translation(obj: models.Model, language: str) -> bool:
    """True when every field that has Dutch text also has text in `language`."""
    return all(
        getattr(obj, f"{name}_{language}") or not getattr(obj, f"{name}_{SOURCE_LANGUAGE}")
        for name in translated_fields(type(obj))
    )


def record_dutch_edit(obj: models.Model, *, minor: bool) -> int:
    """The Dutch text of `obj` was saved. Returns how many translations became outdated."""
    fingerprint = dutch_fingerprint(obj)
    changed = TranslationStatus.objects.for_object(obj).exclude(source_fingerprint=fingerprint)
    if minor:
        # A typo fix: the translations still say the same, so they now count as made from this version.
        changed.update(source_fingerprint=fingerprint)
        return 0
    return changed.filter(outdated_since__isnull=True).update(outdated_since=timezone.now())


def record_translation(
    obj: models.Model, language: str, *, quality: str, reviewed_by=None, translator: str = ""
) -> TranslationStatus:
    """A translation of `obj` into `language` was written from the current Dutch text.

    `translator`: the name of an outside reviewer (from an imported file), if not `reviewed_by`."""
    now = timezone.now()
    status, _ = TranslationStatus.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        language=language,
        defaults={
            "quality": quality,
            "source_fingerprint": dutch_fingerprint(obj),
            "outdated_since": None,
            "reviewed_by": reviewed_by,
            "reviewed_at": now if quality == TranslationStatus.Quality.REVIEWED else None,
            "translator": translator,
        },
    )
    return status


def record_machine_drafts(translated: list[tuple[models.Model, str]]) -> None:
    """Bulk version of record_translation(..., quality=MACHINE_DRAFT) for the content loader."""
    if not translated:
        return
    wanted = {}
    for obj, language in translated:
        content_type = ContentType.objects.get_for_model(obj)
        wanted[(content_type.pk, obj.pk, language)] = dutch_fingerprint(obj)
    existing = {
        (s.content_type_id, s.object_id, s.language): s
        for s in TranslationStatus.objects.filter(
            language__in={language for _, language in translated},
            object_id__in={obj.pk for obj, _ in translated},
        )
        if (s.content_type_id, s.object_id, s.language) in wanted
    }
    to_update, to_create = [], []
    for (content_type_id, object_id, language), source in wanted.items():
        status = existing.get((content_type_id, object_id, language))
        if status is None:
            to_create.append(
                TranslationStatus(
                    content_type_id=content_type_id,
                    object_id=object_id,
                    language=language,
                    quality=TranslationStatus.Quality.MACHINE_DRAFT,
                    source_fingerprint=source,
                )
            )
        else:
            status.quality = TranslationStatus.Quality.MACHINE_DRAFT
            status.source_fingerprint = source
            status.outdated_since = None
            status.reviewed_by = None
            status.reviewed_at = None
            to_update.append(status)
    TranslationStatus.objects.bulk_create(to_create, batch_size=500)
    TranslationStatus.objects.bulk_update(
        to_update,
        ["quality", "source_fingerprint", "outdated_since", "reviewed_by", "reviewed_at"],
        batch_size=500,
    )


def changed_languages(changed_field_names, model: type[models.Model]) -> tuple[bool, set[str]]:
    """From a form's changed_data: did the Dutch change, and which translations were edited?"""
    fields = translated_fields(model)
    dutch_changed = any(f"{name}_{SOURCE_LANGUAGE}" in changed_field_names for name in fields)
    languages = {
        language
        for language in target_languages()
        for name in fields
        if f"{name}_{language}" in changed_field_names
    }
    return dutch_changed, languages


class ReaderNotices:
    """What a reader of one page in `language` should be told about its translations (one query)."""

    def __init__(self, objects, language: str):
        self.language = language
        objects = [obj for obj in objects if obj is not None and translated_fields(type(obj))]
        self.statuses = {
            (status.content_type_id, status.object_id): status
            for status in TranslationStatus.objects.for_objects(objects, language).select_related(
                "reviewed_by"
            )
        }
        self.objects = objects

    def status_of(self, obj: models.Model) -> TranslationStatus | None:
        return self.statuses.get((ContentType.objects.get_for_model(obj).pk, obj.pk))

    def is_missing(self, obj: models.Model) -> bool:
        return not has_translation(obj, self.language)

    def field_falls_back(self, obj: models.Model, field: str) -> bool:
        return not getattr(obj, f"{field}_{self.language}") and bool(
            getattr(obj, f"{field}_{SOURCE_LANGUAGE}")
        )

    @property
    def has_machine_drafts(self) -> bool:
        return any(
            s.quality == TranslationStatus.Quality.MACHINE_DRAFT for s in self.statuses.values()
        )

    @property
    def all_reviewed(self) -> bool:
        return bool(self.statuses) and all(
            s.quality == TranslationStatus.Quality.REVIEWED for s in self.statuses.values()
        )

    @property
    def has_missing(self) -> bool:
        return any(self.is_missing(obj) for obj in self.objects)


def reader_notices(objects, language: str) -> ReaderNotices | None:
    """None for Dutch readers: the source needs no notices."""
    if language == SOURCE_LANGUAGE:
        return None
    return ReaderNotices(objects, language)


def lazy_reader_notices(objects: Callable[[], list], language: str) -> ReaderNotices | None:
    """reader_notices(objects(), language), worked out only if a page renders them again (its
    stored fragments are keyed by the content version or the objects' stamps)."""
    if language == SOURCE_LANGUAGE:
        return None
    return SimpleLazyObject(lambda: ReaderNotices(objects(), language))


def reads_side_by_side(request, language: str) -> bool:
    """A volunteer and a newcomer reading together: Dutch next to the reader's language (?vergelijk=nl)."""
    return language != SOURCE_LANGUAGE and request.GET.get("vergelijk") == SOURCE_LANGUAGE
