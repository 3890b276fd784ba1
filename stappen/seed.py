"""The checklist's steps as seed files: stappen/seed/steps.toml and translations/<lang>/steps.toml.

Fields are validated by the models (`full_clean()`); this module checks what spans files: the
chapters, sections and actions a step points at (trajecten/seed), its organisations and region
(organisaties/seed), and that its deadline is a rule with a period (actueel/seed).
"""

from django.conf import settings

from actueel.models import Rule
from actueel.seed import ActueelSeed
from content.markup import FOOTNOTE
from content.models import SeedRecord
from content.publishing import Status
from content.seeding import (
    AppSeed,
    SeedSync,
    TranslationLoader,
    model_problems,
    read_toml,
    unique_keys,
)
from content.translation_status import target_languages
from organisaties.models import Organisation, Region
from organisaties.seed import OrganisatiesSeed
from trajecten.models import Action, Chapter, Section
from trajecten.seed import TrajectenSeed

from .models import AgeGroup, Situation, Step

FILE = "steps.toml"
STEP_FIELDS = (
    "key", "title_nl", "body_nl", "chapter_id", "section_id", "region_scope_id", "deadline_rule_id",
    "counts_from", "timing", "position", "status",
)  # fmt: skip


class StappenSeed(AppSeed):
    seed_dir = settings.BASE_DIR / "stappen" / "seed"

    situations: list[dict]
    age_groups: list[dict]
    steps: list[dict]

    def read(self, problems: list[str]) -> None:
        data = read_toml(self.seed_dir / FILE, problems)
        self.situations = data.get("situations", [])
        self.age_groups = data.get("age_groups", [])
        self.steps = data.get("steps", [])
        if problems:
            return
        situation_keys = set(unique_keys(FILE, "situations", self.situations, problems))
        age_keys = set(unique_keys(FILE, "age_groups", self.age_groups, problems))
        unique_keys(FILE, "steps", self.steps, problems)
        for situation in self.situations:
            problems += model_problems(
                f"{FILE} situation {situation.get('key')}", self._situation(situation, 0)
            )
        for age_group in self.age_groups:
            problems += model_problems(
                f"{FILE} age group {age_group.get('key')}", self._age_group(age_group, 0)
            )
        self._check_steps(problems, situation_keys, age_keys)

    def _check_steps(self, problems: list[str], situation_keys: set, age_keys: set) -> None:
        # What the other apps' files will have written by the time this loader runs.
        ignored: list[str] = []  # their own problems are reported by their own loaders
        kit, organisaties, actueel = TrajectenSeed(), OrganisatiesSeed(), ActueelSeed()
        for loader in (kit, organisaties, actueel):
            loader.read(ignored)
        chapters = {data.get("slug"): data for _, data in kit.chapters}
        organisation_keys = {o.get("key") for o in getattr(organisaties, "organisations", [])}
        region_keys = {r.get("key") for r in getattr(organisaties, "regions", [])}
        rules = {r.get("key"): r for r in getattr(actueel, "rules", [])}
        for data in self.steps:
            where = f"{FILE} step {data.get('key')}"
            problems += model_problems(
                where,
                self._step(data, 0),
                exclude=["chapter", "section", "region_scope", "deadline_rule"],
                clean=False,  # the cross-file rules of Step.clean are checked here, on the keys
            )
            if FOOTNOTE.search(data.get("body", "")):
                problems.append(f"{where}: no [^N] footnotes (the checklist lists no sources)")
            chapter = chapters.get(data.get("chapter"))
            if chapter is None:
                problems.append(f"{where}: unknown chapter {data.get('chapter')!r}")
            else:
                section_keys = {s.get("key") for s in chapter.get("sections", [])}
                action_keys = {a.get("key") for a in chapter.get("actions", [])}
                if data.get("section") and data["section"] not in section_keys:
                    problems.append(f"{where}: no section {data['section']!r} in its chapter")
                unknown = set(data.get("actions", [])) - action_keys
                if unknown:
                    problems.append(f"{where}: no actions {sorted(unknown)} in its chapter")
            unknown = set(data.get("organisations", [])) - organisation_keys
            if unknown:
                problems.append(f"{where}: unknown organisations {sorted(unknown)}")
            if not data.get("situations") or not set(data["situations"]) <= situation_keys:
                problems.append(
                    f"{where}: situations must be a non-empty list of {sorted(situation_keys)}"
                )
            if not data.get("ages") or not set(data["ages"]) <= age_keys:
                problems.append(f"{where}: ages must be a non-empty list of {sorted(age_keys)}")
            if data.get("region") and data["region"] not in region_keys:
                problems.append(f"{where}: unknown region {data['region']!r}")
            rule = data.get("deadline_rule")
            if rule and rules.get(rule, {}).get("period_amount") is None:
                problems.append(f"{where}: deadline_rule {rule!r} is not a rule with a period")
            if bool(rule) != bool(data.get("counts_from")):
                problems.append(f"{where}: give deadline_rule and counts_from, or neither")

    def texts(self) -> list[tuple[str, str]]:
        return [(f"{FILE} step {s.get('key')}", s.get("body", "")) for s in self.steps]

    @staticmethod
    def _situation(data: dict, position: int) -> Situation:
        return Situation(
            key=data.get("key", ""),
            name_nl=data.get("name", "").strip(),
            hint_nl=data.get("hint", "").strip(),
            position=position,
        )

    @staticmethod
    def _age_group(data: dict, position: int) -> AgeGroup:
        return AgeGroup(
            key=data.get("key", ""), name_nl=data.get("name", "").strip(), position=position
        )

    @staticmethod
    def _step(data: dict, position: int, **links) -> Step:
        return Step(
            key=data.get("key", ""),
            title_nl=data.get("title", "").strip(),
            body_nl=data.get("body", "").strip(),
            counts_from=data.get("counts_from", ""),
            timing=data.get("timing", Step.Timing.DEADLINE),
            position=position,
            status=Status.PUBLISHED,
            **links,
        )

    def load(self, seed: SeedSync, translations: TranslationLoader) -> None:
        situations, age_groups = {}, {}
        for position, data in enumerate(self.situations, 1):
            with self.document(translations, f"situation {data['key']}"):
                key = f"situation/{data['key']}"
                situation = self._situation(data, position)
                situations[data["key"]] = synced = seed.sync(
                    Situation,
                    key,
                    {
                        name: getattr(situation, name)
                        for name in ("key", "name_nl", "hint_nl", "position")
                    },
                )
                for language in target_languages():
                    entry = (
                        self.translation(language, FILE).get("situations", {}).get(data["key"], {})
                    )
                    translations.apply(
                        synced,
                        key,
                        language,
                        {"name": entry.get("name"), "hint": entry.get("hint")},
                    )
        for position, data in enumerate(self.age_groups, 1):
            with self.document(translations, f"age group {data['key']}"):
                key = f"age-group/{data['key']}"
                age_group = self._age_group(data, position)
                age_groups[data["key"]] = synced = seed.sync(
                    AgeGroup,
                    key,
                    {name: getattr(age_group, name) for name in ("key", "name_nl", "position")},
                )
                for language in target_languages():
                    entry = (
                        self.translation(language, FILE).get("age_groups", {}).get(data["key"], {})
                    )
                    translations.apply(synced, key, language, {"name": entry.get("name")})
        self._load_steps(seed, translations, situations, age_groups)

    def _load_steps(self, seed, translations, situations: dict, age_groups: dict) -> None:
        # Staff may have deleted or edited what a step points at: look everything up as it is now.
        chapters = dict(Chapter.objects.values_list("slug", "pk"))
        sections = {
            (slug, key): pk
            for slug, key, pk in Section.objects.values_list("chapter__slug", "key", "pk")
        }
        actions = self._seeded_actions()
        organisations = dict(Organisation.objects.values_list("slug", "pk"))
        regions = dict(Region.objects.values_list("key", "pk"))
        rules = dict(Rule.objects.values_list("key", "pk"))
        for position, data in enumerate(self.steps, 1):
            missing = [
                f"{kind} {name!r}"
                for kind, name, known in (
                    ("chapter", data["chapter"], chapters),
                    ("region", data.get("region"), regions),
                    ("rule", data.get("deadline_rule"), rules),
                )
                if name and name not in known
            ]
            if missing:
                # Without its chapter, region or rule the step would be wrong: leave it out.
                seed.report.messages.append(
                    f"Step {data['key']} skipped: {', '.join(missing)} was deleted by staff"
                )
                continue
            with self.document(translations, f"step {data['key']}"):
                key = f"step/{data['key']}"
                step = self._step(
                    data,
                    position * 10,
                    chapter_id=chapters[data["chapter"]],
                    section_id=sections.get((data["chapter"], data.get("section"))),
                    region_scope_id=regions.get(data.get("region") or ""),
                    deadline_rule_id=rules.get(data.get("deadline_rule") or ""),
                )
                m2m = {
                    "situations": [
                        situations[k].pk for k in data["situations"] if situations.get(k)
                    ],
                    "age_groups": [age_groups[k].pk for k in data["ages"] if age_groups.get(k)],
                    "actions": [
                        actions[(data["chapter"], k)]
                        for k in data.get("actions", [])
                        if (data["chapter"], k) in actions
                    ],
                    "organisations": [
                        organisations[k]
                        for k in data.get("organisations", [])
                        if k in organisations
                    ],
                }
                synced = seed.sync(
                    Step, key, {name: getattr(step, name) for name in STEP_FIELDS}, m2m=m2m
                )
                for language in target_languages():
                    entry = self.translation(language, FILE).get("steps", {}).get(data["key"], {})
                    translations.apply(
                        synced,
                        key,
                        language,
                        {"title": entry.get("title"), "body": entry.get("body")},
                    )

    @staticmethod
    def _seeded_actions() -> dict[tuple[str, str], int]:
        """(chapter slug, action key) -> id of each action the kit loaded that still exists
        (actions have no key of their own; the loader remembers theirs in its seed records)."""
        records = SeedRecord.objects.filter(
            key__startswith="chapter/", key__contains="/action/"
        ).exclude(key__contains="@")  # "…@fr": the record of a translation
        found = {}
        for key, object_id in records.values_list("key", "object_id"):
            _, slug, _, action_key = key.split("/", 3)
            found[(slug, action_key)] = object_id
        existing = set(Action.objects.filter(pk__in=found.values()).values_list("pk", flat=True))
        return {name: pk for name, pk in found.items() if pk in existing}
