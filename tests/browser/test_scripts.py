"""Ge'ez (Tigrinya) and Pashto render with the system fonts of a phone, not as empty boxes.

Chromium reports which platform font drew the glyphs of an element (DevTools' CSS domain); the
test asks it for the heading and the text of a chapter, and keeps a phone-sized screenshot of
each page in var/screenshots/ for a person to look at.
"""

from pathlib import Path

import pytest
from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

# The letters only these scripts have: Ge'ez syllables, and Pashto's own additions to Arabic.
SCRIPTS = {
    "ti": ("Ethiopic", "ሀሁሂሃሄህሆ ትግርኛ"),
    "ps": ("Arabic", "ټډړږښګڼېۍ"),
}


def fonts_for(tab, selector: str) -> list[dict]:
    """The platform fonts Chromium used for the text inside `selector`, with glyph counts."""
    session = tab.context.new_cdp_session(tab)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_the_script_is_drawn_by_a_font_that_has_it(kit, live_server, page, language):
    script, letters = SCRIPTS[language]
    page.set_viewport_size({"width": 360, "height": 740})  # a small phone
    page.goto(f"{live_server.url}/{language}/trajecten/bescherming-aanvragen/")
    page.evaluate(
        """letters => { const p = document.createElement('p'); p.id = 'script-sample';
        p.textContent = letters; document.querySelector('h1').after(p); }""",
        letters,
    )
    for selector in ("h1", "#script-sample", ".section p"):
        fonts = fonts_for(page, selector)
        assert fonts, selector
        # Every glyph came from a real font that covers the script (no "Last Resort" boxes).
        assert all("last resort" not in f["familyName"].lower() for f in fonts), fonts
        sample = fonts_for(page, "#script-sample")
        assert any(script.lower() in f["familyName"].lower() for f in sample), sample
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chapter-{language}-phone.png"))
    assert page.console_errors == []
