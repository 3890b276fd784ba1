"""The rules as seed files: actueel/seed/rules.toml and translations/<lang>/rules.toml."""

import datetime

from django.conf import settings

from content.seeding import (
    AppSeed,
    SeedSync,
    TranslationLoader,
    model_problems,
    read_toml,
    unique_keys,
)
from content.translation_status import target_languages

from .models import Rule

FIELDS = (
    "key", "name_nl", "value_nl", "applies_from", "source_title", "source_url", "check_by",
    "needs_check", "period_amount", "period_unit", "note",
)  # fmt: skip


class ActueelSeed(AppSeed):
    seed_dir = settings.BASE_DIR / "actueel" / "seed"

    rules: list[dict]

    def read(self, problems: list[str]) -> None:
        self.rules = read_toml(self.seed_dir / "rules.toml", problems).get("rules", [])
        unique_keys("rules.toml", "rules", self.rules, problems)
        for data in self.rules:
            problems += model_problems(f"rules.toml {data.get('key')}", self._rule(data))

    def provided_tokens(self) -> dict[str, set[str]]:
        return {"regel": {data.get("key") for data in self.rules}}

    @staticmethod
    def _rule(data: dict) -> Rule:
        def date(name):
            value = data.get(name)
            return value if isinstance(value, datetime.date) else None  # TOML dates are dates

        return Rule(
            key=data.get("key", ""),
            name_nl=data.get("name", "").strip(),
            value_nl=data.get("value", "").strip(),
            applies_from=date("applies_from"),
            source_title=data.get("source_title", "").strip(),
            source_url=data.get("source_url", "").strip(),
            check_by=date("check_by"),
            needs_check=bool(data.get("needs_check", False)),
            period_amount=data.get("period_amount"),
            period_unit=data.get("period_unit", ""),
            note=data.get("note", "").strip(),
        )

    def load(self, seed: SeedSync, translations: TranslationLoader) -> None:
        for data in self.rules:
            with self.document(translations, f"rule {data['key']}"):
                rule = self._rule(data)
                key = f"rule/{data['key']}"
                synced = seed.sync(Rule, key, {name: getattr(rule, name) for name in FIELDS})
                for language in target_languages():
                    entry = (
                        self.translation(language, "rules.toml")
                        .get("rules", {})
                        .get(data["key"], {})
                    )
                    translations.apply(
                        synced,
                        key,
                        language,
                        {"name": entry.get("name"), "value": entry.get("value")},
                    )
