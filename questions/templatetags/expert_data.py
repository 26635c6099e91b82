"""schema.org JSON-LD for a clinician's page: a ProfilePage about a Person."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.structured_data import json_ld

from ..models import ExpertProfile

register = template.Library()


@register.simple_tag(takes_context=True)
def expert_jsonld(context: template.Context, expert: ExpertProfile) -> SafeString:
    # The site's own address, never the request's Host: the page is cached for everyone.
    url = settings.SITE_URL + expert.get_absolute_url()
    person: dict[str, Any] = {"@type": "Person", "name": expert.display_name, "url": url}
    if expert.credentials:
        person["honorificSuffix"] = expert.credentials
    titles = [line.strip() for line in expert.titles.splitlines() if line.strip()]
    if titles:
        person["jobTitle"] = titles[0] if len(titles) == 1 else titles
    if expert.institution:
        person["affiliation"] = {"@type": "Organization", "name": expert.institution}
    if expert.bio:
        person["description"] = expert.bio
    if expert.has_photo:
        person["image"] = settings.SITE_URL + expert.photo_url()
    person["knowsAbout"] = gettext("Multiple sclerosis")
    return json_ld(
        {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "mainEntity": person}
    )
