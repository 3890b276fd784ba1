import re

import pytest
from reversion.models import Version

from content.seeding import load_starterskit, read_starterskit
from trajecten.models import Action, Chapter, Page, Part, Section, Source, Testimonial
from trajecten.seed import TrajectenSeed

pytestmark = pytest.mark.django_db

KIT_CHAPTERS = [
    "bescherming-aanvragen",
    "integreren-en-inburgeren",
    "werk-zoeken",
    "woning-zoeken",
    "maatschappelijke-dienstverlening",
    "opleiding-volgen",
    "herenigen-met-het-gezin",
    "zorgen-voor",
]


def test_the_whole_kit_is_loaded(kit):
    assert list(Chapter.objects.published().values_list("slug", flat=True)) == KIT_CHAPTERS
    assert list(Part.objects.values_list("number", flat=True)) == [1, 2]
    assert list(Chapter.objects.filter(part__number=1).values_list("number", flat=True)) == [1]
    assert set(Page.objects.published().values_list("slug", flat=True)) == {"leeswijzer", "wat-nu"}
    assert sorted(Source.objects.values_list("number", flat=True)) == list(range(1, 92))
    assert Testimonial.objects.count() == 25
    assert Action.objects.count() == 64
    for chapter in Chapter.objects.all():
        assert chapter.sections.count() >= 3, chapter
        assert chapter.actions.count() >= 5, chapter
        assert chapter.sources.exists(), chapter
        assert chapter.testimonials.exists(), chapter


def test_no_source_points_to_a_local_or_intranet_file(kit):
    for source in Source.objects.all():
        assert source.url.startswith(("https://", "http://")), source
        assert "sharepoint" not in source.url.lower() and " " not in source.url, source


def test_every_source_is_on_the_site_with_its_url(kit, client):
    found = {}
    urls = [c.get_absolute_url() for c in Chapter.objects.all()] + [
        p.get_absolute_url() for p in Page.objects.all()
    ]
    for url in urls:
        html = client.get(url).content.decode()
        for number, href in re.findall(
            r'<li id="bron-(\d+)" value="\d+">\s*<a href="([^"]+)" rel="noopener"', html
        ):
            found[int(number)] = href.replace("&amp;", "&")
    assert sorted(found) == list(range(1, 92))
    for source in Source.objects.all():
        assert found[source.number] == source.url


def test_every_cited_footnote_has_its_source_on_the_same_page(kit):
    for chapter in Chapter.objects.for_detail():
        listed = {s.number for s in chapter.sources.all()}
        texts = (
            [chapter.intro_nl]
            + [s.body_nl for s in chapter.sections.all()]
            + [a.text_nl for a in chapter.actions.all()]
        )
        cited = {int(n) for t in texts for n in re.findall(r"\[\^(\d+)\]", t)}
        assert cited <= listed, (chapter.slug, cited - listed)
        assert listed <= cited | {
            t.source.number for t in chapter.testimonials.all() if t.source
        }, chapter.slug


def test_known_kit_errors_are_fixed(kit):
    # The kit printed directive 2011/55/EG; the temporary protection directive is 2001/55/EG.
    text = " ".join(
        Section.objects.filter(chapter__slug="bescherming-aanvragen").values_list(
            "body_nl", flat=True
        )
    )
    assert "2001/55/EG" in text and "2011/55/EG" not in text
    # Source 88 (Mind-Spring for adults) must not repeat source 72's Junior page.
    assert Source.objects.get(number=88).url != Source.objects.get(number=72).url


def test_running_twice_creates_nothing_twice(kit):
    before = {
        m: m.objects.count() for m in (Part, Chapter, Section, Action, Testimonial, Source, Page)
    }
    report = load_starterskit()
    assert report.total("created") == 0
    assert report.total("updated") == 0
    assert {m: m.objects.count() for m in before} == before


def test_reloading_keeps_an_edit_made_in_the_admin(kit):
    section = Section.objects.get(chapter__slug="woning-zoeken", key="huurwaarborg")
    section.body_nl = "Door de redactie herschreven."
    section.save()

    report = load_starterskit()

    section.refresh_from_db()
    assert section.body_nl == "Door de redactie herschreven."
    assert report.total("kept staff edit") == 1


def test_reloading_does_not_bring_back_what_staff_deleted(kit):
    Testimonial.objects.filter(name="Christine").delete()
    report = load_starterskit()
    assert not Testimonial.objects.filter(name="Christine").exists()
    assert report.total("kept deleted") == 1


def test_reloading_updates_what_nobody_edited_when_the_seed_changed(kit):
    kit_text = TrajectenSeed()
    read_starterskit([kit_text])
    path, data = kit_text.chapters[3]
    data["sections"][0]["title"] = "Nieuwe titel uit de seed"

    load_starterskit([kit_text])

    section = Section.objects.get(chapter__slug=data["slug"], key=data["sections"][0]["key"])
    assert section.title_nl == "Nieuwe titel uit de seed"


def test_loading_is_recorded_in_the_history(kit):
    chapter = Chapter.objects.get(slug="zorgen-voor")
    versions = Version.objects.get_for_object(chapter)
    assert versions.count() == 1
    assert "load_starterskit" in versions[0].revision.comment
