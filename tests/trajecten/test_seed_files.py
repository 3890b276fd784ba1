"""The seed files and the loader on an empty database (no kit loaded)."""

import tomllib

import pytest
from django.core.management import CommandError, call_command

from content.models import Page, SeedRecord
from trajecten.models import Chapter, Source
from trajecten.services import SeedError, SeedFiles, load_starterskit


def test_a_staff_made_source_with_the_same_number_wins(db):
    page = Page.objects.create(slug="eigen", title_nl="Eigen", body_nl="x")
    Source.objects.create(
        page=page, number=6, title_nl="Door de redactie", url="https://example.org/"
    )
    report = load_starterskit()
    assert Source.objects.get(number=6).title_nl == "Door de redactie"
    assert report.total("conflict") == 1


def test_bad_seed_files_stop_with_a_clear_message_and_write_nothing(tmp_path, db):
    chapter_dir, page_dir = tmp_path / "seed", tmp_path / "pages"
    chapter_dir.mkdir()
    page_dir.mkdir()
    (chapter_dir / "parts.toml").write_text('[[parts]]\nnumber = 1\ntitle = "Deel 1"\n')
    (chapter_dir / "01-x.toml").write_text(
        'slug = "x"\nnumber = 1\npart = 1\ntitle = "X"\nsummary = "S"\n'
        '[[sections]]\nkey = "a"\nkind = "poem"\ntitle = "A"\nbody = "Zie [^99]."\n'
        '[[sources]]\nnumber = 5\ntitle = "Lokaal"\nurl = "file:///Volumes/T7/kit.pdf"\n'
    )
    with pytest.raises(SeedError) as excinfo:
        SeedFiles.read(chapter_dir, page_dir)
    message = str(excinfo.value)
    assert "01-x.toml section a: kind must be one of" in message
    assert "01-x.toml source 5: local or intranet link" in message
    assert "cites [^99] but no file lists source 99" in message
    assert not SeedRecord.objects.exists()


def test_unreadable_toml_is_reported_by_the_command(tmp_path, monkeypatch, db):
    broken = tmp_path / "01-broken.toml"
    broken.write_text('slug = "x\n')
    monkeypatch.setattr("trajecten.services.CHAPTER_SEED_DIR", tmp_path)
    monkeypatch.setattr("trajecten.services.PAGE_SEED_DIR", tmp_path)
    with pytest.raises(CommandError, match="01-broken.toml: cannot be read"):
        call_command("load_starterskit")
    assert not Chapter.objects.exists()


def test_seed_files_are_valid_toml_with_unique_keys():
    files = SeedFiles.read()
    assert len(files.chapters) == 8
    for path, _ in files.chapters:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for kind in ("sections", "actions", "testimonials"):
            keys = [item["key"] for item in data.get(kind, [])]
            assert len(keys) == len(set(keys)), (path.name, kind)
