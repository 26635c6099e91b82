import re

from django.conf import settings
from django.http import HttpRequest


def phone_link(phone: str) -> str:
    """A tel: address: digits and a leading +, as phones dial them."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "CLINIC_PHONE_TEL": phone_link(settings.CLINIC_PHONE),
        "CLINIC_EMAIL": settings.CLINIC_EMAIL,
    }
