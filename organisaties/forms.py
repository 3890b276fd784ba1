from django import forms
from django.utils.translation import gettext_lazy as _

from trajecten.models import Chapter

from .models import Organisation, Region

MAX_QUERY_LENGTH = 200


class OrganisationFilterForm(forms.Form):
    """The directory's filters: a GET form, so every result page is a shareable link."""

    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.select_wider(),
        to_field_name="key",
        required=False,
        empty_label=_("All regions"),
    )
    chapter = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Chapter.objects.published(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Organisation.Kind.choices], required=False
    )

    def filter(self, organisations):
        """Apply the filters that are valid; `is_valid()` must have been called."""
        data = self.cleaned_data
        if data.get("region"):
            organisations = organisations.serving(data["region"]).local_first(data["region"])
        if data.get("chapter"):
            organisations = organisations.for_chapter(data["chapter"])
        if data.get("kind"):
            organisations = organisations.of_kind(data["kind"])
        if data.get("q"):
            organisations = organisations.matching(data["q"])
        return organisations


class RegionChoiceForm(forms.Form):
    """The reader's region on a chapter page, remembered in a cookie (no tracking, no account)."""

    region = forms.ModelChoiceField(
        label=_("Your region"),
        queryset=Region.objects.select_wider(),
        to_field_name="key",
        empty_label=_("Choose your region"),
    )
