"""Sessions in the database, as Django keeps them, but a cookie that cannot be
one of our keys is no session at all, without asking the database.

Django only checks a key's length; a cookie with a NUL byte then reaches
PostgreSQL, which refuses it (DataError), and since the session is read on
every response every page would fail for that browser. And with
SESSION_SAVE_EVERY_REQUEST, Django saved a well-formed key it did not know as
a new, empty session: one row written per request for anyone who sends one."""

from __future__ import annotations

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# What SessionBase._get_new_session_key makes: 32 of [a-z0-9].
_KEY = re.compile(r"[a-z0-9]{32}")


def is_session_key(value: object) -> bool:
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: object) -> bool:
        return is_session_key(key)

    def is_empty(self) -> bool:
        # Looks the key up (once) before the middleware decides to save: an
        # unknown key is then empty, and its cookie is deleted, not stored.
        if self.session_key is not None:
            self.keys()  # read from the database the first time only
        return super().is_empty()
