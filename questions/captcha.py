"""Our captcha challenge (a small sum) and its spoken version."""

from __future__ import annotations

import secrets
import subprocess
import tempfile
from pathlib import Path

from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone


def sum_challenge() -> tuple[str, str]:
    """A small addition ("4+7=", "11"): quick to solve, easy to read and to hear."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{a}+{b}=", str(a + b)


def spoken(challenge: str) -> str:
    """ "4+7=" as a listener needs it: "What is 4 plus 7?" """
    left, _, right = challenge.rstrip("=").partition("+")
    return f"What is {left} plus {right}? Again: {left} plus {right}."


def captcha_audio(request: HttpRequest, key: str) -> HttpResponse:
    """The sum read aloud by flite. The library's own audio view spells our
    challenge out character by character ("four, seven, equals")."""
    flite = captcha_settings.CAPTCHA_FLITE_PATH
    if not flite:
        raise Http404("No audio on this server.")
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return HttpResponse(status=410)  # gone: crawlers should not keep it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sum.wav"
        command = [flite, "-t", spoken(store.challenge), "-o", str(path)]
        subprocess.run(command, check=True, timeout=20)  # noqa: S603 - fixed program, our text
        audio = path.read_bytes()
    response = HttpResponse(audio, content_type="audio/wav")
    response["Cache-Control"] = "no-store"
    return response
