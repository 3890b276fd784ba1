"""Load regions, organisations and network maps from organisaties/seed (part of load_starterskit).

Same rules as the chapters (content.seeding.SeedSync): validate everything first, then create
what is missing, update what nobody edited, keep staff edits and deletions.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from content.seeding import SeedSync
from trajecten.models import Chapter
from vluchtwijzer.publishing import Status

from .models import MapConnection, MapGroup, MapNode, NetworkMap, Organisation, Region

SEED_DIR = settings.BASE_DIR / "organisaties" / "seed"


class OrganisationSeedError(Exception):
    """The organisation or map seed files are wrong; the message lists every problem."""


@dataclass
class OrganisationSeedFiles:
    regions: list[dict]
    organisations: list[dict]
    maps: list[tuple[Path, dict]]

    @classmethod
    def read(cls, seed_dir: Path | None = None) -> "OrganisationSeedFiles":
        seed_dir = seed_dir or SEED_DIR
        problems: list[str] = []

        def parse(path: Path) -> dict:
            if not path.exists():
                return {}
            try:
                with path.open("rb") as fh:
                    return tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                problems.append(f"{path.name}: cannot be read: {exc}")
                return {}

        regions = parse(seed_dir / "regions.toml").get("regions", [])
        organisations = parse(seed_dir / "organisations.toml").get("organisations", [])
        maps = [(p, parse(p)) for p in sorted((seed_dir / "maps").glob("*.toml"))]
        if problems:
            raise OrganisationSeedError("\n".join(problems))
        files = cls(regions, organisations, maps)
        files.validate()
        return files

    def validate(self, chapter_slugs: set[str] | None = None) -> None:
        problems: list[str] = []
        url_ok = URLValidator(schemes=["http", "https"])
        region_keys = {r.get("key") for r in self.regions}
        org_keys: set[str] = set()
        kinds = set(Organisation.Kind.values)
        for org in self.organisations:
            key = org.get("key", "?")
            where = f"organisations.toml {key}"
            for name in ("key", "name", "kind", "description"):
                if not str(org.get(name, "")).strip():
                    problems.append(f"{where}: '{name}' is missing or empty")
            if key in org_keys:
                problems.append(f"{where}: the key is used twice")
            org_keys.add(key)
            if org.get("kind") not in kinds:
                problems.append(f"{where}: kind must be one of {sorted(kinds)}")
            if not org.get("regions") or not set(org["regions"]) <= region_keys:
                problems.append(
                    f"{where}: regions must be a non-empty list of {sorted(region_keys)}"
                )
            if chapter_slugs is not None and not set(org.get("chapters", [])) <= chapter_slugs:
                problems.append(f"{where}: unknown chapter in {org.get('chapters')}")
            website = org.get("website", "")
            if website:
                if "file:" in website.lower() or "sharepoint" in website.lower():
                    problems.append(
                        f"{where}: local or intranet link {website!r} may not be published"
                    )
                try:
                    url_ok(website)
                except ValidationError:
                    problems.append(f"{where}: {website!r} is not a valid http(s) URL")
            if org.get("email"):
                try:
                    validate_email(org["email"])
                except ValidationError:
                    problems.append(f"{where}: {org['email']!r} is not an e-mail address")
        for path, data in self.maps:
            where = path.name
            if chapter_slugs is not None and data.get("chapter") not in chapter_slugs:
                problems.append(f"{where}: unknown chapter {data.get('chapter')!r}")
            group_keys = [g.get("key") for g in data.get("groups", [])]
            node_keys = [n.get("key") for n in data.get("nodes", [])]
            if len(set(group_keys)) != len(group_keys) or len(set(node_keys)) != len(node_keys):
                problems.append(f"{where}: group and node keys must be unique")
            for node in data.get("nodes", []):
                if node.get("group") and node["group"] not in group_keys:
                    problems.append(f"{where} node {node.get('key')}: no group {node['group']!r}")
                if node.get("kind") not in MapNode.Kind.values:
                    problems.append(
                        f"{where} node {node.get('key')}: kind must be one of {MapNode.Kind.values}"
                    )
                if (
                    node.get("kind") == MapNode.Kind.ORGANISATION
                    and node.get("organisation") not in org_keys
                ):
                    problems.append(
                        f"{where} node {node.get('key')}: unknown organisation {node.get('organisation')!r}"
                    )
                if node.get("kind") != MapNode.Kind.ORGANISATION and not node.get("label"):
                    problems.append(
                        f"{where} node {node.get('key')}: a person or situation needs a label"
                    )
            for connection in data.get("connections", []):
                if connection.get("from") not in node_keys or connection.get("to") not in node_keys:
                    problems.append(
                        f"{where}: connection {connection.get('from')} -> {connection.get('to')} names an unknown node"
                    )
        if problems:
            raise OrganisationSeedError("\n".join(problems))


def load_organisations(seed: SeedSync, files: OrganisationSeedFiles) -> None:
    """Regions, then organisations, then maps: each step needs the one before."""
    files.validate(chapter_slugs=set(Chapter.objects.values_list("slug", flat=True)))
    regions: dict[str, Region] = {}
    for data in files.regions:
        parent = regions.get(data.get("within", ""))
        region = seed.sync(
            Region,
            f"region/{data['key']}",
            {
                "key": data["key"],
                "name_nl": data["name"],
                "within_id": parent.pk if parent else None,
                "position": data.get("position", 0),
            },
        )
        if region is not None:
            regions[data["key"]] = region
    chapters = dict(Chapter.objects.values_list("slug", "pk"))

    organisations: dict[str, Organisation] = {}
    for data in files.organisations:
        organisation = seed.sync(
            Organisation,
            f"organisation/{data['key']}",
            {
                "slug": data["key"],
                "name": data["name"].strip(),
                "abbreviation": data.get("abbreviation", "").strip(),
                "kind": data["kind"],
                "description_nl": data["description"].strip(),
                "website": data.get("website", "").strip(),
                "email": data.get("email", "").strip(),
                "phone": data.get("phone", "").strip(),
                "street": data.get("street", "").strip(),
                "postcode": str(data.get("postcode", "")).strip(),
                "municipality": data.get("municipality", "").strip(),
                "languages": ", ".join(data.get("languages", [])),
                "status": Status.PUBLISHED,
            },
            m2m={
                "regions": [regions[k].pk for k in data["regions"] if k in regions],
                "chapters": [chapters[s] for s in data.get("chapters", []) if s in chapters],
            },
        )
        if organisation is not None:
            organisations[data["key"]] = organisation
    if not organisations:
        organisations = {o.slug: o for o in Organisation.objects.all()}

    for _, data in files.maps:
        _load_map(seed, data, chapters, organisations)


def _load_map(
    seed: SeedSync, data: dict, chapters: dict[str, int], organisations: dict[str, Organisation]
) -> None:
    slug = data["chapter"]
    network_map = seed.sync(
        NetworkMap,
        f"map/{slug}",
        {
            "chapter_id": chapters[slug],
            "title_nl": data["title"].strip(),
            "intro_nl": data.get("intro", "").strip(),
            "reconstructed": bool(data.get("reconstructed", False)),
        },
    )
    if network_map is None:
        return
    prefix = f"map/{slug}"
    groups = {}
    for position, group in enumerate(data.get("groups", []), 1):
        groups[group["key"]] = seed.sync(
            MapGroup,
            f"{prefix}/group/{group['key']}",
            {
                "network_map_id": network_map.pk,
                "key": group["key"],
                "title_nl": group["title"].strip(),
                "position": position,
            },
        )
    nodes = {}
    for position, node in enumerate(data.get("nodes", []), 1):
        group = groups.get(node.get("group"))
        organisation = organisations.get(node.get("organisation") or "")
        if node["kind"] == MapNode.Kind.ORGANISATION and organisation is None:
            seed.report.messages.append(
                f"Map node {prefix}/{node['key']} skipped: its organisation was deleted"
            )
            continue
        nodes[node["key"]] = seed.sync(
            MapNode,
            f"{prefix}/node/{node['key']}",
            {
                "network_map_id": network_map.pk,
                "group_id": group.pk if group else None,
                "key": node["key"],
                "kind": node["kind"],
                "organisation_id": organisation.pk if organisation else None,
                "label_nl": node.get("label", "").strip(),
                "position": position,
            },
        )
    for connection in data.get("connections", []):
        source, target = nodes.get(connection["from"]), nodes.get(connection["to"])
        if source is None or target is None:
            continue
        seed.sync(
            MapConnection,
            f"{prefix}/connection/{connection['from']}/{connection['to']}",
            {
                "network_map_id": network_map.pk,
                "source_id": source.pk,
                "target_id": target.pk,
                "label_nl": connection.get("label", "").strip(),
            },
        )
