"""Write seed data to the database without ever overwriting what staff changed.

`SeedSync.sync()` is the one rule the content loader follows for every object:

- never seeded before: create it, and remember a fingerprint of the values written;
- seeded, but the object is gone: staff deleted it, so leave it deleted;
- the object still matches the fingerprint: nobody touched it, so bring it up to date;
- the object no longer matches: staff edited it in the admin, so keep their version.

Each app owns its seed files in a `seed.py` beside its `seed/` folder (an `AppSeed`); the
`load_starterskit` command runs the ones named in settings.STARTERSKIT_LOADERS, in that
order, so this bottom layer never imports a domain app. Files are validated as a whole
first: models check their own fields (`full_clean()`), the apps check what spans files.
"""

import hashlib
import json
import tomllib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.module_loading import import_string

from .markup import TOKEN, same_markup, token_handler
from .models import ContentVersion, SeedRecord
from .translation_status import record_dutch_edit, record_machine_drafts

NOT_PUBLIC = ("file:", "sharepoint")  # a local file or an intranet link in the kit's PDF


class SeedError(Exception):
    """The seed files are wrong; the message lists every problem with file and field."""


def read_toml(path: Path, problems: list[str]) -> dict:
    """The file's data, or {} with a problem noted when it is missing or not valid TOML."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{path.name}: cannot be read: {exc}")
        return {}


def public_url_problems(where: str, url: str) -> list[str]:
    """A link readers can follow: http(s), and not a local file or intranet page."""
    if any(part in url.lower() for part in NOT_PUBLIC):
        return [f"{where}: local or intranet link {url!r} may not be published"]
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return [f"{where}: {url!r} is not a valid http(s) URL"]
    return []


def model_problems(
    where: str, instance: models.Model, exclude=(), *, clean: bool = True
) -> list[str]:
    """The model's own validation of a record (required fields, choices, lengths, e-mail).

    `clean=False` skips Model.clean() for records whose cross-field rules need relations that
    are resolved later (the app's seed checks those rules on the file's keys instead)."""
    try:
        if clean:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        else:
            instance.clean_fields(exclude=list(exclude))
    except ValidationError as error:
        return [
            f"{where}: {name}: {message}" if name != "__all__" else f"{where}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def unique_keys(where: str, kind: str, items: list[dict], problems: list[str]) -> list[str]:
    """The items' keys; a problem for a missing or repeated key."""
    keys = [str(item.get("key", "")).strip() for item in items]
    if any(not key for key in keys):
        problems.append(f"{where}: every item in {kind} needs a key")
    if len(set(keys)) != len(keys):
        problems.append(f"{where}: two {kind} share a key")
    return keys


def fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def current_values(obj: models.Model, names, m2m_names=()) -> dict:
    values = {name: getattr(obj, name) for name in names}
    for name in m2m_names:
        values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


@dataclass
class SeedReport:
    counts: Counter = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)

    def count(self, model: type[models.Model], outcome: str) -> None:
        self.counts[(model._meta.verbose_name_plural, outcome)] += 1

    def total(self, outcome: str) -> int:
        return sum(n for (_, o), n in self.counts.items() if o == outcome)

    def lines(self) -> list[str]:
        rows = []
        for name in sorted({m for m, _ in self.counts}, key=str):
            parts = [
                f"{n} {outcome}"
                for (m, outcome), n in sorted(self.counts.items(), key=str)
                if m == name
            ]
            rows.append(f"{name}: {', '.join(parts)}")
        return rows + self.messages


class SeedSync:
    def __init__(self, report: SeedReport):
        self.report = report

    def sync(
        self,
        model: type[models.Model],
        key: str,
        values: dict,
        m2m: dict[str, list[int]] | None = None,
    ) -> models.Model | None:
        """Create or update one seeded object; returns it, or None when staff deleted it.

        `m2m` maps many-to-many field names to the primary keys they should hold.
        """
        m2m = {name: sorted(pks) for name, pks in (m2m or {}).items()}
        wanted = fingerprint({**values, **m2m})
        record = SeedRecord.objects.filter(key=key).first()
        if record is None:
            return self._create(model, key, values, m2m, wanted)

        obj = model.objects.filter(pk=record.object_id).first()
        if obj is None:
            self.report.count(model, "kept deleted")
            return None
        now = fingerprint(current_values(obj, values, m2m))
        if now == wanted:
            self.report.count(model, "unchanged")
        elif now != record.fingerprint:
            self.report.count(model, "kept staff edit")
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            for name, pks in m2m.items():
                getattr(obj, name).set(pks)
            record.fingerprint = wanted
            record.save(update_fields=["fingerprint", "loaded_at"])
            self.report.count(model, "updated")
            # New Dutch text from the seed files: translations made from the old text are now outdated.
            record_dutch_edit(obj, minor=False)
        return obj

    def _create(self, model, key: str, values: dict, m2m: dict[str, list[int]], wanted: str):
        obj = model(**values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                obj.save()
                for name, pks in m2m.items():
                    getattr(obj, name).set(pks)
        except IntegrityError:
            # Staff made an object with the same natural key (e.g. source number) by hand: theirs wins.
            self.report.count(model, "conflict")
            self.report.messages.append(
                f"Not created, an object with the same number or slug exists: {key}"
            )
            return None
        SeedRecord.objects.create(
            key=key,
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            fingerprint=wanted,
        )
        self.report.count(model, "created")
        return obj


class TranslationLoader:
    """Applies machine-draft translations to seeded objects, with the same never-clobber rules.

    A translation whose footnotes or link targets differ from the Dutch, or that is too long
    for its field, is skipped with a message: the reader then sees the Dutch text, marked as
    such. Translated objects are saved by save_pending(), inside the revision of the document
    they belong to; the new records and the translation statuses are written in bulk by finish().
    """

    def __init__(self, report: SeedReport):
        self.report = report
        self.records = {r.key: r for r in SeedRecord.objects.filter(key__contains="@")}
        self.new_records: list[SeedRecord] = []
        self.translated: list[tuple[models.Model, str]] = []
        self.pending: dict[models.Model, set[str]] = {}

    def apply(
        self, obj: models.Model | None, key: str, language: str, fields: dict[str, str | None]
    ) -> None:
        """Translate `obj`, seeded under `key`: `fields` maps field names to translated text."""
        fields = {name: (text or "").strip() for name, text in fields.items() if text is not None}
        if obj is None or not fields:
            return  # staff deleted the object, or the file has nothing for it
        model = type(obj)
        for name, text in fields.items():
            if not same_markup(getattr(obj, f"{name}_nl"), text):
                self.report.messages.append(
                    f"Translation [{language}] of {key} skipped: its footnotes or links differ from the Dutch ({name})"
                )
                return
            limit = model._meta.get_field(f"{name}_{language}").max_length
            if limit and len(text) > limit:
                self.report.messages.append(
                    f"Translation [{language}] of {key} skipped: {name} is longer than {limit} characters"
                )
                return
        self._sync(
            obj,
            language,
            f"{key}@{language}",
            {f"{name}_{language}": t for name, t in fields.items()},
        )

    def _sync(self, obj: models.Model, language: str, key: str, values: dict) -> None:
        wanted = fingerprint(values)
        now = fingerprint(current_values(obj, values))
        record = self.records.get(key)
        if now == wanted:
            outcome = "unchanged translation"
        elif (record is None and any(getattr(obj, name) for name in values)) or (
            record is not None and now != record.fingerprint
        ):
            outcome = "kept staff edit"  # staff wrote or edited this translation in the admin
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            self.pending.setdefault(obj, set()).update(values)
            outcome = f"translated [{language}]"
            self.translated.append((obj, language))
        if record is None:
            record = SeedRecord(
                key=key,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                fingerprint=wanted,
            )
            self.records[key] = record
            self.new_records.append(record)
            if outcome == "unchanged translation":
                # First load of a text that is already in place: it still needs a status.
                self.translated.append((obj, language))
        elif outcome.startswith("translated"):
            record.fingerprint = wanted
            record.save(update_fields=["fingerprint", "loaded_at"])
        self.report.count(type(obj), outcome)

    def save_pending(self) -> None:
        """Save the translated objects once each (call inside the document's revision)."""
        for obj, names in self.pending.items():
            obj.save(
                update_fields=[*names, *(["updated_at"] if hasattr(obj, "updated_at") else [])]
            )
        self.pending = {}

    def finish(self) -> None:
        self.save_pending()
        SeedRecord.objects.bulk_create(self.new_records)
        record_machine_drafts(self.translated)


class AppSeed:
    """One app's seed files. Subclasses read and validate them, then load them document by document.

    Each document (a chapter with its sections, an organisation, a map with its nodes, a term)
    is one revision in the history, with its translations: reverting one never touches another.
    """

    seed_dir: Path

    def __init__(self, seed_dir: Path | None = None):
        if seed_dir is not None:
            self.seed_dir = seed_dir
        self._translation_files: dict[Path, dict] = {}
        self.translation_problems: list[str] = []

    def read(self, problems: list[str]) -> None:
        """Parse and validate every file; append a line per problem (nothing is written)."""
        raise NotImplementedError

    def load(self, seed: SeedSync, translations: TranslationLoader) -> None:
        raise NotImplementedError

    def provided_tokens(self) -> dict[str, set[str]]:
        """Token keys this app's files define, e.g. {"regel": {...}}: other files may use them."""
        return {}

    def texts(self) -> list[tuple[str, str]]:
        """(where, Markdown) of every text that may hold tokens, to check them before loading."""
        return []

    @contextmanager
    def document(self, translations: TranslationLoader, name: str):
        """One revision for one seeded document and its translations."""
        with reversion.create_revision():
            reversion.set_comment(
                f"Loaded from the starterskit seed files (load_starterskit): {name}"
            )
            yield
            translations.save_pending()

    def translation(self, language: str, *parts: str) -> dict:
        """The translation file `<seed_dir>/translations/<language>/<parts>` ({} when absent)."""
        path = self.seed_dir.joinpath("translations", language, *parts)
        if path not in self._translation_files:
            exists = path.exists()
            self._translation_files[path] = (
                read_toml(path, self.translation_problems) if exists else {}
            )
        return self._translation_files[path]


def starterskit_loaders() -> list[AppSeed]:
    """Every app's seed, in the order of settings.STARTERSKIT_LOADERS (each needs the ones before)."""
    return [import_string(path)() for path in settings.STARTERSKIT_LOADERS]


def read_starterskit(loaders: list[AppSeed] | None = None) -> list[AppSeed]:
    """Read and validate every app's files; raise SeedError listing all problems."""
    loaders = starterskit_loaders() if loaders is None else loaders
    problems: list[str] = []
    with translation.override("en"):  # the models' messages, in the language of the command
        for loader in loaders:
            loader.read(problems)
    problems += token_problems(loaders)
    if problems:
        raise SeedError("\n".join(problems))
    return loaders


def token_problems(loaders: list[AppSeed]) -> list[str]:
    """Tokens ({{regel:key}}) in the files that neither the files nor the database define."""
    provided: dict[str, set[str]] = {}
    for loader in loaders:
        for kind, keys in loader.provided_tokens().items():
            provided.setdefault(kind, set()).update(keys)
    problems = []
    for loader in loaders:
        for where, text in loader.texts():
            for kind, key in TOKEN.findall(text or ""):
                if key in provided.get(kind, set()):
                    continue
                handler = token_handler(kind)
                if handler is None or not handler.exists(key):
                    problems.append(f"{where}: unknown {{{{{kind}:{key}}}}}")
    return problems


def load_starterskit(loaders: list[AppSeed] | None = None) -> SeedReport:
    """Write the seed files in one transaction and one content-version bump; a revision per document.

    `loaders` must have been read (read_starterskit); by default every app's files are."""
    loaders = read_starterskit() if loaders is None else loaders
    report = SeedReport()
    seed = SeedSync(report)
    with transaction.atomic(), ContentVersion.deferred():
        translations = TranslationLoader(report)
        for loader in loaders:
            loader.load(seed, translations)
            report.messages += [f"Translation {p}" for p in loader.translation_problems]
        translations.finish()
    return report
