from django import forms
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH, clean_query


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "id": "id_search_q",
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
        error_messages={
            "max_length": _("Your search is too long. Use at most %(limit_value)d characters.")
        },
    )

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data["q"])
