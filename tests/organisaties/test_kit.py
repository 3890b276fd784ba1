import re

import pytest
from reversion.models import Version

from content.seeding import SeedError, read_starterskit
from organisaties.models import MapNode, NetworkMap, Organisation
from organisaties.seed import OrganisatiesSeed
from tests.admin_forms import admin_form_data
from tests.factories import make_staff, sign_in
from trajecten.models import Chapter

pytestmark = pytest.mark.django_db


def test_all_kit_organisations_and_maps_are_loaded(kit):
    assert Organisation.objects.published().count() == 87
    assert Organisation.objects.filter(regions__isnull=True).count() == 0
    assert sorted(NetworkMap.objects.values_list("chapter__number", flat=True)) == list(range(1, 9))
    for network_map in NetworkMap.objects.all():
        assert network_map.nodes.count() >= 10, network_map
        assert network_map.connections.count() >= 10, network_map
    assert Organisation.objects.get(slug="vdab").website == "https://www.vdab.be/"
    # The DVZ office; Victor Hortaplein 40 was the 2022-2023 Ukraine registration centre.
    assert Organisation.objects.get(slug="dvz").street == "Pachecolaan 44"


def test_every_organisation_node_of_every_map_links_to_its_page(kit, client):
    for chapter in Chapter.objects.all():
        html = client.get(f"/nl/organisaties/netwerkkaart/{chapter.slug}/").content.decode()
        for node in MapNode.objects.filter(
            network_map__chapter=chapter, kind="organisation"
        ).select_related("organisation"):
            assert f'<a href="{node.organisation.get_absolute_url()}">' in html, node
        linked = set(re.findall(r'href="/nl/organisaties/([a-z0-9-]+)/"', html))
        assert linked <= set(Organisation.objects.values_list("slug", flat=True))


def test_every_organisation_page_answers(kit, client):
    for slug in Organisation.objects.values_list("slug", flat=True):
        assert client.get(f"/nl/organisaties/{slug}/").status_code == 200, slug


def test_an_edit_to_a_map_is_in_its_history_and_can_be_undone(kit, client):
    sign_in(client, make_staff("redactie", superuser=True))
    network_map = NetworkMap.objects.get(chapter__slug="opleiding-volgen")
    url = f"/admin/organisaties/networkmap/{network_map.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "networkmap_form")
    node_fields = [
        k for k in data if k.startswith("nodes-") and k.endswith("-label_nl") and data[k]
    ]
    data[node_fields[0]] = "Hernoemd door de redactie"
    assert client.post(url, data).status_code == 302
    assert network_map.nodes.filter(label_nl="Hernoemd door de redactie").exists()

    original = Version.objects.get_for_object(network_map).last()
    revert_url = f"/admin/organisaties/networkmap/{network_map.pk}/history/{original.pk}/"
    revert = admin_form_data(client.get(revert_url).content.decode(), "networkmap_form")
    assert client.post(revert_url, revert).status_code == 302
    assert not network_map.nodes.filter(label_nl="Hernoemd door de redactie").exists()


def test_organisation_seed_problems_are_listed_not_loaded(tmp_path):
    (tmp_path / "maps").mkdir()
    (tmp_path / "regions.toml").write_text('[[regions]]\nkey = "limburg"\nname = "Limburg"\n')
    (tmp_path / "organisations.toml").write_text(
        '[[organisations]]\nkey = "x"\nname = "X"\nkind = "sect"\ndescription = "d"\nregions = ["mars"]\n'
        'website = "file:///Volumes/T7/x.docx"\n'
    )
    (tmp_path / "maps" / "01-x.toml").write_text(
        'chapter = "x"\ntitle = "T"\n[[nodes]]\nkey = "a"\nkind = "organisation"\norganisation = "nope"\n'
        '[[connections]]\nfrom = "a"\nto = "b"\n'
    )
    with pytest.raises(SeedError) as excinfo:
        read_starterskit([OrganisatiesSeed(tmp_path)])
    message = str(excinfo.value)
    assert "organisations.toml x: kind: Value 'sect' is not a valid choice." in message
    assert "regions must be a non-empty list" in message
    assert "local or intranet link" in message
    assert "unknown organisation 'nope'" in message
    assert "connection a -> b names an unknown node" in message
