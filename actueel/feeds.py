"""The Atom feed of "Wat is er veranderd?", one per language (the URL carries it)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from content.markup import tokens_as_text

from .models import ChangeNote

ITEMS = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Vluchtwijzer: what has changed?")

    def subtitle(self):
        return _("Changes to the starterskit for volunteers: rules, chapters and organisations.")

    def link(self):
        return reverse("actueel:changes")

    def items(self):
        return ChangeNote.objects.announced().prefetch_related("subject")[:ITEMS]

    def item_title(self, note: ChangeNote) -> str:
        return note.title

    def item_description(self, note: ChangeNote) -> str:
        return tokens_as_text(note.summary)

    def item_link(self, note: ChangeNote) -> str:
        return note.subject_url() or f"{reverse('actueel:changes')}#wijziging-{note.pk}"

    def item_guid(self, note: ChangeNote) -> str:
        return f"{reverse('actueel:changes')}#wijziging-{note.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, note: ChangeNote) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(note.date, datetime.time(12)))

    def item_updateddate(self, note: ChangeNote) -> datetime.datetime:
        return note.created_at
