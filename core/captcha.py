"""Our captcha: the challenge (a small sum), its spoken version, and the form
field that accepts each solution once."""

from __future__ import annotations

import datetime
import functools
import io
import secrets
import sys
import wave
from array import array
from typing import Any

from captcha import views as captcha_views
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from crispy_forms.layout import Field
from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .http import client_address
from .limits import usage

# Recorded once by scripts/make-captcha-audio; all in one format (8 kHz mono 16-bit):
# the default language's in the folder itself, each other language's in its own.
CLIPS = "audio/captcha/{}.wav"
CLIPS_IN = "audio/captcha/{language}/{word}.wav"
# Each rendering is made different (pauses, speed, loudness, a faint hiss), so
# that the sum cannot be read off by finding the public clips in it byte for byte.
PAUSE_SECONDS = (0.25, 0.55)
LEAD_SECONDS = (0.05, 0.3)
SPEEDS = (0.92, 0.96, 1.0, 1.04, 1.08)
GAINS = (0.75, 0.87, 1.0)

# A solved sum, kept for a form that comes back with another mistake: a row of
# the captcha's own table under this challenge, removed when it is used.
SOLVED = "solved"
SOLVED_MINUTES = 30
SUM_EXPIRED = _("This sum has expired or was already used. Please solve the new sum.")
SUM_WRONG = _("That is not the answer to the sum. Please try the new sum.")


def sum_challenge() -> tuple[str, str]:
    """A small addition ("4+7=", "11"): quick to solve, easy to read and to hear."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{a}+{b}=", str(a + b)


def spoken(challenge: str) -> list[str]:
    """ "4+7=" as a listener needs it: "What is 4 plus 7? Again: 4 plus 7." """
    left, _, right = challenge.rstrip("=").partition("+")
    return ["what-is", left, "plus", right, "again", left, "plus", right]


def _clip(word: str) -> tuple:
    return _clip_in(translation.get_language(), word)


@functools.cache
def _clip_in(language: str, word: str) -> tuple:
    """A word in a language: the page's, so that /es/ reads the sum in Spanish."""
    if language == settings.LANGUAGE_CODE:
        path = finders.find(CLIPS.format(word))
    else:
        path = finders.find(CLIPS_IN.format(language=language, word=word))
    if path is None:
        raise LookupError(
            f"No recorded clip for {word!r} in {language!r}: see scripts/make-captcha-audio."
        )
    with wave.open(path, "rb") as clip:
        return clip.getparams(), clip.readframes(clip.getnframes())


def _samples(frames: bytes) -> array:
    samples = array("h", frames)  # WAV is little-endian
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _varied_word(word: str, speed: float, gain: float) -> bytes:
    return _varied_word_in(translation.get_language(), word, speed, gain)


@functools.cache
def _varied_word_in(language: str, word: str, speed: float, gain: float) -> bytes:
    """One word a little faster or slower (nearest-sample resampling: a little
    rough, still clear at telephone quality) and softer, as WAV frames. Kept:
    the few variants of each word cost less memory than making them per request."""
    samples = _samples(_clip_in(language, word)[1])
    indices = [int(i * speed) for i in range(int(len(samples) / speed))]
    out = array("h", [round(samples[i] * gain) for i in indices])
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def spoken_wav(challenge: str) -> bytes:
    """The recorded clips joined with pauses: a WAV file made in memory, so that
    a server needs no speech program and starts no process per request. No two
    renderings are alike (see PAUSE_SECONDS and what follows it).

    Written here rather than with an audio library: the site needs only this,
    and the standard library's wave module does it."""
    words = spoken(challenge)
    params = _clip(words[0])[0]
    frame = params.sampwidth * params.nchannels
    rng = secrets.SystemRandom()
    data = bytearray(frame * int(params.framerate * rng.uniform(*LEAD_SECONDS)))
    for word in words:
        data += _varied_word(word, rng.choice(SPEEDS), rng.choice(GAINS))
        data += bytes(frame * int(params.framerate * rng.uniform(*PAUSE_SECONDS)))
    # A faint hiss everywhere: the low byte of every sample (little-endian) is
    # XORed with a random byte, which moves it by less than 256 of 32767.
    hiss = bytearray(len(data))
    hiss[0::2] = secrets.token_bytes(len(data) // 2)
    noisy = int.from_bytes(data, "little") ^ int.from_bytes(hiss, "little")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setparams(params)
        wav.writeframes(noisy.to_bytes(len(data), "little"))
    return buffer.getvalue()


def captcha_audio(request: HttpRequest, key: str) -> HttpResponse:
    """The sum read aloud. The library's own audio view needs the flite program
    and spells our challenge out character by character ("four, seven, equals")."""
    store = (
        CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now())
        .exclude(challenge=SOLVED)
        .first()
    )
    if store is None:
        return HttpResponse(status=410)  # gone: crawlers should not keep it
    response = HttpResponse(spoken_wav(store.challenge), content_type="audio/wav")
    response["Cache-Control"] = "no-store"
    return response


def captcha_refresh(request: HttpRequest) -> HttpResponse:
    """The library's "new sum" (a row in the captcha table per call), limited per
    client address: without a limit a robot adds rows as fast as it can ask."""
    count = usage(
        request,
        group="captcha-refresh",
        key=client_address,
        rate=settings.CAPTCHA_REFRESH_RATE_LIMIT,
        increment=True,
        method="GET",
    )
    if count and count["should_limit"]:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(max(1, count["time_left"]))
        return response
    return captcha_views.captcha_refresh(request)


def solved_sum_keep() -> str:
    """Remember that a sum was solved right, for one more post of the same form
    within SOLVED_MINUTES; the key goes into the form's signed note."""
    key = secrets.token_hex(20)
    CaptchaStore.objects.create(
        challenge=SOLVED,
        response=secrets.token_hex(16),  # never shown: the row cannot be answered as a sum
        hashkey=key,
        expiration=timezone.now() + datetime.timedelta(minutes=SOLVED_MINUTES),
    )
    return key


def solved_sum_use(*, key: str) -> bool:
    """Whether a kept solved sum was there to use, using it up: as with a sum,
    the check is the delete, so of two posts replaying one note only one passes."""
    used, _ = CaptchaStore.objects.filter(
        hashkey=key, challenge=SOLVED, expiration__gt=timezone.now()
    ).delete()
    return used == 1


class SumCaptchaInput(CaptchaTextInput):
    """The library offers audio only where the flite program is installed; ours
    is joined from recorded clips (core/captcha.py), so it is always there.
    Its markup is made valid HTML too."""

    # Set by the form: who can help a person who can neither see nor hear the sum.
    person_help = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # The sum just stored is the one whose key the hidden input carries.
        key = context["widget"]["subwidgets"][0]["value"]
        context["audio"] = reverse("captcha-audio", kwargs={"key": key})
        context["person_help"] = self.person_help
        # Valid HTML: "required" is not allowed on a hidden input, and
        # "autocorrect" (Safari's own) is not an HTML attribute.
        for subwidget in context["widget"]["subwidgets"]:
            subwidget["attrs"].pop("autocorrect", None)
            if subwidget["type"] == "hidden":
                subwidget["attrs"].pop("required", None)
        return context


class OnceCaptchaField(CaptchaField):
    """A captcha answer that is accepted exactly once.

    The library looks the challenge up and deletes it in two statements, so two
    requests replaying one solution at the same moment can both pass. Here the
    check *is* the delete: one DELETE … WHERE key AND answer AND not expired,
    and only the request whose DELETE removed the row passes. On PostgreSQL a
    second, concurrent DELETE waits for the first and then matches nothing.
    """

    def __init__(self, **kwargs: Any) -> None:
        if "widget" not in kwargs:
            widget = SumCaptchaInput()
            # The answer box only: given to both, the hidden key would look like the
            # answer box to scripts (and be emptied by "Show a different sum").
            widget.widgets[1].attrs.update(
                {"inputmode": "numeric", "class": "form-control captcha-answer"}
            )
            kwargs["widget"] = widget
        super().__init__(**kwargs)

    # Set by the form when this form's sum was solved on an earlier post.
    already_solved = False

    def clean(self, value: Any) -> Any:
        if self.already_solved:
            return value
        forms.MultiValueField.clean(self, value)  # "required" checks only
        key, answer = value[0] or "", (value[1] or "").strip().lower()
        consumed, _ = (
            CaptchaStore.objects.filter(hashkey=key, response=answer, expiration__gt=timezone.now())
            .exclude(challenge=SOLVED)
            .delete()
        )
        if consumed == 1:
            return value
        # One attempt per challenge, right or wrong: a wrong guess burns it too.
        # An expired one is removed first, so that it is not called a wrong answer.
        CaptchaStore.objects.filter(hashkey=key, expiration__lte=timezone.now()).delete()
        burnt, _ = CaptchaStore.objects.filter(hashkey=key).delete()
        if burnt and answer:
            raise ValidationError(SUM_WRONG, code="invalid")
        raise ValidationError(SUM_EXPIRED, code="expired")


CAPTCHA_LAYOUT = Field("captcha", template="captcha/field.html")
