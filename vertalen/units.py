"""Translation units: one translated field of one object, in one language, with its Dutch source.

A unit's id is stable and readable: `<app>.<model>:<pk>:<field>`, e.g. `trajecten.section:12:body`.
Units carry their state (missing, machine draft, outdated, reviewed) and a note with context for
the translator: where the text stands, and the glossary's approved rendering of every term in it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from modeltranslation.translator import translator

from content.models import TranslationStatus
from content.page_cache import content_version
from content.translation_status import SOURCE_LANGUAGE, translated_fields
from woordenlijst.terms import term_index


class State:
    MISSING = "missing"
    DRAFT = "draft"  # a machine draft: needs review
    OUTDATED = "outdated"  # the Dutch changed after the translation was made
    REVIEWED = "reviewed"

    NEEDS_REVIEW = {MISSING, DRAFT, OUTDATED}


@dataclass
class Unit:
    id: str
    obj: models.Model
    field: str
    source: str
    target: str
    state: str
    context: str = ""
    terms: list[tuple[str, str]] = field(default_factory=list)  # (Dutch term, approved rendering)

    @property
    def model(self) -> type[models.Model]:
        return type(self.obj)

    @property
    def needs_review(self) -> bool:
        return self.state in State.NEEDS_REVIEW

    def note(self) -> str:
        """The context a translator sees in their tool."""
        lines = [self.context] if self.context else []
        lines += [f"{dutch} → {rendering}" for dutch, rendering in self.terms]
        return "\n".join(lines)


def unit_id(obj: models.Model, field_name: str) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}:{field_name}"


def parse_unit_id(value: str) -> tuple[type[models.Model], int, str] | None:
    """The model, primary key and field a unit id names, or None when it names nothing we translate."""
    try:
        label, pk, field_name = value.split(":")
        model = apps.get_model(label)
        pk = int(pk)
    except (ValueError, LookupError):
        return None
    if field_name not in translated_fields(model):
        return None
    return model, pk, field_name


def context_of(obj: models.Model) -> str:
    """Where the text stands, in Dutch, for the translator (from already loaded relations)."""
    parts = []
    chapter = getattr(obj, "chapter", None) or getattr(
        getattr(obj, "network_map", None), "chapter", None
    )
    page = getattr(obj, "page", None)
    if chapter is not None:
        parts.append(f"Hoofdstuk {chapter.number}: {chapter.title_nl}")
    elif page is not None:
        parts.append(f"Pagina: {page.title_nl}")
    label = obj._meta.verbose_name
    title = (
        getattr(obj, "title_nl", None) or getattr(obj, "name", None) or getattr(obj, "key", None)
    )
    parts.append(f"{label}: {title}" if title else str(label))
    return " · ".join(parts)


def select_for_context(model: type[models.Model]) -> list[str]:
    names = {f.name for f in model._meta.fields}
    related = []
    if "chapter" in names:
        related.append("chapter")
    if "page" in names:
        related.append("page")
    if "network_map" in names:
        related.append("network_map__chapter")
    return related


def objects_of_chapter(model: type[models.Model], chapter) -> models.QuerySet:
    """This model's objects that belong to `chapter` (the chapter itself, its sections, its map...)."""
    queryset = model._default_manager.all()
    names = {f.name for f in model._meta.fields}
    if model._meta.label_lower == "trajecten.chapter":
        return queryset.filter(pk=chapter.pk)
    if "chapter" in names:
        return queryset.filter(chapter=chapter)
    if "network_map" in names:
        return queryset.filter(network_map__chapter=chapter)
    return queryset.none()


def _state(obj, language: str, field_name: str, status: TranslationStatus | None) -> str:
    if not (getattr(obj, f"{field_name}_{language}") or ""):
        return State.MISSING
    if status is None or status.quality == TranslationStatus.Quality.MACHINE_DRAFT:
        return State.DRAFT
    if status.outdated_since is not None:
        return State.OUTDATED
    return State.REVIEWED


def collect_units(
    language: str,
    *,
    chapter=None,
    needing_review: bool = False,
    with_notes: bool = True,
    models_: Iterable[type[models.Model]] | None = None,
) -> list[Unit]:
    """Every unit of `language` (or those of one chapter, or only those that need review).

    A few queries per translated model: its objects, and the statuses of all of them.
    `with_notes=False` skips finding the glossary terms of each unit (see Unit.note()).
    """
    dutch_terms = term_index(content_version(None), SOURCE_LANGUAGE)
    units: list[Unit] = []
    registered = sorted(
        translator.get_registered_models(abstract=False), key=lambda m: m._meta.label
    )
    for model in models_ or registered:
        fields = translated_fields(model)
        queryset = model._default_manager.select_related(*select_for_context(model))
        if chapter is not None:
            queryset = objects_of_chapter(model, chapter).select_related(*select_for_context(model))
        objects = list(queryset)
        if not objects:
            continue
        content_type = ContentType.objects.get_for_model(model)
        statuses = {
            s.object_id: s
            for s in TranslationStatus.objects.filter(
                content_type=content_type, language=language, object_id__in=[o.pk for o in objects]
            )
        }
        for obj in objects:
            for field_name in fields:
                source = getattr(obj, f"{field_name}_{SOURCE_LANGUAGE}") or ""
                if not source:
                    continue
                state = _state(obj, language, field_name, statuses.get(obj.pk))
                if needing_review and state not in State.NEEDS_REVIEW:
                    continue
                units.append(
                    Unit(
                        id=unit_id(obj, field_name),
                        obj=obj,
                        field=field_name,
                        source=source,
                        target=getattr(obj, f"{field_name}_{language}") or "",
                        state=state,
                        context=context_of(obj),
                        terms=approved_terms(source, language, dutch_terms) if with_notes else [],
                    )
                )
    return units


def approved_terms(source: str, language: str, dutch_terms) -> list[tuple[str, str]]:
    """The glossary terms in a Dutch text with their approved rendering in `language`."""
    found = {}
    for _start, _end, term in dutch_terms.find(source):
        rendering = getattr(term, f"term_{language}") or ""
        if rendering:
            found.setdefault(term.key, (term.term_nl, rendering))
    return list(found.values())


def source_changed(obj: models.Model, field_name: str, source_in_file: str) -> bool:
    return (getattr(obj, f"{field_name}_{SOURCE_LANGUAGE}") or "").strip() != source_in_file.strip()
