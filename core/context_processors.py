import re

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.i18n import same_page_in


def phone_link(phone: str) -> str:
    """A tel: address: digits and a leading +, as phones dial them."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        # In the page's language when the catalogue has it (the default one does).
        "SITE_TAGLINE": gettext(settings.SITE_TAGLINE),
        "SITE_URL": settings.SITE_URL,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "CLINIC_PHONE_TEL": phone_link(settings.CLINIC_PHONE),
        "CLINIC_EMAIL": settings.CLINIC_EMAIL,
    }


def languages(request: HttpRequest) -> dict:
    """The page's language, and a plain link to the same page in each other
    language (no form: a form needs a CSRF token, and pages are cached for
    everyone). A path that is not a page of both leads to the other home page."""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = same_page_in(request, code)
        if url == request.path:
            with translation.override(code):
                url = reverse("questions:home")
        links.append({"code": code, "name": name, "url": url})
    return {
        "LANGUAGE_CODE": current,
        "DEFAULT_LANGUAGE": settings.LANGUAGE_CODE,
        "OTHER_LANGUAGES": links,
    }
