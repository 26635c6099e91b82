"""Filling the public forms as a person would, through HTTP."""

from __future__ import annotations

import re

from captcha.models import CaptchaStore
from django.test import Client

_HIDDEN = re.compile(r'name="(started|form_token|captcha_0)" value="([^"]+)"')


def form_fields(client: Client, url: str, *, solve: bool = True) -> dict[str, str]:
    """The hidden fields of the form at `url`, with the captcha solved."""
    page = client.get(url).content.decode()
    fields = dict(_HIDDEN.findall(page))
    if solve:
        fields["captcha_1"] = CaptchaStore.objects.get(hashkey=fields["captcha_0"]).response
    return fields
