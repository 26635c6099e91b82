"""gunicorn's settings for this site. gunicorn reads this file by itself when
it is started in this folder (as docs/operations.md describes); command-line
options such as --bind and --workers still apply on top of it."""

from __future__ import annotations

import logging
import re

from gunicorn import glogging

from core.log_privacy import RedactPrivateLinks

# gunicorn's "Invalid request from ip=<address>: <what it refused>": the address
# goes too, as from every other log line of the site.
_CLIENT = re.compile(r"(\bfrom ip=)\S*?(?=: )")


class RedactGunicornRecords(RedactPrivateLinks):
    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        redacted = _CLIENT.sub(r"\1[private]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's own log lines, redacted as Django's are (core/log_privacy.py).

    gunicorn logs outside Django's LOGGING: a request line it refuses on its
    error log, every request on its access log (when one is given), both with
    the path, and the access log with the Referer, which is a status page's
    address for every file that page loads. The filter sits on gunicorn's two
    loggers, so every handler gunicorn (or a logconfig) gives them sees the
    redacted record."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactGunicornRecords) for f in log.filters):
                log.addFilter(RedactGunicornRecords())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = "-"  # the client's address, never logged
        return atoms


logger_class = GunicornLogger
