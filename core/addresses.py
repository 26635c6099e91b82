"""Email addresses: one check and one written form for every address the site takes.

Django's EmailField accepts what RFC 5321 allows, `""@clinic.org` and
`"name"@clinic.org` included; mail servers refuse many of those, and one
mailbox could be written several ways to slip past the do-not-email list and
the hourly cap. Every form therefore takes addresses through `EmailAddressField`,
and every comparison goes through `normalise`, so an address is stored and
compared in one form only. The syntax is checked by email-validator, a
well-kept library, never by a regular expression of our own.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

# RFC 2047 encoded words ("=?utf-8?q?...?=") belong in headers, never in an
# address; a mail client shows the decoded text, so one person's mailbox could
# hide behind any number of spellings.
_ENCODED_WORD = re.compile(r"=\?.*\?=")


class InvalidAddress(ValueError):
    """Not an address the site sends mail to."""


def normalise(address: str) -> str:
    """The one form in which the site stores and compares an address.

    Refuses quoted or empty local parts, display names ("Name <a@b>"), IP
    literals, encoded words and non-ASCII local parts (the SMTP backend cannot
    send to those). The result is ASCII (an international domain in its
    punycode form) and lower case: mail providers ignore the case of the part
    before the @ in practice, and the site has always treated two spellings in
    different case as one address (the subscriptions' unique constraint).
    """
    address = address.strip()
    if _ENCODED_WORD.search(address):
        raise InvalidAddress("encoded word")
    try:
        valid = validate_email(
            address,
            check_deliverability=False,  # no DNS look-up while a person waits on a form
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_display_name=False,
            allow_domain_literal=False,
            allow_empty_local=False,
            test_environment=settings.ALLOW_TEST_EMAIL_DOMAINS,
        )
    except EmailNotValidError as error:
        raise InvalidAddress(str(error)) from None
    # With allow_smtputf8=False an address without an ASCII form was refused above.
    assert valid.ascii_email is not None
    return valid.ascii_email.lower()


def comparable(address: str) -> str:
    """`normalise`, for comparing an address that may have been stored before the
    check existed: one that does not pass it is compared as lower-cased text."""
    try:
        return normalise(address)
    except InvalidAddress:
        return address.strip().lower()


class EmailAddressField(forms.EmailField):
    """A form's email field: the address checked and returned in its normal form."""

    default_error_messages = {
        "invalid": _(
            "This does not look like an email address. Please check it "
            "(it should look like name@example.org)."
        ),
        "max_length": _(
            "An email address has at most %(limit_value)d characters; "
            "this one has %(show_value)d. Please check it."
        ),
    }

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        # Too long to store: the length check says so in its own words.
        if value in self.empty_values or (self.max_length and len(value) > self.max_length):
            return value
        try:
            return normalise(value)
        except InvalidAddress:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
