"""The seed files and the loader on an empty database (no kit loaded)."""

import tomllib

import pytest
from django.core.management import CommandError, call_command

from content.models import SeedRecord
from content.seeding import SeedError, load_starterskit, read_starterskit
from trajecten.models import Chapter, Source
from trajecten.seed import TrajectenSeed


def test_a_staff_made_source_with_the_same_number_wins(kit):
    """A source staff made by hand before the seed could create it: the loader keeps theirs."""
    chapter = Source.objects.get(number=6).chapter
    Source.objects.filter(number=6).delete()
    SeedRecord.objects.filter(key="source/6").delete()
    Source.objects.create(
        chapter=chapter, number=6, title_nl="Door de redactie", url="https://example.org/"
    )
    kit_text = TrajectenSeed()
    report = load_starterskit(read_starterskit([kit_text]))
    assert Source.objects.get(number=6).title_nl == "Door de redactie"
    assert report.total("conflict") == 1


def test_bad_seed_files_stop_with_a_clear_message_and_write_nothing(tmp_path, db):
    chapter_dir = tmp_path / "seed"
    page_dir = chapter_dir / "pages"
    page_dir.mkdir(parents=True)
    (chapter_dir / "parts.toml").write_text('[[parts]]\nnumber = 1\ntitle = "Deel 1"\n')
    (chapter_dir / "01-x.toml").write_text(
        'slug = "x"\nnumber = 1\npart = 1\ntitle = "X"\nsummary = "S"\n'
        '[[sections]]\nkey = "a"\nkind = "poem"\ntitle = "A"\nbody = "Zie [^99]."\n'
        '[[sources]]\nnumber = 5\ntitle = "Lokaal"\nurl = "file:///Volumes/T7/kit.pdf"\n'
    )
    with pytest.raises(SeedError) as excinfo:
        read_starterskit([TrajectenSeed(chapter_dir)])
    message = str(excinfo.value)
    assert "01-x.toml section a: kind: Value 'poem' is not a valid choice." in message
    assert "01-x.toml source 5: local or intranet link" in message
    assert "cites [^99] but no file lists source 99" in message
    assert not SeedRecord.objects.exists()


def test_unreadable_toml_is_reported_by_the_command(tmp_path, monkeypatch, db):
    broken = tmp_path / "01-broken.toml"
    broken.write_text('slug = "x\n')
    monkeypatch.setattr(TrajectenSeed, "seed_dir", tmp_path)
    with pytest.raises(CommandError, match="01-broken.toml: cannot be read"):
        call_command("load_starterskit")
    assert not Chapter.objects.exists()


def test_seed_files_are_valid_toml_with_unique_keys():
    # Read with every app's files: the chapters' rule tokens are defined by actueel's rules.
    kit_text = next(s for s in read_starterskit() if isinstance(s, TrajectenSeed))
    assert len(kit_text.chapters) == 8
    for path, _ in kit_text.chapters:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for kind in ("sections", "actions", "testimonials"):
            keys = [item["key"] for item in data.get(kind, [])]
            assert len(keys) == len(set(keys)), (path.name, kind)
