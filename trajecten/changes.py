"""Move a chapter's `content_changed_at` whenever something its page shows from another row changes.

The chapter page's body is stored once rendered (content.fragments), keyed by the chapter's own
`updated_at` and this stamp, so every write path must move it: the admin, the loader, a
translator's import, the shell. That is what model signals are for, as for the content version
(content/invalidation.py). A restore (raw loaddata) keeps the stamps it restores: a stored body
is keyed by them, so it matches only the state it was rendered from.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from content.models import ContentVersion, TranslationStatus

from .models import Action, Chapter, Part, Section, Source, Testimonial

ON_A_CHAPTER = (Section, Action, Testimonial, Source)


_touched_in_block: ContextVar[object | None] = ContextVar("chapters_touched_in", default=None)


def touch(chapter_ids: Callable[[], Iterable[int | None]]) -> None:
    """Move the stamp of the chapters `chapter_ids()` names (asked only when it is needed)."""
    block = ContentVersion.deferred_block()
    if block is not None:
        # The loader writes thousands of rows in one transaction: move every chapter's stamp
        # once for the whole block instead of once per row (nobody sees the rows before it ends).
        if _touched_in_block.get() is not block:
            _touched_in_block.set(block)
            Chapter.objects.update(content_changed_at=timezone.now())
        return
    ids = {pk for pk in chapter_ids() if pk}
    if ids:
        Chapter.objects.filter(pk__in=ids).update(content_changed_at=timezone.now())


def child_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        touch(lambda: [instance.chapter_id])


def part_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        touch(lambda: Chapter.objects.filter(part=instance).values_list("pk", flat=True))


def status_changed(sender, instance: TranslationStatus, raw: bool = False, **kwargs) -> None:
    """A translation marked reviewed, outdated or drafted changes the notices on the page."""
    if not raw:
        touch(lambda: _chapters_showing(instance))


def _chapters_showing(status: TranslationStatus) -> Iterable[int | None]:
    model = ContentType.objects.get_for_id(status.content_type_id).model_class()
    if model is Chapter:
        return [status.object_id]
    if model is Part:
        return Chapter.objects.filter(part_id=status.object_id).values_list("pk", flat=True)
    if model in ON_A_CHAPTER:
        return model.objects.filter(pk=status.object_id).values_list("chapter_id", flat=True)
    return []


def connect() -> None:
    for model in ON_A_CHAPTER:
        name = model._meta.label
        post_save.connect(child_changed, sender=model, dispatch_uid=f"chapter-stamp-save-{name}")
        post_delete.connect(child_changed, sender=model, dispatch_uid=f"chapter-stamp-del-{name}")
    post_save.connect(part_changed, sender=Part, dispatch_uid="chapter-stamp-save-part")
    post_save.connect(status_changed, sender=TranslationStatus, dispatch_uid="chapter-stamp-status")
    post_delete.connect(
        status_changed, sender=TranslationStatus, dispatch_uid="chapter-stamp-status-del"
    )
