"""A glossary translation file gives the approved rendering and its accepted forms for the term check."""

import pytest

from content.seeding import load_starterskit, read_starterskit
from woordenlijst.models import GlossaryTerm
from woordenlijst.seed import WoordenlijstSeed

pytestmark = pytest.mark.django_db


def glossary_seed(tmp_path, translation: str) -> WoordenlijstSeed:
    (tmp_path / "glossary.toml").write_text(
        '[[terms]]\nkey = "gastgezin"\nterm = "gastgezin"\n'
        'definition = "Een gezin dat iemand opvangt."\n'
    )
    (tmp_path / "translations" / "uk").mkdir(parents=True)
    (tmp_path / "translations" / "uk" / "glossary.toml").write_text(translation)
    seed = WoordenlijstSeed()
    seed.seed_dir = tmp_path
    return seed


def test_accepted_forms_load_one_per_line_and_count_in_the_term_check(tmp_path):
    seed = glossary_seed(
        tmp_path,
        'language = "uk"\n[terms.gastgezin]\nterm = "сім\'я, що приймає"\n'
        'definition = "Сім\'я, яка приймає людину."\n'
        'variants = ["сім\'ї, що приймає", " сім\'ї, що приймають ", ""]\n',
    )
    load_starterskit(read_starterskit([seed]))
    term = GlossaryTerm.objects.get(key="gastgezin")
    assert term.variants_uk == "сім'ї, що приймає\nсім'ї, що приймають"
    assert term.renderings("uk") == [
        "сім'я, що приймає",
        "сім'ї, що приймає",
        "сім'ї, що приймають",
    ]
    assert term.renderings("fr") == []


def test_a_single_accepted_form_may_be_written_as_text(tmp_path):
    seed = glossary_seed(
        tmp_path,
        'language = "uk"\n[terms.gastgezin]\nterm = "сім\'я, що приймає"\n'
        'definition = "Сім\'я, яка приймає людину."\nvariants = "сім\'ї, що приймає"\n',
    )
    load_starterskit(read_starterskit([seed]))
    assert GlossaryTerm.objects.get(key="gastgezin").variants_uk == "сім'ї, що приймає"
