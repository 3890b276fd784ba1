"""One sitemap for every public page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from content.models import Page
from organisaties.models import NetworkMap, Organisation
from trajecten.models import Chapter


class LocalisedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class FixedPagesSitemap(LocalisedSitemap):
    def items(self):
        return ["home", "organisaties:directory"]

    def location(self, item):
        return reverse(item)


class ChapterSitemap(LocalisedSitemap):
    def items(self):
        return Chapter.objects.published()

    def lastmod(self, chapter):
        return chapter.updated_at


class PageSitemap(LocalisedSitemap):
    def items(self):
        return Page.objects.published()

    def lastmod(self, page):
        return page.updated_at


class OrganisationSitemap(LocalisedSitemap):
    def items(self):
        return Organisation.objects.published()

    def lastmod(self, organisation):
        return organisation.updated_at


class NetworkMapSitemap(LocalisedSitemap):
    def items(self):
        return NetworkMap.objects.filter(chapter__in=Chapter.objects.published()).select_related(
            "chapter"
        )

    def lastmod(self, network_map):
        return network_map.updated_at


SITEMAPS = {
    "pages": FixedPagesSitemap,
    "chapters": ChapterSitemap,
    "content": PageSitemap,
    "organisations": OrganisationSitemap,
    "maps": NetworkMapSitemap,
}
