"""Month names for the `F` date format, in our own catalogues.

Django translates "January" … "December" itself, but has no catalogue for Pashto, Tigrinya or
Somali: listing them here puts them in locale/ so "valid since 18 August 2025" reads in the
reader's language. The msgids are Django's own, so our translations take their place.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
