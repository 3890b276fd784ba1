"""A coordinator of Limburg may keep Limburg's listings true and cannot change Antwerp's, by any path."""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from organisaties.models import Organisation
from tests.admin_forms import admin_form_data
from tests.factories import (
    make_coordinator,
    make_editor,
    make_organisation,
    make_regions,
    make_staff,
    sign_in,
)

pytestmark = pytest.mark.django_db
ADMIN = "/admin/organisaties/organisation/"


@pytest.fixture
def regions():
    return make_regions()


@pytest.fixture
def limburg_org(regions):
    with reversion.create_revision():
        return make_organisation(
            name="Zorgpunt Hasselt", slug="zorgpunt-hasselt", regions=[regions["limburg"]]
        )


@pytest.fixture
def antwerp_org(regions):
    with reversion.create_revision():
        return make_organisation(
            name="Antwerps Onthaal", slug="antwerps-onthaal", regions=[regions["antwerpen"]]
        )


@pytest.fixture
def flemish_org(regions):
    return make_organisation(
        name="Heel Vlaanderen vzw", slug="heel-vlaanderen", regions=[regions["vlaanderen"]]
    )


@pytest.fixture
def limburg(client, regions):
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    return client


def change_form(client, organisation) -> dict:
    html = client.get(f"{ADMIN}{organisation.pk}/change/").content.decode()
    return admin_form_data(html, "organisation_form")


def test_the_list_shows_only_the_coordinators_own_region(
    limburg, limburg_org, antwerp_org, flemish_org
):
    html = limburg.get(ADMIN).content.decode()
    assert "Zorgpunt Hasselt" in html
    assert "Antwerps Onthaal" not in html
    assert "Heel Vlaanderen vzw" not in html  # a Flanders-wide listing belongs to the editors


def test_the_coordinator_can_edit_their_own_listing(limburg, limburg_org):
    data = change_form(limburg, limburg_org)
    data["phone"] = "011 12 34 56"
    assert limburg.post(f"{ADMIN}{limburg_org.pk}/change/", data).status_code == 302
    limburg_org.refresh_from_db()
    assert limburg_org.phone == "011 12 34 56"


def test_the_change_form_of_another_province_is_closed(limburg, antwerp_org):
    response = limburg.get(f"{ADMIN}{antwerp_org.pk}/change/")
    assert response.status_code == 302  # the admin treats it as not found
    assert "/admin/" in response["Location"]


def test_a_forged_post_to_another_provinces_listing_changes_nothing(
    limburg, limburg_org, antwerp_org
):
    data = change_form(limburg, limburg_org)
    data["name"] = "Overgenomen"
    limburg.post(f"{ADMIN}{antwerp_org.pk}/change/", data)
    antwerp_org.refresh_from_db()
    assert antwerp_org.name == "Antwerps Onthaal"


def test_a_coordinator_cannot_move_a_listing_into_another_province(limburg, limburg_org, regions):
    data = change_form(limburg, limburg_org)
    data["regions"] = [str(regions["antwerpen"].pk)]
    response = limburg.post(f"{ADMIN}{limburg_org.pk}/change/", data)
    assert response.status_code == 200  # the form comes back with an error
    assert list(limburg_org.regions.values_list("key", flat=True)) == ["limburg"]


def test_a_coordinator_adds_listings_only_in_their_regions(limburg, regions):
    base = {
        "name": "Nieuw initiatief",
        "slug": "nieuw-initiatief",
        "kind": "citizen_initiative",
        "status": "published",
        "description_nl": "Helpt.",
    }
    limburg.post(f"{ADMIN}add/", {**base, "regions": [str(regions["antwerpen"].pk)]})
    assert not Organisation.objects.filter(slug="nieuw-initiatief").exists()

    response = limburg.post(f"{ADMIN}add/", {**base, "regions": [str(regions["limburg"].pk)]})
    assert response.status_code == 302
    assert Organisation.objects.get(slug="nieuw-initiatief").regions.get().key == "limburg"


def test_delete_of_another_provinces_listing_is_refused(limburg, antwerp_org):
    response = limburg.post(f"{ADMIN}{antwerp_org.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302  # "not found or deleted", back to the admin
    assert Organisation.objects.filter(pk=antwerp_org.pk).exists()


def test_bulk_delete_touches_only_the_coordinators_listings(limburg, limburg_org, antwerp_org):
    limburg.post(
        ADMIN,
        {
            "action": "delete_selected",
            "_selected_action": [limburg_org.pk, antwerp_org.pk],
            "post": "yes",
        },
    )
    assert Organisation.objects.filter(pk=antwerp_org.pk).exists()
    assert not Organisation.objects.filter(pk=limburg_org.pk).exists()


def test_bulk_mark_verified_touches_only_the_coordinators_listings(
    limburg, limburg_org, antwerp_org
):
    limburg.post(
        ADMIN,
        {"action": "mark_verified_today", "_selected_action": [limburg_org.pk, antwerp_org.pk]},
    )
    limburg_org.refresh_from_db()
    antwerp_org.refresh_from_db()
    assert limburg_org.last_verified is not None
    assert antwerp_org.last_verified is None


def test_history_of_another_provinces_listing_is_closed(limburg, antwerp_org):
    assert limburg.get(f"{ADMIN}{antwerp_org.pk}/history/").status_code == 403


def test_reverting_another_provinces_listing_is_refused(limburg, antwerp_org):
    with reversion.create_revision():
        antwerp_org.name = "Antwerps Onthaal (nieuw)"
        antwerp_org.save()
    old = Version.objects.get_for_object(antwerp_org).last()
    url = f"{ADMIN}{antwerp_org.pk}/history/{old.pk}/"
    assert limburg.get(url).status_code == 403
    assert limburg.post(url, {"name": "x"}).status_code == 403
    antwerp_org.refresh_from_db()
    assert antwerp_org.name == "Antwerps Onthaal (nieuw)"


def test_reverting_to_a_revision_that_also_holds_other_provinces_is_refused(
    client, limburg, regions, limburg_org, antwerp_org
):
    """An editor's bulk action puts both listings in one revision; reverting it would touch Antwerp."""
    editor_client = type(client)()
    sign_in(editor_client, make_staff("chef", superuser=True))
    editor_client.post(
        ADMIN,
        {"action": "mark_verified_today", "_selected_action": [limburg_org.pk, antwerp_org.pk]},
    )
    shared = Version.objects.get_for_object(limburg_org).first()
    assert shared.revision.version_set.count() == 2

    assert limburg.get(f"{ADMIN}{limburg_org.pk}/history/{shared.pk}/").status_code == 403
    history = limburg.get(f"{ADMIN}{limburg_org.pk}/history/").content.decode()
    assert f"/history/{shared.pk}/" not in history  # not even offered
    assert f"/history/{Version.objects.get_for_object(limburg_org).last().pk}/" in history


def test_recovering_another_provinces_deleted_listing_is_refused(limburg, antwerp_org):
    with reversion.create_revision():
        antwerp_org.delete()
    deleted = Version.objects.get_deleted(Organisation).get()
    assert "Antwerps Onthaal" not in limburg.get(f"{ADMIN}recover/").content.decode()
    assert limburg.get(f"{ADMIN}recover/{deleted.pk}/").status_code == 403
    assert limburg.post(f"{ADMIN}recover/{deleted.pk}/", {"name": "x"}).status_code == 403
    assert not Organisation.objects.filter(slug="antwerps-onthaal").exists()


def test_a_coordinator_can_undo_their_own_change(limburg, limburg_org):
    data = change_form(limburg, limburg_org)
    data["description_nl"] = "Per ongeluk gewist."
    limburg.post(f"{ADMIN}{limburg_org.pk}/change/", data)
    original = Version.objects.get_for_object(limburg_org).last()

    url = f"{ADMIN}{limburg_org.pk}/history/{original.pk}/"
    assert (
        limburg.post(
            url, admin_form_data(limburg.get(url).content.decode(), "organisation_form")
        ).status_code
        == 302
    )

    limburg_org.refresh_from_db()
    assert limburg_org.description_nl == "Zorgpunt Hasselt helpt nieuwkomers."


def test_editors_and_superusers_are_unrestricted(client, limburg_org, antwerp_org, flemish_org):
    sign_in(client, make_editor())
    html = client.get(ADMIN).content.decode()
    assert all(
        name in html for name in ("Zorgpunt Hasselt", "Antwerps Onthaal", "Heel Vlaanderen vzw")
    )
    data = change_form(client, antwerp_org)
    data["phone"] = "03 123 45 67"
    assert client.post(f"{ADMIN}{antwerp_org.pk}/change/", data).status_code == 302


def test_staff_without_a_role_cannot_open_organisations(client, limburg_org):
    sign_in(client, make_staff("stagiair"))
    assert client.get(ADMIN).status_code == 403


def test_not_verified_filter_lists_listings_older_than_a_year(client, regions):
    today = datetime.date.today()
    make_organisation(name="Vers", regions=[regions["limburg"]], last_verified=today)
    make_organisation(
        name="Oud", regions=[regions["limburg"]], last_verified=today - datetime.timedelta(days=400)
    )
    make_organisation(name="Nooit", regions=[regions["limburg"]])
    sign_in(client, make_editor())
    html = client.get(ADMIN, {"verification": "stale"}).content.decode()
    assert "Oud" in html and "Nooit" in html and ">Vers<" not in html


# The four holes found by trying the admin as a Limburg coordinator would (issue 10).


@pytest.fixture
def editor_client(client):
    other = type(client)()
    sign_in(other, make_staff("chef", superuser=True))
    return other


@pytest.fixture
def second_limburg_org(regions):
    with reversion.create_revision():
        return make_organisation(
            name="Ontmoetingshuis Genk", slug="ontmoetingshuis-genk", regions=[regions["limburg"]]
        )


@pytest.mark.parametrize("moved_to", ["antwerpen", "vlaanderen"])
def test_a_shared_revision_cannot_be_reverted_after_an_editor_moved_one_listing_away(
    limburg, editor_client, regions, limburg_org, second_limburg_org, moved_to
):
    editor_client.post(
        ADMIN,
        {
            "action": "mark_verified_today",
            "_selected_action": [limburg_org.pk, second_limburg_org.pk],
        },
    )
    shared = Version.objects.get_for_object(limburg_org).first()
    assert shared.revision.version_set.count() == 2
    # Both were in Limburg when the revision was made: the stored data alone says "in scope".
    assert limburg.get(f"{ADMIN}{limburg_org.pk}/history/{shared.pk}/").status_code == 200

    data = change_form(editor_client, second_limburg_org)
    data["regions"] = [str(regions[moved_to].pk)]
    assert editor_client.post(f"{ADMIN}{second_limburg_org.pk}/change/", data).status_code == 302

    url = f"{ADMIN}{limburg_org.pk}/history/{shared.pk}/"
    assert limburg.get(url).status_code == 403
    assert limburg.post(url, change_form(limburg, limburg_org)).status_code == 403
    assert (
        f"/history/{shared.pk}/"
        not in limburg.get(f"{ADMIN}{limburg_org.pk}/history/").content.decode()
    )
    assert list(second_limburg_org.regions.values_list("key", flat=True)) == [moved_to]


def test_the_recover_url_of_a_listing_that_still_exists_restores_nothing(
    limburg, editor_client, regions, limburg_org
):
    old = Version.objects.get_for_object(limburg_org).get()
    data = change_form(editor_client, limburg_org)
    data["regions"] = [str(regions["antwerpen"].pk)]
    editor_client.post(f"{ADMIN}{limburg_org.pk}/change/", data)

    url = f"{ADMIN}recover/{old.pk}/"
    assert limburg.get(url).status_code == 404
    assert limburg.post(url, {"name": "Terug in Limburg"}).status_code == 404
    assert editor_client.get(url).status_code == 404  # nothing to recover, for anyone
    assert list(limburg_org.regions.values_list("key", flat=True)) == ["antwerpen"]


def test_a_listing_moved_away_and_then_deleted_cannot_be_recovered_by_id(
    limburg, editor_client, regions, limburg_org
):
    limburg_version = Version.objects.get_for_object(limburg_org).get()
    data = change_form(editor_client, limburg_org)
    data["regions"] = [str(regions["antwerpen"].pk)]
    editor_client.post(f"{ADMIN}{limburg_org.pk}/change/", data)
    editor_client.post(f"{ADMIN}{limburg_org.pk}/delete/", {"post": "yes"})

    assert "Zorgpunt Hasselt" not in limburg.get(f"{ADMIN}recover/").content.decode()
    url = f"{ADMIN}recover/{limburg_version.pk}/"
    assert limburg.get(url).status_code == 403
    assert limburg.post(url, {"name": "Zorgpunt Hasselt"}).status_code == 403
    assert not Organisation.objects.filter(slug="zorgpunt-hasselt").exists()


def test_a_coordinator_recovers_their_own_deleted_listing(limburg, limburg_org):
    limburg.post(f"{ADMIN}{limburg_org.pk}/delete/", {"post": "yes"})
    deleted = Version.objects.get_deleted(Organisation).get()
    assert "Zorgpunt Hasselt" in limburg.get(f"{ADMIN}recover/").content.decode()
    url = f"{ADMIN}recover/{deleted.pk}/"
    assert (
        limburg.post(
            url, admin_form_data(limburg.get(url).content.decode(), "organisation_form")
        ).status_code
        == 302
    )
    assert Organisation.objects.get(slug="zorgpunt-hasselt").regions.get().key == "limburg"


def test_the_translation_dashboard_is_closed_to_coordinators(limburg, antwerp_org):
    response = limburg.get("/admin/vertalingen/")
    assert response.status_code == 403
    assert "Antwerps Onthaal" not in response.content.decode()


def test_the_translation_dashboard_lists_only_what_its_reader_may_see(
    client, regions, limburg_org, antwerp_org
):
    antwerp_org.status = "draft"
    antwerp_org.save()
    user = make_coordinator("vertaler-limburg", regions["limburg"])
    user.user_permissions.add(Permission.objects.get(codename="view_translationstatus"))
    sign_in(client, user)
    html = client.get("/admin/vertalingen/").content.decode()
    assert "Zorgpunt Hasselt" in html  # missing in every language: listed with its link
    assert "Antwerps Onthaal" not in html
    assert "hoofdstukken" not in html.lower()  # no access to chapters: not even their counts


def test_view_on_site_opens_only_listings_in_scope(limburg, limburg_org, antwerp_org):
    content_type = ContentType.objects.get_for_model(Organisation)
    own = limburg.get(f"/admin/r/{content_type.pk}/{limburg_org.pk}/")
    assert own.status_code == 302 and own["Location"].endswith(limburg_org.get_absolute_url())
    other = limburg.get(f"/admin/r/{content_type.pk}/{antwerp_org.pk}/")
    assert other.status_code == 404
    assert limburg.get(f"/admin/r/{content_type.pk}/niet-een-nummer/").status_code == 404


def test_autocomplete_offers_only_listings_in_scope(limburg, limburg_org, antwerp_org):
    response = limburg.get(
        "/admin/autocomplete/",
        {"app_label": "organisaties", "model_name": "mapnode", "field_name": "organisation"},
    )
    names = (
        [item["text"] for item in response.json()["results"]] if response.status_code == 200 else []
    )
    assert response.status_code in (200, 403)
    assert not any("Antwerps" in name for name in names)
