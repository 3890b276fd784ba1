"""One sitemap for every public page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organisaties.models import NetworkMap, Organisation
from trajecten.models import Chapter, Page


class LocalisedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def lastmod(self, item):
        return item.updated_at


class FixedPagesSitemap(LocalisedSitemap):
    def items(self):
        return ["home", "stappen:checklist", "organisaties:directory", "woordenlijst:glossary"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None


class ChapterSitemap(LocalisedSitemap):
    def items(self):
        return Chapter.objects.published()


class PageSitemap(LocalisedSitemap):
    def items(self):
        return Page.objects.published()


class OrganisationSitemap(LocalisedSitemap):
    def items(self):
        return Organisation.objects.published()


class NetworkMapSitemap(LocalisedSitemap):
    def items(self):
        return NetworkMap.objects.published().select_related("chapter")


SITEMAPS = {
    "pages": FixedPagesSitemap,
    "chapters": ChapterSitemap,
    "content": PageSitemap,
    "organisations": OrganisationSitemap,
    "maps": NetworkMapSitemap,
}
