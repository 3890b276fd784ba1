"""The glossary: the words a volunteer or newcomer meets on letters and at the counter."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content.publishing import Publishable, Status


class GlossaryTerm(Publishable):
    """A word a volunteer or newcomer meets (e.g. 'leefloon', 'Bijlage 26'), explained in plain language.

    `term_nl` is the official Dutch word; the other languages' `term` fields hold the
    translation. Synonyms and the abbreviation let search and the chapter text recognise it.
    The table is still called content_glossaryterm: the model moved here from the content app.
    """

    key = models.SlugField(_("key"), unique=True, max_length=80)
    term = models.CharField(_("term"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other words or spellings for the same thing, one per line (Dutch)."),
    )
    definition = models.TextField(
        _("definition"), help_text=_("One to three short sentences, plain text.")
    )
    variants = models.TextField(
        _("accepted forms"),
        blank=True,
        help_text=_(
            "Other forms of the approved term in this language (plural, cases), one per line. "
            "The term check accepts them too."
        ),
    )
    chapters = models.ManyToManyField(
        "trajecten.Chapter",
        blank=True,
        related_name="glossary_terms",
        verbose_name=_("chapters"),
        db_table="content_glossaryterm_chapters",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PUBLISHED)

    class Meta:
        db_table = "content_glossaryterm"
        ordering = ["term_nl"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self) -> str:
        return self.term_nl or self.term

    def get_absolute_url(self) -> str:
        return f"{reverse('woordenlijst:glossary')}#{self.key}"

    @property
    def display_name(self) -> str:
        """'integration income (leefloon)': the reader's word with the official Dutch one."""
        if self.term == self.term_nl or not self.term_nl:
            return self.term
        return f"{self.term} ({self.term_nl})"

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def surface_forms(self, language: str) -> list[str]:
        """Every way the term may be written: Dutch term, abbreviation, synonyms, the term in `language`."""
        forms = [
            self.term_nl,
            self.abbreviation,
            *self.synonym_list,
            getattr(self, f"term_{language}", ""),
        ]
        return [f for f in dict.fromkeys(f.strip() for f in forms if f) if len(f) >= 2]

    def renderings(self, language: str) -> list[str]:
        """The approved rendering of the term in `language` and its accepted forms (the term check)."""
        forms = [
            getattr(self, f"term_{language}") or "",
            *(getattr(self, f"variants_{language}") or "").splitlines(),
        ]
        return [form.strip() for form in forms if form.strip()]

    @property
    def letter(self) -> str:
        first = (self.term_nl or "#").lstrip("#")[:1].upper()
        return first if first.isalpha() else "#"
