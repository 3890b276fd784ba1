import re

import pytest
from reversion.models import Version

from tests.admin_forms import admin_form_data
from tests.factories import make_staff, sign_in
from trajecten.models import Chapter, Source

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    "trajecten/part",
    "trajecten/chapter",
    "trajecten/section",
    "trajecten/action",
    "trajecten/testimonial",
    "trajecten/source",
    "content/page",
    "content/seedrecord",
]


@pytest.fixture
def editor(client):
    user = make_staff("redactie", superuser=True)
    sign_in(client, user)
    return user


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_model_has_a_working_admin_list_and_form(kit, editor, client, model):
    changelist = client.get(f"/admin/{model}/")
    assert changelist.status_code == 200
    first_link = re.search(rf'href="/admin/{model}/(\d+)/change/', changelist.content.decode())
    assert first_link, f"no objects listed for {model}"
    assert client.get(f"/admin/{model}/{first_link.group(1)}/change/").status_code == 200


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
