"""Regions, kinds of service, organisations and network maps as seed files (organisaties/seed/).

Fields are validated by the models (`full_clean()`); this module checks what spans records:
unique keys, known regions, services, chapters and organisations, every node in a known
group, arrows between nodes of the same map. After each map is loaded it is drawn in every
language (organisaties/drawing.py; skipped when nothing it shows changed).
"""

from pathlib import Path

from django.conf import settings

from content.publishing import Status
from content.seeding import (
    AppSeed,
    SeedSync,
    TranslationLoader,
    model_problems,
    public_url_problems,
    read_toml,
    unique_keys,
)
from content.translation_status import target_languages
from trajecten.models import Chapter
from trajecten.seed import TrajectenSeed

from .drawing import render_drawings
from .models import MapConnection, MapGroup, MapNode, NetworkMap, Organisation, Region, Service


class OrganisatiesSeed(AppSeed):
    seed_dir = settings.BASE_DIR / "organisaties" / "seed"

    regions: list[dict]
    services: list[dict]
    organisations: list[dict]
    maps: list[tuple[Path, dict]]

    def read(self, problems: list[str]) -> None:
        self.regions = read_toml(self.seed_dir / "regions.toml", problems).get("regions", [])
        services = self.seed_dir / "services.toml"
        self.services = (
            read_toml(services, problems).get("services", []) if services.exists() else []
        )
        self.organisations = read_toml(self.seed_dir / "organisations.toml", problems).get(
            "organisations", []
        )
        self.maps = [
            (path, read_toml(path, problems))
            for path in sorted((self.seed_dir / "maps").glob("*.toml"))
        ]
        if not problems:
            kit = TrajectenSeed()
            kit.read([])  # its own problems are reported by TrajectenSeed
            self.validate(problems, kit.chapter_slugs())

    def texts(self) -> list[tuple[str, str]]:
        return [
            (f"organisations.toml {o.get('key')}", o.get("description", ""))
            for o in self.organisations
        ]

    @staticmethod
    def _organisation(data: dict) -> Organisation:
        return Organisation(
            slug=data.get("key", ""),
            name=data.get("name", "").strip(),
            abbreviation=data.get("abbreviation", "").strip(),
            kind=data.get("kind", ""),
            description_nl=data.get("description", "").strip(),
            website=data.get("website", "").strip(),
            email=data.get("email", "").strip(),
            phone=data.get("phone", "").strip(),
            street=data.get("street", "").strip(),
            postcode=str(data.get("postcode", "")).strip(),
            municipality=data.get("municipality", "").strip(),
            languages=", ".join(data.get("languages", [])),
            status=Status.PUBLISHED,
        )

    def validate(self, problems: list[str], chapter_slugs: set[str]) -> None:
        region_keys = set(unique_keys("regions.toml", "regions", self.regions, problems))
        for region in self.regions:
            problems += model_problems(
                f"regions.toml {region.get('key')}",
                Region(key=region.get("key", ""), name_nl=region.get("name", "")),
            )
        service_keys = set(unique_keys("services.toml", "services", self.services, problems))
        for service in self.services:
            problems += model_problems(
                f"services.toml {service.get('key')}",
                Service(key=service.get("key", ""), name_nl=service.get("name", "")),
            )
        organisation_keys = set(
            unique_keys("organisations.toml", "organisations", self.organisations, problems)
        )
        for data in self.organisations:
            where = f"organisations.toml {data.get('key')}"
            problems += model_problems(
                where, self._organisation(data), exclude=["regions", "chapters"]
            )
            if data.get("website"):
                problems += public_url_problems(where, data["website"].strip())
            if not data.get("regions") or not set(data["regions"]) <= region_keys:
                problems.append(
                    f"{where}: regions must be a non-empty list of {sorted(region_keys)}"
                )
            if not set(data.get("chapters", [])) <= chapter_slugs:
                problems.append(f"{where}: unknown chapter in {data.get('chapters')}")
            if data.get("service") and data["service"] not in service_keys:
                problems.append(f"{where}: unknown service {data['service']!r}")
        for path, data in self.maps:
            where = path.name
            if data.get("chapter") not in chapter_slugs:
                problems.append(f"{where}: unknown chapter {data.get('chapter')!r}")
            group_keys = unique_keys(where, "groups", data.get("groups", []), problems)
            node_keys = unique_keys(where, "nodes", data.get("nodes", []), problems)
            for node in data.get("nodes", []):
                node_where = f"{where} node {node.get('key')}"
                if not node.get("group"):
                    problems.append(f"{node_where}: needs a group (the drawing places it in one)")
                elif node["group"] not in group_keys:
                    problems.append(f"{node_where}: no group {node['group']!r}")
                if node.get("stands_for") and (
                    node["stands_for"] not in service_keys
                    or node.get("kind") != MapNode.Kind.ORGANISATION
                ):
                    problems.append(
                        f"{node_where}: stands_for must name a service, on an organisation node"
                    )
                problems += model_problems(
                    node_where,
                    MapNode(
                        key=node.get("key", ""),
                        kind=node.get("kind", ""),
                        label_nl=node.get("label", ""),
                    ),
                    exclude=["network_map", "group", "organisation"],
                    clean=False,  # an organisation node's organisation is checked below, by key
                )
                if (
                    node.get("kind") == MapNode.Kind.ORGANISATION
                    and node.get("organisation") not in organisation_keys
                ):
                    problems.append(
                        f"{node_where}: unknown organisation {node.get('organisation')!r}"
                    )
                if node.get("kind") != MapNode.Kind.ORGANISATION and not node.get("label"):
                    problems.append(f"{node_where}: a person or situation needs a label")
            for connection in data.get("connections", []):
                if connection.get("from") not in node_keys or connection.get("to") not in node_keys:
                    problems.append(
                        f"{where}: connection {connection.get('from')} -> {connection.get('to')} names an unknown node"
                    )

    def load(self, seed: SeedSync, translations: TranslationLoader) -> None:
        """Regions, then organisations, then maps: each step needs the one before."""
        languages = target_languages()
        regions: dict[str, Region] = {}
        for data in self.regions:
            with self.document(translations, f"region {data['key']}"):
                parent = regions.get(data.get("within", ""))
                key = f"region/{data['key']}"
                region = seed.sync(
                    Region,
                    key,
                    {
                        "key": data["key"],
                        "name_nl": data["name"],
                        "within_id": parent.pk if parent else None,
                        "position": data.get("position", 0),
                    },
                )
                for language in languages:
                    name = (
                        self.translation(language, "organisations.toml")
                        .get("regions", {})
                        .get(data["key"])
                    )
                    translations.apply(region, key, language, {"name": name})
            if region is not None:
                regions[data["key"]] = region
        chapters = dict(Chapter.objects.values_list("slug", "pk"))

        services: dict[str, Service] = {}
        for position, data in enumerate(self.services, 1):
            with self.document(translations, f"service {data['key']}"):
                key = f"service/{data['key']}"
                service = seed.sync(
                    Service,
                    key,
                    {"key": data["key"], "name_nl": data["name"].strip(), "position": position},
                )
                for language in languages:
                    name = (
                        self.translation(language, "organisations.toml")
                        .get("services", {})
                        .get(data["key"])
                    )
                    translations.apply(service, key, language, {"name": name})
            if service is not None:
                services[data["key"]] = service
        if not services:
            services = {s.key: s for s in Service.objects.all()}

        organisations: dict[str, Organisation] = {}
        fields = (
            "slug", "name", "abbreviation", "kind", "description_nl", "website", "email",
            "phone", "street", "postcode", "municipality", "languages", "status",
        )  # fmt: skip
        for data in self.organisations:
            with self.document(translations, f"organisation {data['key']}"):
                organisation = self._organisation(data)
                key = f"organisation/{data['key']}"
                service = services.get(data.get("service") or "")
                synced = seed.sync(
                    Organisation,
                    key,
                    {
                        **{name: getattr(organisation, name) for name in fields},
                        "service_id": service.pk if service else None,
                    },
                    m2m={
                        "regions": [regions[k].pk for k in data["regions"] if k in regions],
                        "chapters": [
                            chapters[s] for s in data.get("chapters", []) if s in chapters
                        ],
                    },
                )
                for language in languages:
                    descriptions = self.translation(language, "organisations.toml").get(
                        "descriptions", {}
                    )
                    translations.apply(
                        synced, key, language, {"description": descriptions.get(data["key"])}
                    )
            if synced is not None:
                organisations[data["key"]] = synced
        if not organisations:
            organisations = {o.slug: o for o in Organisation.objects.all()}

        for path, data in self.maps:
            with self.document(translations, f"map {data['chapter']}"):
                network_map = self._load_map(
                    seed, translations, path, data, chapters, organisations, services
                )
            if network_map is not None:
                # After the document's translations are saved: each language draws its own labels.
                report = render_drawings(network_map)
                seed.report.messages += [
                    f"Map {data['chapter']} cannot be drawn in {language}: {error}"
                    for language, error in report.failed.items()
                ]

    def _load_map(
        self,
        seed: SeedSync,
        translations: TranslationLoader,
        path: Path,
        data: dict,
        chapters: dict[str, int],
        organisations: dict[str, Organisation],
        services: dict[str, Service],
    ) -> NetworkMap | None:
        slug = data["chapter"]
        prefix = f"map/{slug}"
        network_map = seed.sync(
            NetworkMap,
            prefix,
            {
                "chapter_id": chapters[slug],
                "title_nl": data["title"].strip(),
                "intro_nl": data.get("intro", "").strip(),
                "reconstructed": bool(data.get("reconstructed", False)),
            },
        )
        if network_map is None:
            return None
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
            stands_for = services.get(node.get("stands_for") or "")
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
                    "stands_for_id": stands_for.pk if stands_for else None,
                },
            )
        connections = {}
        for connection in data.get("connections", []):
            source, target = nodes.get(connection["from"]), nodes.get(connection["to"])
            if source is None or target is None:
                continue
            key = f"{connection['from']}>{connection['to']}"
            connections[key] = seed.sync(
                MapConnection,
                f"{prefix}/connection/{connection['from']}/{connection['to']}",
                {
                    "network_map_id": network_map.pk,
                    "source_id": source.pk,
                    "target_id": target.pk,
                    "label_nl": connection.get("label", "").strip(),
                },
            )
        for language in target_languages():
            translated = self.translation(language, "maps", path.name)
            if not translated:
                continue
            translations.apply(
                network_map,
                prefix,
                language,
                {"title": translated.get("title"), "intro": translated.get("intro")},
            )
            for key, title in translated.get("groups", {}).items():
                translations.apply(
                    groups.get(key), f"{prefix}/group/{key}", language, {"title": title}
                )
            for key, label in translated.get("nodes", {}).items():
                translations.apply(
                    nodes.get(key), f"{prefix}/node/{key}", language, {"label": label}
                )
            for key, label in translated.get("connections", {}).items():
                source, _, target = key.partition(">")
                translations.apply(
                    connections.get(key),
                    f"{prefix}/connection/{source}/{target}",
                    language,
                    {"label": label},
                )
        return network_map
