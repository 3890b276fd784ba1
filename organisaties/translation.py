"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import TranslationOptions, register

from content.translation import DutchRequired

from .models import MapConnection, MapGroup, MapNode, NetworkMap, Organisation, Region, Service


@register(Region)
class RegionTranslation(DutchRequired):
    fields = ("name",)


@register(Service)
class ServiceTranslation(DutchRequired):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(DutchRequired):
    fields = ("description",)


@register(NetworkMap)
class NetworkMapTranslation(DutchRequired):
    fields = ("title", "intro")


@register(MapGroup)
class MapGroupTranslation(DutchRequired):
    fields = ("title",)


@register(MapNode)
class MapNodeTranslation(TranslationOptions):
    fields = ("label",)  # optional: an organisation node may show the organisation's name


@register(MapConnection)
class MapConnectionTranslation(TranslationOptions):
    fields = ("label",)  # optional: most arrows have no label
