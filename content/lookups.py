"""Query helpers the domain apps share."""

from django.db.models import Q


def every_group_in_any_field(groups: list[list[str]], fields: list[str]) -> Q:
    """Each group must match (any of its alternatives, case-insensitively) in one of `fields`.

    Search passes a query word with its synonyms and corrections as one group; the directory
    passes each typed word as a group of one.
    """
    condition = Q()
    for options in groups:
        any_option = Q()
        for option in options:
            for field_name in fields:
                any_option |= Q(**{f"{field_name}__icontains": option})
        condition &= any_option
    return condition
