"""The translation dashboard: per language, how much is translated, reviewed, drafted, outdated or missing.

It counts only what the signed-in user may see in the admin (each model through its own
admin's queryset), so a regional coordinator never learns the names of another province's
drafts here.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from .admin import scoped_objects
from .models import TranslationStatus
from .translation_status import has_dutch_text, has_translation, target_languages

MISSING_EXAMPLES = 15


@dataclass
class Counts:
    objects: int = 0
    translated: int = 0
    missing: int = 0
    draft: int = 0
    reviewed: int = 0
    outdated: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("objects", "translated", "missing", "draft", "reviewed", "outdated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.objects) if self.objects else 100


@dataclass
class ModelRow:
    model: str
    per_language: dict[str, Counts]


@dataclass
class Overview:
    languages: list[str]
    rows: list[ModelRow] = field(default_factory=list)
    totals: dict[str, Counts] = field(default_factory=dict)
    missing_examples: dict[str, list[tuple[models.Model, str | None]]] = field(default_factory=dict)


def admin_url(obj: models.Model) -> str | None:
    """Where `obj` is edited: its own change form, or its parent's for inline-only models."""
    target = obj
    if not admin.site.is_registered(type(obj)):
        parents = [
            getattr(obj, f.name)
            for f in obj._meta.fields
            if f.many_to_one and admin.site.is_registered(f.related_model)
        ]
        target = next((parent for parent in parents if parent is not None), None)
    if target is None:
        return None
    opts = target._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
    except NoReverseMatch:
        return None


def overview(request) -> Overview:
    """Count every translated object the user may see, per language (a query per model)."""
    languages = target_languages()
    result = Overview(
        languages=languages,
        totals={language: Counts() for language in languages},
        missing_examples={language: [] for language in languages},
    )
    statuses = {
        (s.content_type_id, s.object_id, s.language): s
        for s in TranslationStatus.objects.only(
            "content_type_id", "object_id", "language", "quality", "outdated_since"
        )
    }
    for model in sorted(
        translator.get_registered_models(abstract=False), key=lambda m: m._meta.label
    ):
        visible = scoped_objects(request, model)
        if visible is None:
            continue
        content_type = ContentType.objects.get_for_model(model)
        objects = [obj for obj in visible if has_dutch_text(obj)]
        per_language = {}
        for language in languages:
            counts = Counts(objects=len(objects))
            for obj in objects:
                if not has_translation(obj, language):
                    counts.missing += 1
                    if len(result.missing_examples[language]) < MISSING_EXAMPLES:
                        result.missing_examples[language].append((obj, admin_url(obj)))
                    continue
                counts.translated += 1
                status = statuses.get((content_type.pk, obj.pk, language))
                if status is None or status.quality == TranslationStatus.Quality.MACHINE_DRAFT:
                    counts.draft += 1
                else:
                    counts.reviewed += 1
                if status is not None and status.outdated_since:
                    counts.outdated += 1
            per_language[language] = counts
            result.totals[language].add(counts)
        result.rows.append(ModelRow(model._meta.verbose_name_plural, per_language))
    return result


@permission_required("content.view_translationstatus", raise_exception=True)
def translation_dashboard(request):
    """Per language: how much is translated, reviewed, machine draft, outdated or missing.

    Mounted through admin.site.admin_view (staff with a verified second factor only)."""
    context = {
        **admin.site.each_context(request),
        "title": _("Translations"),
        "overview": overview(request),
        "status_url": reverse("admin:content_translationstatus_changelist"),
    }
    return TemplateResponse(request, "admin/translation_dashboard.html", context)
