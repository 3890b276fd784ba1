"""One GIN trigram index per language on a listing's whole searchable text (PostgreSQL only).

0010 indexed each searched column on its own; a word then needed one index scan per column
(a UNION or a BitmapOr of up to five), and the planner gave up on the indexes from about ten
tests on. Here each language has one index on exactly the expression
`organisaties.models.searchable_text_sql` writes (name, abbreviation, town, the description in
that language and in Dutch, joined by chr(31)), so a word is one index scan. A PostgreSQL test
checks that the query and this index still agree. On SQLite this migration does nothing.
"""

from django.db import migrations

TABLE = "organisaties_organisation"
# Fixed here: a migration must not change when settings or code do.
LANGUAGES = ["nl", "fr", "en", "ar", "uk", "fa", "ps", "ti", "tr", "so"]
OLD_COLUMNS = ["name", "abbreviation", "municipality", *(f"description_{code}" for code in LANGUAGES)]


def expression(language: str) -> str:
    columns = ["name", "abbreviation", "municipality", *dict.fromkeys([f"description_{language}", "description_nl"])]
    text = " || chr(31) || ".join(f"""COALESCE("{column}", '')""" for column in columns)
    return f"UPPER(({text})::text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in OLD_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "organisation_{column}_upper_trgm"')
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
    for column in OLD_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "organisation_{column}_upper_trgm" ON "{TABLE}" '
            f'USING gin ((UPPER(("{column}")::text)) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [("organisaties", "0010_search_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
