from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def signed_in_user(request: HttpRequest) -> User:
    """The staff member behind a request that only signed-in staff reach (the admin's
    pages and actions), as the services take them.

    The admin lets no anonymous visitor in, so one here means a page lost its guard:
    refuse rather than act on nobody's behalf."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address for rate limits (a django-ratelimit key function).

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it was reached
    from to the header RATELIMIT_IP_META_KEY names (X-Forwarded-For), after
    whatever the client wrote there itself. The client's address is therefore
    the TRUSTED_PROXY_COUNT-th entry from the right; anything left of it is the
    client's own writing and is never believed."""
    meta_key = settings.RATELIMIT_IP_META_KEY
    if not meta_key or meta_key not in request.META:
        return request.META.get("REMOTE_ADDR", "")
    entries = [entry.strip() for entry in request.META[meta_key].split(",")]
    # Fewer entries than proxies: a proxy was bypassed; the earliest is all there is.
    return entries[-min(settings.TRUSTED_PROXY_COUNT or 1, len(entries))]
