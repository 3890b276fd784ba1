from django.http import HttpRequest


def edited_object_id(request: HttpRequest) -> str | None:
    """The primary key of the object an admin change form is editing, or None on the add form.

    Django's change URL names it `object_id`; django-reversion's history and recover URLs pass
    it positionally, so look in both places. Inlines use it to offer only their parent's children.
    """
    match = request.resolver_match
    if match is None:
        return None
    if "object_id" in match.kwargs:
        return match.kwargs["object_id"]
    if match.url_name and match.url_name.endswith("_revision") and match.args:
        return match.args[0]
    if match.url_name and match.url_name.endswith("_recover") and match.args:
        from reversion.models import Version

        version = Version.objects.filter(pk=match.args[0]).only("object_id").first()
        return version.object_id if version else None
    return None
