"""Our captcha challenge (a small sum) and its spoken version."""

from __future__ import annotations

import functools
import io
import secrets
import wave

from captcha.models import CaptchaStore
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# Recorded once by scripts/make-captcha-audio; all in one format (8 kHz mono 16-bit).
CLIPS = "audio/captcha/{}.wav"
PAUSE_SECONDS = 0.35


def sum_challenge() -> tuple[str, str]:
    """A small addition ("4+7=", "11"): quick to solve, easy to read and to hear."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{a}+{b}=", str(a + b)


def spoken(challenge: str) -> list[str]:
    """ "4+7=" as a listener needs it: "What is 4 plus 7? Again: 4 plus 7." """
    left, _, right = challenge.rstrip("=").partition("+")
    return ["what-is", left, "plus", right, "again", left, "plus", right]


@functools.cache
def _clip(word: str) -> tuple:
    path = finders.find(CLIPS.format(word))
    if path is None:
        raise LookupError(f"No recorded clip for {word!r}: see scripts/make-captcha-audio.")
    with wave.open(path, "rb") as clip:
        return clip.getparams(), clip.readframes(clip.getnframes())


def spoken_wav(challenge: str) -> bytes:
    """The recorded clips joined with short pauses: a WAV file made in memory,
    so that a server needs no speech program and starts no process per request."""
    words = spoken(challenge)
    params = _clip(words[0])[0]
    pause = b"\0" * (int(params.framerate * PAUSE_SECONDS) * params.sampwidth * params.nchannels)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setparams(params)
        for word in words:
            out.writeframes(_clip(word)[1] + pause)
    return buffer.getvalue()


def captcha_audio(request: HttpRequest, key: str) -> HttpResponse:
    """The sum read aloud. The library's own audio view needs the flite program
    and spells our challenge out character by character ("four, seven, equals")."""
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return HttpResponse(status=410)  # gone: crawlers should not keep it
    response = HttpResponse(spoken_wav(store.challenge), content_type="audio/wav")
    response["Cache-Control"] = "no-store"
    return response
