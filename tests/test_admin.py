import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from reversion.admin import VersionAdmin
from reversion.models import Version

from tests.admin_forms import admin_form_data
from tests.factories import make_editor, make_staff, sign_in
from trajecten.models import Chapter, Source

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model for model in apps.get_models() if admin.site.is_registered(model)),
    key=lambda model: model._meta.label,
)
READER_MODELS = sorted(
    {
        model
        for label in settings.CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        # Not edited: bookkeeping, and a map's drawings (made from the map whenever it is saved).
        if model._meta.model_name
        not in {"contentversion", "seedrecord", "translationstatus", "networkmapdrawing"}
    },
    key=lambda model: model._meta.label,
)
INLINE_MODELS = {
    inline.model for model in REGISTERED for inline in admin.site.get_model_admin(model).inlines
}


def admin_path(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def editor(client):
    user = make_staff("redactie", superuser=True)
    sign_in(client, user)
    return user


@pytest.mark.parametrize("model", READER_MODELS, ids=lambda m: m._meta.label)
def test_every_model_readers_see_is_edited_in_the_admin_with_history(model):
    if model in INLINE_MODELS and not admin.site.is_registered(model):
        return  # edited (with history) as an inline of its parent, e.g. a map's nodes
    assert admin.site.is_registered(model), model
    assert isinstance(admin.site.get_model_admin(model), VersionAdmin), model


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_registered_model_has_a_working_admin_list_and_form(kit, editor, client, model):
    changelist = client.get(admin_path(model))
    assert changelist.status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        assert client.get(f"{admin_path(model)}{obj.pk}/change/").status_code == 200


@pytest.mark.parametrize(
    "model",
    [m for m in REGISTERED if m in READER_MODELS],
    ids=lambda m: m._meta.label,
)
def test_the_editors_group_may_change_every_content_model(kit, client, model):
    sign_in(client, make_editor())
    obj = model._default_manager.first()
    assert client.get(admin_path(model)).status_code == 200
    form = f"{admin_path(model)}{obj.pk}/change/" if obj else f"{admin_path(model)}add/"
    assert 'name="_save"' in client.get(form).content.decode()  # a form, not the read-only view


def test_chapter_form_edits_children_inline_and_links_to_the_site(kit, editor, client):
    chapter = Chapter.objects.get(slug="woning-zoeken")
    html = client.get(f"/admin/trajecten/chapter/{chapter.pk}/change/").content.decode()
    for prefix in ("sections-", "actions-", "testimonials-", "sources-"):
        assert f'name="{prefix}TOTAL_FORMS"' in html
    assert 'name="sections-0-position"' in html  # ordering is editable
    assert 'class="viewsitelink"' in html  # "view on site"


def test_an_admin_edit_is_in_the_history_and_can_be_undone(kit, editor, client):
    chapter = Chapter.objects.get(slug="woning-zoeken")
    action_sections = dict(chapter.actions.values_list("pk", "section_id"))
    assert any(action_sections.values())
    url = f"/admin/trajecten/chapter/{chapter.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "chapter_form")
    data["title_nl"] = "Een dak boven je hoofd"
    data["sections-0-body_nl"] = "Ingekort door de redactie."

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    chapter.refresh_from_db()
    assert chapter.title_nl == "Een dak boven je hoofd"
    assert chapter.sections.first().body_nl == "Ingekort door de redactie."

    history = client.get(f"/admin/trajecten/chapter/{chapter.pk}/history/").content.decode()
    assert "redactie" in history
    versions = Version.objects.get_for_object(chapter)
    assert versions.count() == 2
    assert versions[0].revision.user.username == "redactie"

    original = versions[1]  # the version the loader wrote
    revert_url = f"/admin/trajecten/chapter/{chapter.pk}/history/{original.pk}/"
    revert_data = admin_form_data(client.get(revert_url).content.decode(), "chapter_form")
    assert client.post(revert_url, revert_data).status_code == 302

    chapter.refresh_from_db()
    assert chapter.title_nl == "Woning zoeken"
    assert chapter.sections.first().body_nl != "Ingekort door de redactie."
    # The inline drop-downs must offer the chapter's sections on the revert form too.
    assert dict(chapter.actions.values_list("pk", "section_id")) == action_sections


def test_a_deleted_source_can_be_recovered_from_the_admin(kit, editor, client):
    source = Source.objects.get(number=52)
    response = client.post(f"/admin/trajecten/source/{source.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(number=52).exists()

    recover_list = client.get("/admin/trajecten/source/recover/").content.decode()
    version_id = re.search(r'href="/admin/trajecten/source/recover/(\d+)/"', recover_list).group(1)
    recover_url = f"/admin/trajecten/source/recover/{version_id}/"
    data = admin_form_data(client.get(recover_url).content.decode(), "source_form")
    assert client.post(recover_url, data).status_code == 302

    restored = Source.objects.get(number=52)
    assert restored.url == source.url and restored.chapter_id == source.chapter_id


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get("/admin/trajecten/chapter/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_reverting_one_chapter_to_its_loaded_version_leaves_other_chapters_alone(
    kit, editor, client
):
    """Each seeded document is its own revision: undoing one never undoes another's edits."""
    housing = Chapter.objects.get(slug="woning-zoeken")
    work = Chapter.objects.get(slug="werk-zoeken")
    for chapter, title in ((housing, "Een dak boven je hoofd"), (work, "Aan de slag")):
        url = f"/admin/trajecten/chapter/{chapter.pk}/change/"
        data = admin_form_data(client.get(url).content.decode(), "chapter_form")
        data["title_nl"] = title
        assert client.post(url, data).status_code == 302

    loaded = Version.objects.get_for_object(housing).last()
    assert loaded.revision.version_set.filter(content_type__model="chapter").count() == 1
    revert_url = f"/admin/trajecten/chapter/{housing.pk}/history/{loaded.pk}/"
    revert = admin_form_data(client.get(revert_url).content.decode(), "chapter_form")
    assert client.post(revert_url, revert).status_code == 302

    housing.refresh_from_db()
    work.refresh_from_db()
    assert housing.title_nl == "Woning zoeken"
    assert work.title_nl == "Aan de slag"  # untouched by the other chapter's revert
