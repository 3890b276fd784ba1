"""Read an admin form as a browser would submit it unchanged (WebTest parses the HTML form)."""

from webtest import TestResponse


def admin_form_data(html: str, form_id: str) -> dict[str, list[str] | str]:
    """The fields of form `form_id` in `html` with their current values, ready to post again.

    WebTest serialises the form the way a browser does: checked boxes only, the selected
    options of a select, the first option of a single select with none selected, textareas
    without their leading newline. Repeated names (a multiple select) become lists.
    """
    page = TestResponse(html.encode(), content_type="text/html", charset="utf-8")
    fields: dict[str, list[str]] = {}
    for name, value in page.forms[form_id].submit_fields():
        fields.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}
