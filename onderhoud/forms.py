from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Organisation
from trajecten.models import Section

from .reports import form_stamp

MESSAGE_MAX = 2000


def report_box_id(target=None, *, section_pk: str = "") -> str:
    """The id of a report box and the prefix of its fields: unique on a chapter page."""
    if isinstance(target, Section):
        section_pk = str(target.pk)
    return f"melden-s{section_pk}" if section_pk.isdigit() else "melden"


class ReportForm(forms.Form):
    """A reader's "Meld een wijziging" about a listing or a chapter section (hidden target fields)."""

    message = forms.CharField(
        label=_("What is wrong or has changed?"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional, if you want an answer)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The honeypot: hidden from people by CSS; software that fills every field fills this too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.published(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    section = forms.ModelChoiceField(
        queryset=Section.objects.published().select_related("chapter"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, target=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("stamp", form_stamp())
        if isinstance(target, Organisation):
            initial["organisation"] = target.slug
        elif isinstance(target, Section):
            initial["section"] = target.pk
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("section")):
            raise forms.ValidationError(
                _("We do not know which page this is about. Open the page again and retry.")
            )
        return data


class ProposalForm(forms.Form):
    """The listing as it stands; the organisation changes what is no longer right."""

    name = forms.CharField(label=_("Name"), max_length=200)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=30, required=False)
    description_nl = forms.CharField(
        label=_("What you do (in Dutch)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    website = forms.URLField(
        label=_("Website"), max_length=500, required=False, assume_scheme="https"
    )
    email = forms.EmailField(label=_("Public e-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=_("Language codes separated by commas: nl, fr, ar."),
    )
    note = forms.CharField(
        label=_("Anything else we should know? (for example other regions or themes)"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, shown: dict[str, str], **kwargs):
        super().__init__(*args, initial=shown, **kwargs)
        self.shown = shown

    def clean(self):
        data = super().clean()
        if not self.errors:
            changed = any((data.get(name) or "") != value for name, value in self.shown.items())
            if not changed and not data.get("note"):
                raise forms.ValidationError(
                    _(
                        "You did not change anything. If everything is still correct, use the "
                        "button 'Yes, this is still correct' instead."
                    )
                )
        return data
