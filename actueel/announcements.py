"""Write the lines of "Wat is er veranderd?": for a rule that changed, or an edit staff announce."""

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext, override

from .models import ChangeNote, Rule

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def announce_rule_change(rule: Rule, previous: dict[str, str], *, user=None) -> ChangeNote:
    """A rule got a new value: say so in every language, with the old value and the date it applies from.

    `previous` maps language codes to the value before the change."""
    note = ChangeNote(rule=rule, subject=rule, made_by=user)
    for language in LANGUAGES:
        name = getattr(rule, f"name_{language}") or rule.name_nl
        value = getattr(rule, f"value_{language}") or rule.value_nl
        old = previous.get(language) or previous.get("nl", "")
        with override(language):
            since = formats.date_format(rule.applies_from)
            setattr(note, f"title_{language}", f"{name}: {value}")
            setattr(
                note,
                f"summary_{language}",
                gettext("Until now: %(old)s. The new rule applies from %(date)s.")
                % {"old": old, "date": since},
            )
    note.save()
    return note


def announce_change(obj, summary: str, *, user=None) -> ChangeNote:
    """Staff marked an edit as worth announcing (content.admin calls this via settings.CHANGE_ANNOUNCER)."""
    return ChangeNote.objects.create(
        title_nl=str(obj), summary_nl=summary, subject=obj, made_by=user
    )
