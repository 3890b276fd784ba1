from django import forms
from django.db import models


class WebAddressField(models.URLField):
    """A URL field whose form adds https:// (not http://) when staff leave out the scheme."""

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": forms.URLField, "assume_scheme": "https", **kwargs}
        )
