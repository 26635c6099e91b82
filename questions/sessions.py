"""Sessions in the database, as Django keeps them, but a cookie that cannot be
one of our keys is no session at all, without asking the database.

Django only checks a key's length; a cookie with a NUL byte then reaches
PostgreSQL, which refuses it (DataError), and since the session is read on
every response every page would fail for that browser."""

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
