"""Consistent legal terms: where a glossary term's Dutch word stands in the source, its approved
rendering in the language (the glossary's term, or one of its accepted forms) must stand in the
translation. The check reports every unit where it does not."""

from dataclasses import dataclass

from content.page_cache import content_version
from content.translation_status import SOURCE_LANGUAGE
from woordenlijst.terms import term_index

from .units import Unit, collect_units


@dataclass
class Inconsistency:
    unit: Unit
    term_key: str
    dutch: str
    renderings: list[str]


def inconsistencies(language: str, units: list[Unit] | None = None, keys: set[str] | None = None):
    """Units whose translation lacks the approved rendering of a term in their Dutch source.

    `keys` limits the check to some glossary terms (e.g. the ones an audit named)."""
    units = collect_units(language, with_notes=False) if units is None else units
    dutch_terms = term_index(content_version(None), SOURCE_LANGUAGE)
    found = []
    for unit in units:
        if not unit.target:
            continue
        target = unit.target.casefold()
        seen = set()
        for _start, _end, term in dutch_terms.find(unit.source):
            if term.key in seen or (keys is not None and term.key not in keys):
                continue
            seen.add(term.key)
            renderings = term.renderings(language)
            if renderings and not any(form.casefold() in target for form in renderings):
                found.append(Inconsistency(unit, term.key, term.term_nl, renderings))
    return found
