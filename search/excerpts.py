"""The matched words of an excerpt, marked without trusting the text.

Both databases cut the excerpt and wrap each matched word in START and STOP,
two private-use characters, rather than in <mark>: the text is escaped first
and only then are the markers turned into <mark>, so nothing anyone typed (a
patient's question, an expert's answer) can become markup. The indexed text
never contains the markers (`search.index.plain` strips them), so every one
found in an excerpt was put there by the database.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def marked(excerpt: str) -> SafeString:
    """The excerpt escaped, with each matched part in <mark>; a marker left
    unpaired is dropped rather than shown as a stray character."""
    html = _MARKED.sub(r"<mark>\1</mark>", escape(excerpt or ""))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above
