"""Log records never carry a patient's private link.

The status token is the only key to a patient's private page, and it is part
of the address (/ask/status/<token>/..., /ask/thanks/<token>/). Django logs
addresses on its own: a failed CSRF check ("Forbidden (Origin checking
failed ...): /ask/status/<token>/erase/"), a 404 or 500 ("Not Found: ...",
"Internal Server Error: ..."), the development server's request lines. This
filter rewrites any such record, message and traceback text, before any
handler formats it."""

from __future__ import annotations

import logging
import re

# Every URL that carries a token (questions: ask_thanks, ask_status,
# ask_status_erase; subscriptions: confirm, manage, unsubscribe): what follows
# the prefix, up to the next separator.
PRIVATE_LINK = re.compile(
    r"(/ask/(?:status|thanks)/|/subscribe/(?:confirm|manage|unsubscribe)/)[^/?#\s\"'<>]+"
)
REDACTED = r"\1[private]"


def redact(text: str) -> str:
    return PRIVATE_LINK.sub(REDACTED, text)


class RedactPrivateLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            # Formatted now so that the traceback text can be redacted too;
            # Formatter.format reuses exc_text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
