from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trajecten.models import Chapter, published_chapters

from .directory import directory_index, regions_by_key
from .models import Organisation, Region

MAX_QUERY_LENGTH = 200


class KnownChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that checks a submitted key in `known()`, a dict the form sets (read
    once per content version), not with a query; its <select> still lists the queryset's objects."""

    known: Callable[[], dict]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.known().get(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class OrganisationFilterForm(forms.Form):
    """The directory's filters: a GET form, so every result page is a shareable link.

    Made with the content version: the region and theme a reader chose are checked in memory,
    and `matching_ids` answers the filters from organisaties.directory, without joins."""

    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    region = KnownChoiceField(
        label=_("Region"),
        queryset=Region.objects.select_wider(),
        to_field_name="key",
        required=False,
        empty_label=_("All regions"),
    )
    chapter = KnownChoiceField(
        label=_("Theme"),
        queryset=Chapter.objects.published(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Organisation.Kind.choices], required=False
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        language = get_language()
        self.fields["region"].known = lambda: regions_by_key(version)
        self.fields["chapter"].known = lambda: {
            chapter.slug: chapter for chapter in published_chapters(version, language)
        }

    def matching_ids(self) -> list[int]:
        """The ids of the listings the valid filters let through, in the directory's order;
        `is_valid()` must have been called, and the form made with the content version."""
        data = self.cleaned_data
        among = None
        if data.get("q"):
            matching = Organisation.objects.published().matching(data["q"], get_language())
            among = set(matching.values_list("pk", flat=True))
        chapter = data.get("chapter")
        return directory_index(self.version).select(
            region=data.get("region"),
            chapter_id=chapter.pk if chapter else None,
            kind=data.get("kind") or "",
            among=among,
        )


class RegionChoiceForm(forms.Form):
    """The reader's region on a chapter page, remembered in a cookie (no tracking, no account)."""

    region = forms.ModelChoiceField(
        label=_("Your region"),
        queryset=Region.objects.select_wider(),
        to_field_name="key",
        empty_label=_("Choose your region"),
    )
