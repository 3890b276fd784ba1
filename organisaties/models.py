"""The organisations a newcomer meets, the regions they serve, and each chapter's network map.

Regions form a small tree (a province lies within Flanders, Flanders and Brussels within
Belgium), so "organisations serving Limburg" also finds those serving all of Flanders or the
whole country. Regional coordinators may edit only organisations whose every region is one
of theirs (see OrganisationQuerySet.editable_by). Translated fields are in translation.py.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.fields import WebAddressField
from content.lookups import every_group_in_any_field
from content.memo import per_content_version
from content.publishing import Publishable, PublishableQuerySet, Stamped, Status
from content.translation_status import SOURCE_LANGUAGE, other_languages
from trajecten.models import Chapter

EDIT_ALL_REGIONS = "organisaties.edit_all_regions"


def verify_every() -> datetime.timedelta:
    """How often a listing should be confirmed (README: VERIFY_EVERY_DAYS, 365 by default)."""
    return datetime.timedelta(days=settings.VERIFY_EVERY_DAYS)


class RegionQuerySet(models.QuerySet):
    def select_wider(self):
        """Load the wider regions along, so Region.with_wider() needs no queries (the tree is 3 deep)."""
        return self.select_related("within__within")


class Region(Stamped):
    """Brussels or a Flemish province, or a wider area: all of Flanders, all of Belgium.

    Stamped: the directory's stored cards name their regions (content.fragments)."""

    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    within = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("lies within"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def with_wider(self) -> list["Region"]:
        """This region and every region it lies within (no queries if loaded with select_wider())."""
        chain, region = [], self
        while region is not None:
            chain.append(region)
            region = region.within
        return chain


class Coordinator(models.Model):
    """A staff member who keeps the organisation listings of one or more regions true."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator",
        verbose_name=_("user"),
    )
    regions = models.ManyToManyField(Region, related_name="coordinators", verbose_name=_("regions"))

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("regional coordinator")
        verbose_name_plural = _("regional coordinators")

    def __str__(self) -> str:
        return str(self.user)


def region_ids_editable_by(user) -> set[int] | None:
    """The regions whose listings `user` may edit; None means every region. Runs one query."""
    if user.is_superuser or user.has_perm(EDIT_ALL_REGIONS):
        return None
    if not user.is_authenticated:
        return set()
    return set(Region.objects.filter(coordinators__user=user).values_list("pk", flat=True))


class Service(models.Model):
    """A kind of service with an office in many places: a CAW, an OCMW, a CLB, a VDAB office...

    Organisations are tagged with the service they are an office of (Organisation.service);
    a map box that stands for the service (MapNode.stands_for) shows a reader the office in
    their region, where the directory has one. Translated: name.
    """

    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("kind of service")
        verbose_name_plural = _("kinds of service")

    def __str__(self) -> str:
        return self.name


class ContactLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")


def searched_fields(language: str) -> list[str]:
    """What a reader's words are looked for in: name, abbreviation, town, and the description in
    their language and in Dutch."""
    descriptions = dict.fromkeys([f"description_{language}", f"description_{SOURCE_LANGUAGE}"])
    return ["name", "abbreviation", "municipality", *descriptions]


def searchable_text_sql(language: str) -> str:
    """The searched fields as one text in SQL, joined by chr(31), which no query holds (search
    drops control characters), so a match never spans two fields. Migration 0010 indexes exactly
    this expression, per language; a PostgreSQL test checks that the index serves it."""
    table = Organisation._meta.db_table
    return " || chr(31) || ".join(
        f"""COALESCE("{table}"."{name}", '')""" for name in searched_fields(language)
    )


class OrganisationQuerySet(PublishableQuerySet):
    def serving(self, region: Region):
        """Organisations that serve this region, directly or because they serve a wider area.

        A subquery, not a join: no duplicate rows, so no DISTINCT over every column (that made
        counting a filtered directory of 5,000 listings cost more than the listing itself)."""
        serves = Organisation.regions.through.objects.filter(
            organisation=OuterRef("pk"), region__in=region.with_wider()
        )
        return self.filter(Exists(serves))

    def matching(self, text: str, language: str):
        """Every typed word in the listing's searchable text (at most 8 words)."""
        words = text.split()[:8]  # a long paste should not become a huge query
        return self.containing([[word] for word in words], language)

    def containing(self, groups: list[list[str]], language: str):
        """Listings whose searchable text (`searchable_text_sql`) holds, for every group of
        words, one of them, in any case. On PostgreSQL a trigram index per language serves it
        (migration 0010): a word is one index scan, however many fields it may be in."""
        if connections[self.db].vendor != "postgresql":
            return self.filter(every_group_in_any_field(groups, searched_fields(language)))
        text = RawSQL(searchable_text_sql(language), (), output_field=models.TextField())
        return self.alias(searchable=text).filter(every_group_in_any_field(groups, ["searchable"]))

    def in_order(self, ids: list[int]) -> list["Organisation"]:
        """The listings with these ids, in the order given (a page of the directory)."""
        found = self.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def editable_by(self, user):
        """What a user may edit: everything for editors, only their regions' listings for coordinators."""
        return self.editable_in(region_ids_editable_by(user))

    def editable_in(self, region_ids: set[int] | None):
        """Listings whose every region is in `region_ids` (None: every listing)."""
        if region_ids is None:
            return self
        if not region_ids:
            return self.none()
        outside = Organisation.regions.through.objects.filter(organisation=OuterRef("pk")).exclude(
            region_id__in=region_ids
        )
        inside = Organisation.regions.through.objects.filter(organisation=OuterRef("pk"))
        return self.filter(Exists(inside)).exclude(Exists(outside))

    def not_verified_since(self, moment: datetime.date):
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=moment))

    def with_verification_address(self):
        """Listings the yearly check can reach: a contact address, or else a public e-mail address."""
        return self.exclude(contact_email="", email="")

    def for_list(self, language: str):
        """A directory page's listings for a reader of `language`: their own language's and
        Dutch columns only, with their regions in one extra query."""
        regions = Region.objects.defer(*other_languages(Region, language))
        return self.defer(*other_languages(Organisation, language)).prefetch_related(
            Prefetch("regions", queryset=regions)
        )

    def offices_in(self, region: Region, service_ids):
        """The offices of these services in exactly this region (not the wider ones), by name."""
        return self.filter(service_id__in=service_ids, regions=region).order_by(
            "service_id", "name"
        )


class Organisation(Publishable):
    """An organisation, service or online resource that newcomers or volunteers can turn to."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government service")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        LOCAL_SERVICE = "local_service", _("Local public service")
        NONPROFIT = "nonprofit", _("Non-profit organisation")
        CITIZEN_INITIATIVE = "citizen_initiative", _("Citizen initiative")
        ONLINE_RESOURCE = "online_resource", _("Online resource")
        COMPANY = "company", _("Company")

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    description = models.TextField(
        _("what they do"), help_text=_("For newcomers and volunteers, in plain language.")
    )
    website = WebAddressField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    regions = models.ManyToManyField(
        Region, related_name="organisations", verbose_name=_("regions served")
    )
    chapters = models.ManyToManyField(
        Chapter, related_name="organisations", blank=True, verbose_name=_("chapters")
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        help_text=_("Language codes separated by commas: nl, fr, ar."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    last_verified_by = models.CharField(
        _("verified by"),
        max_length=254,
        blank=True,
        help_text=_("Who confirmed the listing: the organisation's address or a staff member."),
    )
    # Staff only: never shown on the public page. The yearly "is this still correct?" e-mail goes here.
    contact_email = models.EmailField(
        _("contact address for checks"),
        blank=True,
        help_text=_(
            "Staff only, not shown on the site. The yearly 'is this still correct?' e-mail goes "
            "here; empty: to the public e-mail address."
        ),
    )
    contact_language = models.CharField(
        _("language of the check e-mail"),
        max_length=2,
        choices=ContactLanguage,
        default=ContactLanguage.DUTCH,
        blank=True,  # empty means Dutch: forms that do not show this field keep working
        help_text=_("French only for Brussels and national listings that ask for it."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PUBLISHED)
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("kind of service"),
        help_text=_(
            "If this is one office of a service found in many places (a CAW, an OCMW, a CLB...): "
            "network maps then show this office to readers in its regions."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("edit_all_regions", _("Can edit the organisations of every region"))]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self) -> str:
        return reverse("organisaties:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        codes = [c.strip() for c in self.languages.split(",") if c.strip()]
        if any(not (2 <= len(c) <= 3 and c.isalpha()) for c in codes):
            raise ValidationError(
                {"languages": _("Use two- or three-letter language codes, e.g. nl, fr, ar.")}
            )
        self.languages = ", ".join(c.lower() for c in codes)

    @property
    def language_codes(self) -> list[str]:
        return [c.strip() for c in self.languages.split(",") if c.strip()]

    @property
    def verification_address(self) -> str:
        """Where the yearly check goes: the staff-only contact address, else the public one."""
        return self.contact_email or self.email

    @property
    def verification_language(self) -> str:
        return self.contact_language or ContactLanguage.DUTCH

    def mark_verified(self, *, on: datetime.date | None = None, by: str = "") -> None:
        self.last_verified = on or timezone.localdate()
        self.last_verified_by = by[:254]
        self.save(update_fields=["last_verified", "last_verified_by", "updated_at"])


def map_prefetch(prefix: str = "") -> list[models.Prefetch]:
    """The prefetches that draw a map; `prefix` lets a chapter query fetch its map along."""
    return [
        models.Prefetch(
            f"{prefix}nodes", queryset=MapNode.objects.select_related("organisation", "group")
        ),
        models.Prefetch(f"{prefix}connections"),
    ]


class NetworkMapQuerySet(models.QuerySet):
    def for_display(self):
        """A map with its nodes (their group and organisation) and connections, in three queries."""
        return self.select_related("chapter").prefetch_related(*map_prefetch())

    def with_drawing(self, language: str, *, stamps_only: bool = False):
        """Prefetch the drawing in `language` (one query for all maps); see NetworkMap.drawing().
        `stamps_only`: what keys its stored figure (fingerprint, time), not the drawing itself."""
        drawings = NetworkMapDrawing.objects.filter(language=language)
        if stamps_only:
            drawings = drawings.only("network_map", "language", "fingerprint", "rendered_at")
        return self.prefetch_related(
            models.Prefetch("drawings", queryset=drawings, to_attr="language_drawings")
        )

    def visible_to(self, user):
        """Maps of the chapters this user may read (drafts for staff who may edit chapters)."""
        return self.filter(chapter__in=Chapter.objects.visible_to(user))

    def published(self):
        return self.filter(chapter__status=Status.PUBLISHED)

    def showing(self, organisation):
        """Maps that have `organisation` as one of their nodes."""
        return self.filter(nodes__organisation=organisation).distinct()


class NetworkMap(models.Model):
    """The kit's map for one chapter: which organisations and people a newcomer meets, and how they connect."""

    chapter = models.OneToOneField(
        Chapter,
        on_delete=models.CASCADE,
        related_name="network_map",
        verbose_name=_("chapter"),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    reconstructed = models.BooleanField(
        _("rebuilt from the chapter text"),
        default=False,
        help_text=_("The kit's own map labels were lost; this map was rebuilt from the chapter."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NetworkMapQuerySet.as_manager()

    class Meta:
        ordering = ["chapter__number"]
        verbose_name = _("network map")
        verbose_name_plural = _("network maps")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("organisaties:map", kwargs={"slug": self.chapter.slug})

    def get_drawing_url(self) -> str:
        return reverse("organisaties:map_drawing", kwargs={"slug": self.chapter.slug})

    def get_download_url(self) -> str:
        return reverse("organisaties:map_svg", kwargs={"slug": self.chapter.slug})

    def drawing(self, language: str) -> "NetworkMapDrawing | None":
        """The stored drawing in `language`: from with_drawing()'s prefetch, else one query."""
        prefetched = getattr(self, "language_drawings", None)
        if prefetched is None:
            return self.drawings.filter(language=language).first()
        return next((d for d in prefetched if d.language == language), None)

    def groups_in_use(self) -> list["MapGroup"]:
        """The groups that hold nodes, in order, from the prefetched nodes (no query)."""
        groups = {node.group_id: node.group for node in self.nodes.all() if node.group_id}
        return sorted(groups.values(), key=lambda g: (g.position, g.pk))

    def translatable_objects(self) -> list[models.Model]:
        """The map and everything on it that carries text, from the prefetched rows."""
        return [self, *self.groups_in_use(), *self.nodes.all(), *self.connections.all()]

    def lanes(self) -> list["Lane"]:
        """The map as ordered lanes of nodes, each node with its outgoing `.targets`.

        Works on the prefetched rows of for_display(): no queries of its own.
        """
        nodes = list(self.nodes.all())
        by_pk = {node.pk: node for node in nodes}
        for node in nodes:
            node.targets = []
        for connection in self.connections.all():
            if connection.source_id in by_pk and connection.target_id in by_pk:
                by_pk[connection.source_id].targets.append(
                    Arrow(by_pk[connection.target_id], connection.label)
                )
        lanes = [
            Lane(g.key, g.title, [n for n in nodes if n.group_id == g.pk], g)
            for g in self.groups_in_use()
        ]
        ungrouped = [n for n in nodes if n.group_id is None]
        if ungrouped:
            lanes.insert(0, Lane("", "", ungrouped))
        return lanes


@per_content_version(maxsize=256)
def chapter_map(version: int, language: str, chapter_id: int) -> "NetworkMap | None":
    """A chapter page's map, read once per content version: what keys its stored figure (the
    map's and its drawing's stamps) and its address. The figure loads the rest when it is
    rendered again (organisaties' network_map_figure)."""
    maps = NetworkMap.objects.select_related("chapter").only("updated_at", "chapter__slug")
    return maps.with_drawing(language, stamps_only=True).filter(chapter_id=chapter_id).first()


@dataclass
class Lane:
    key: str
    title: str
    nodes: list
    group: "MapGroup | None" = None


@dataclass
class Arrow:
    target: "MapNode"
    label: str


class MapGroup(models.Model):
    """A phase or situation on a map, e.g. '12–18 jaar' or 'Geen plek in OKAN'."""

    network_map = models.ForeignKey(
        NetworkMap, on_delete=models.CASCADE, related_name="groups", verbose_name=_("network map")
    )
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("map group")
        verbose_name_plural = _("map groups")
        constraints = [
            models.UniqueConstraint(fields=["network_map", "key"], name="map_group_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class MapNode(models.Model):
    """An organisation, a person's role or a situation on a map."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        ROLE = "role", _("Person")
        SITUATION = "situation", _("Situation")

    network_map = models.ForeignKey(
        NetworkMap, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("network map")
    )
    group = models.ForeignKey(
        MapGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nodes",
        verbose_name=_("group"),
    )
    key = models.SlugField(_("key"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="map_nodes",
        verbose_name=_("organisation"),
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    stands_for = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="map_nodes",
        verbose_name=_("stands for the local"),
        help_text=_(
            "For a box that means 'the local CAW' (or OCMW, CLB...): readers who chose a region "
            "see that region's office here, where the directory has one."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("map node")
        verbose_name_plural = _("map nodes")
        constraints = [
            models.UniqueConstraint(fields=["network_map", "key"], name="map_node_key_unique"),
            models.CheckConstraint(
                condition=Q(kind="organisation", organisation__isnull=False)
                | ~Q(kind="organisation"),
                name="map_node_organisation_has_organisation",
                violation_error_message=_("An organisation node needs an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        if self.organisation_id:
            return self.organisation.display_name
        return self.key

    def clean(self) -> None:
        if self.kind == self.Kind.ORGANISATION and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("An organisation node needs an organisation.")}
            )
        if not self.label and not self.organisation_id:
            raise ValidationError({"label": _("Give the node a label.")})
        if not self.group_id:
            raise ValidationError(
                {"group": _("Put the box in a group: the drawing places every box in its group.")}
            )


class MapConnection(models.Model):
    """An arrow on a map: from one node to another, optionally labelled."""

    network_map = models.ForeignKey(
        NetworkMap,
        on_delete=models.CASCADE,
        related_name="connections",
        verbose_name=_("network map"),
    )
    source = models.ForeignKey(
        MapNode, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from")
    )
    target = models.ForeignKey(
        MapNode, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to")
    )
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="map_connection_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="map_connection_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def clean(self) -> None:
        maps = {self.network_map_id} - {None}
        if self.source_id:
            maps.add(self.source.network_map_id)
        if self.target_id:
            maps.add(self.target.network_map_id)
        if len(maps) > 1:
            raise ValidationError(
                _("An arrow can only connect two boxes of this map, not a box on another map.")
            )


class NetworkMapDrawing(models.Model):
    """A map drawn as SVG in one language, made when the map is saved (organisaties/drawing.py).

    Derived data, never edited: the page shows it as it is, so no request lays out a map.
    `slots` holds the boxes a reader's region may swap for a local office:
    node key -> {"slot": n, "rect": [x, y, w, h], "kind": kind}.
    """

    network_map = models.ForeignKey(
        NetworkMap, on_delete=models.CASCADE, related_name="drawings", verbose_name=_("network map")
    )
    language = models.CharField(_("language"), max_length=10)
    svg = models.TextField(_("drawing (SVG)"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    slots = models.JSONField(_("local boxes"), default=dict, blank=True)
    fingerprint = models.CharField(_("fingerprint of what was drawn"), max_length=64)
    rendered_at = models.DateTimeField(_("drawn"), auto_now=True)

    class Meta:
        ordering = ["network_map", "language"]
        verbose_name = _("network map drawing")
        verbose_name_plural = _("network map drawings")
        constraints = [
            models.UniqueConstraint(
                fields=["network_map", "language"], name="map_drawing_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_map} [{self.language}]"

    @property
    def orientation(self) -> str:
        """The paper that fits it best: wide maps print on a landscape page."""
        return "landscape" if self.width >= self.height else "portrait"
