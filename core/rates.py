"""Rates as django-ratelimit reads them ("5/m", "100/h", "10/15m"), parsed by us.

The library's own parser is private, and lenient in ways that hide a typo: it
reads only the start of the text ("5/M" or "5/x" is five a second) and fails
with an AttributeError on text it cannot read at all. Here the whole text must
be a rate, and a bad one is a ValueError that says what was expected.

Imports nothing from Django: settings.py checks its rates with it.
"""

from __future__ import annotations

import re

# The grammar of django-ratelimit's simple rates (docs/rates.rst): "X/u" or
# "X/Yu", X requests per Y units; u is s, m, h or d, and seconds when left out
# ("100/300"). "5/", which the library would read as five a second, is neither.
_RATE = re.compile(
    r"(?P<count>[0-9]+)/(?:(?P<units>[0-9]+)(?P<unit>[smhd])?|(?P<unit_only>[smhd]))"
)

UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(text: str) -> tuple[int, int]:
    """The number of requests and the period in seconds of a rate:
    "5/m" is (5, 60), "10/15m" is (10, 900), "100/300" is (100, 300).

    A count of 0 is allowed (the library then refuses every request); a period
    of 0 is not (the library refuses it, but only on the first request it limits)."""
    if not isinstance(text, str):
        raise ValueError(f"A rate is text such as 5/m or 10/15m, not {text!r}.")
    match = _RATE.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a rate: write a number of requests, a slash and a period, "
            "such as 5/m, 100/h or 10/15m (s, m, h, d: second, minute, hour, day)."
        )
    unit = match["unit"] or match["unit_only"] or "s"
    seconds = int(match["units"] or 1) * UNIT_SECONDS[unit]
    if seconds == 0:
        raise ValueError(f"{text!r} is not a rate: its period is zero seconds.")
    return int(match["count"]), seconds
