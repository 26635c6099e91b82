"""What every sitemap of the site shares."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

if TYPE_CHECKING:  # the sites framework is not installed; only its type is named
    from django.contrib.sites.models import Site
    from django.contrib.sites.requests import RequestSite


class OnSite:
    """Addresses on the site's own address (SITE_URL), never the request's Host:
    the sitemap is cached and read by every search engine, so a forged Host
    must not end up in it."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        address = urlsplit(settings.SITE_URL)
        return address.netloc + address.path
