"""Private tokens and keyed hashes: what is stored instead of a token or an
address, so that neither can be read back from the database."""

from __future__ import annotations

import hashlib

from django.utils.crypto import salted_hmac


def status_token_for(form_token: str) -> str:
    """The patient's private status token, derived from the form they sent, so
    that a double post of one form finds the question the first post stored."""
    return salted_hmac("questions.status-token", form_token, algorithm="sha256").hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_client(address: str) -> str:
    """A keyed hash of the client address: enough to count, not to identify."""
    return salted_hmac("questions.client", address, algorithm="sha256").hexdigest()
