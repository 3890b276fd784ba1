"""Plain factory functions with explicit defaults (no factory library needed)."""

import datetime
import itertools

from django.contrib.auth.models import Group, Permission, User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from actueel.models import Rule
from content.publishing import Status
from organisaties.models import (
    Coordinator,
    MapConnection,
    MapGroup,
    MapNode,
    NetworkMap,
    Organisation,
    Region,
    Service,
)
from stappen.models import AgeGroup, Situation, Step
from trajecten.models import Action, Chapter, Page, Part, Section, Source, Testimonial

_numbers = itertools.count(1)


def make_part(*, number: int | None = None, title_nl: str = "Deel", **extra) -> Part:
    return Part.objects.create(number=number or next(_numbers), title_nl=title_nl, **extra)


def make_chapter(
    *,
    part: Part | None = None,
    number: int | None = None,
    slug: str | None = None,
    title_nl: str = "Hoofdstuk",
    status: str = Status.PUBLISHED,
    **extra,
) -> Chapter:
    number = number or next(_numbers)
    return Chapter.objects.create(
        part=part or make_part(),
        number=number,
        slug=slug or f"hoofdstuk-{number}",
        title_nl=title_nl,
        summary_nl=extra.pop("summary_nl", f"Samenvatting van {title_nl}"),
        status=status,
        **extra,
    )


def make_section(
    *,
    chapter: Chapter,
    key: str | None = None,
    title_nl: str = "Sectie",
    body_nl: str = "Tekst.",
    position: int = 0,
    **extra,
) -> Section:
    return Section.objects.create(
        chapter=chapter,
        key=key or f"sectie-{next(_numbers)}",
        title_nl=title_nl,
        body_nl=body_nl,
        position=position,
        **extra,
    )


def make_action(
    *, chapter: Chapter, text_nl: str = "Doe iets.", position: int = 0, **extra
) -> Action:
    return Action.objects.create(chapter=chapter, text_nl=text_nl, position=position, **extra)


def make_testimonial(
    *, chapter: Chapter | None = None, page: Page | None = None, name: str = "Paul", **extra
) -> Testimonial:
    return Testimonial.objects.create(
        chapter=chapter,
        page=page,
        name=name,
        role=extra.pop("role", Testimonial.Role.VOLUNTEER),
        summary_nl=extra.pop("summary_nl", f"{name} vertelt."),
        **extra,
    )


def make_source(
    *, chapter: Chapter | None = None, page: Page | None = None, number: int | None = None, **extra
) -> Source:
    number = number or next(_numbers)
    return Source.objects.create(
        chapter=chapter,
        page=page,
        number=number,
        title_nl=extra.pop("title_nl", f"Bron {number}"),
        url=extra.pop("url", f"https://example.org/{number}"),
        **extra,
    )


def make_page(
    *,
    slug: str = "leeswijzer",
    title_nl: str = "Leeswijzer",
    status: str = Status.PUBLISHED,
    **extra,
) -> Page:
    return Page.objects.create(
        slug=slug,
        title_nl=title_nl,
        body_nl=extra.pop("body_nl", "Welkom."),
        status=status,
        **extra,
    )


def make_staff(
    username: str = "redactie", *, perms: tuple[str, ...] = (), superuser: bool = False
) -> User:
    user = User.objects.create_user(
        username=username, password="correct horse battery", is_staff=True, is_superuser=superuser
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_regions() -> dict[str, Region]:
    """Belgium > Flanders > the five provinces, and Brussels: the real tree, keyed by slug."""
    belgium = Region.objects.create(key="nationaal", name_nl="Heel België", position=8)
    flanders = Region.objects.create(
        key="vlaanderen", name_nl="Heel Vlaanderen", within=belgium, position=7
    )
    regions = {"nationaal": belgium, "vlaanderen": flanders}
    regions["brussel"] = Region.objects.create(
        key="brussel", name_nl="Brussel", within=belgium, position=1
    )
    for position, key in enumerate(
        ["antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen"], 2
    ):
        regions[key] = Region.objects.create(
            key=key, name_nl=key.title(), within=flanders, position=position
        )
    return regions


def make_organisation(
    *, name: str = "Organisatie", regions=(), chapters=(), **extra
) -> Organisation:
    organisation = Organisation.objects.create(
        slug=extra.pop("slug", f"org-{next(_numbers)}"),
        name=name,
        kind=extra.pop("kind", Organisation.Kind.NONPROFIT),
        description_nl=extra.pop("description_nl", f"{name} helpt nieuwkomers."),
        **extra,
    )
    organisation.regions.set(regions)
    organisation.chapters.set(chapters)
    return organisation


def make_service(key: str = "caw", name_nl: str = "Centrum voor Algemeen Welzijn (CAW)") -> Service:
    return Service.objects.create(key=key, name_nl=name_nl)


def make_network_map(*, chapter: Chapter, organisation: Organisation, **node_extra) -> NetworkMap:
    """A small map in two groups: a situation and a person (Burgers) lead to the organisation.

    `node_extra` goes to the organisation's node (e.g. stands_for=service)."""
    network_map = NetworkMap.objects.create(
        chapter=chapter, title_nl="Netwerkkaart: werk zoeken", intro_nl="Volg de pijlen."
    )
    start = MapGroup.objects.create(
        network_map=network_map, key="start", title_nl="Op zoek naar werk", position=1
    )
    help_group = MapGroup.objects.create(
        network_map=network_map, key="hulp", title_nl="Hulp", position=2
    )
    situation = MapNode.objects.create(
        network_map=network_map,
        group=start,
        key="zoekt-werk",
        kind="situation",
        label_nl="Zoekt werk",
    )
    org = MapNode.objects.create(
        network_map=network_map,
        group=help_group,
        key="vdab",
        kind="organisation",
        organisation=organisation,
        **node_extra,
    )
    you = MapNode.objects.create(
        network_map=network_map,
        group=help_group,
        key="jij",
        kind="role",
        label_nl="Burgers",
        position=2,
    )
    MapConnection.objects.create(
        network_map=network_map, source=situation, target=org, label="schrijft zich in bij"
    )
    MapConnection.objects.create(network_map=network_map, source=you, target=org)
    return network_map


def make_coordinator(username: str, *regions) -> User:
    user = User.objects.create_user(
        username=username, password="correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Regiocoördinatoren"))
    Coordinator.objects.create(user=user).regions.set(regions)
    return user


def make_editor(username: str = "redacteur") -> User:
    user = User.objects.create_user(
        username=username, password="correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


def sign_in(client, user: User) -> User:
    """Sign a staff member in as the admin requires: password and a verified second factor.

    The test stands in for both steps: a session for the user, marked as verified with a
    recovery-code device (django-otp keeps the verified device's id in the session).
    """
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


def make_rule(
    *,
    key: str = "termijn",
    value_nl: str = "6 maanden",
    applies_from: datetime.date = datetime.date(2025, 8, 18),
    **extra,
) -> Rule:
    return Rule.objects.create(
        key=key,
        name_nl=extra.pop("name_nl", f"Regel {key}"),
        value_nl=value_nl,
        applies_from=applies_from,
        source_title=extra.pop("source_title", "Wet van 18 juli 2025"),
        source_url=extra.pop("source_url", "https://www.ejustice.just.fgov.be/"),
        check_by=extra.pop("check_by", datetime.date(2027, 2, 1)),
        **extra,
    )


def make_situation(
    *, key: str = "erkend-vluchteling", name_nl: str = "Erkend vluchteling", **extra
) -> Situation:
    return Situation.objects.create(key=key, name_nl=name_nl, **extra)


def make_age_group(*, key: str = "volwassen", name_nl: str = "Volwassen", **extra) -> AgeGroup:
    return AgeGroup.objects.create(key=key, name_nl=name_nl, **extra)


def make_step(
    *,
    chapter: Chapter,
    situations=(),
    age_groups=(),
    key: str | None = None,
    title_nl: str = "Een stap",
    body_nl: str = "Doe dit.",
    status: str = Status.PUBLISHED,
    actions=(),
    organisations=(),
    **extra,
) -> Step:
    step = Step.objects.create(
        key=key or f"stap-{next(_numbers)}",
        chapter=chapter,
        title_nl=title_nl,
        body_nl=body_nl,
        status=status,
        **extra,
    )
    step.situations.set(situations)
    step.age_groups.set(age_groups)
    step.actions.set(actions)
    step.organisations.set(organisations)
    return step
