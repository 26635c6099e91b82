from django.conf import settings
from django.http import HttpRequest


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address for rate limits (a django-ratelimit key function).
    Behind a proxy, RATELIMIT_IP_META_KEY names the header that carries it."""
    meta_key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    return request.META.get(meta_key, "").split(",")[0].strip()
