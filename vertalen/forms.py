from django import forms
from django.utils.translation import gettext_lazy as _

from content.translation_status import target_languages
from trajecten.models import Chapter


def language_choices():
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in target_languages()]


class ExportForm(forms.Form):
    class Scope:
        ALL = "all"
        CHAPTER = "chapter"
        REVIEW = "review"

    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    scope = forms.ChoiceField(
        label=_("What"),
        choices=[
            (Scope.REVIEW, _("Only what needs review (machine draft, outdated, missing)")),
            (Scope.CHAPTER, _("One chapter")),
            (Scope.ALL, _("Everything")),
        ],
        initial=Scope.REVIEW,
    )
    chapter = forms.ModelChoiceField(
        label=_("Chapter"), queryset=Chapter.objects.all(), required=False, to_field_name="slug"
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xliff", "XLIFF 1.2 (.xlf)"), ("po", "PO (.po)")],
        initial="xliff",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.Scope.CHAPTER and not cleaned.get("chapter"):
            self.add_error("chapter", _("Choose the chapter."))
        return cleaned


class ImportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    file = forms.FileField(
        label=_("Translated file"),
        help_text=_("The XLIFF or PO file you downloaded here, translated in your own tool."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ReviewForm(forms.Form):
    target = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 8}))
