"""One GIN trigram index per language on a listing's whole searchable text (PostgreSQL only).

Search and the directory's text filter match words in a listing's name, abbreviation, town and
description (the reader's language and Dutch) with `icontains` on one expression,
`organisaties.models.searchable_text_sql`, which Django writes as
`UPPER((expression)::text) LIKE UPPER('%word%')`. Without an index that reads every listing; a
GIN index with pg_trgm's gin_trgm_ops on exactly that expression serves each word with one index
scan. (An index per column needed a scan per column, and the planner gave up on them from about
ten tests on.) A PostgreSQL test checks that the query and these indexes still agree. The
pg_trgm extension comes from content 0004. On SQLite this migration does nothing.
"""

from django.db import migrations

TABLE = "organisaties_organisation"
# Fixed here: a migration must not change when settings or code do.
LANGUAGES = ["nl", "fr", "en", "ar", "uk", "fa", "ps", "ti", "tr", "so"]


def expression(language: str) -> str:
    descriptions = dict.fromkeys([f"description_{language}", "description_nl"])
    columns = ["name", "abbreviation", "municipality", *descriptions]
    text = " || chr(31) || ".join(f"""COALESCE("{column}", '')""" for column in columns)
    return f"UPPER(({text})::text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "organisation_search_{language}_trgm" ON "{TABLE}" '
            f"USING gin (({expression(language)}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "organisation_search_{language}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("organisaties", "0009_region_updated_at"),
        ("content", "0004_pg_trgm"),
    ]

    operations = [migrations.RunPython(create, drop)]
