"""Our captcha: the challenge (a small sum), its spoken version, and the form
field that accepts each solution once."""

from __future__ import annotations

import functools
import io
import secrets
import wave

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from crispy_forms.layout import Field
from django import forms
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
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


class SumCaptchaInput(CaptchaTextInput):
    """The library offers audio only where the flite program is installed; ours
    is joined from recorded clips (core/captcha.py), so it is always there.
    Its markup is made valid HTML too."""

    def audio_url(self) -> str:
        return reverse("captcha-audio", kwargs={"key": self._key})

    # Set by the form: who can help a person who can neither see nor hear the sum.
    person_help = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
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

    def __init__(self, **kwargs):
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

    def clean(self, value):
        if self.already_solved:
            return value
        forms.MultiValueField.clean(self, value)  # "required" checks only
        key, answer = value[0] or "", (value[1] or "").strip().lower()
        consumed, _ = CaptchaStore.objects.filter(
            hashkey=key, response=answer, expiration__gt=timezone.now()
        ).delete()
        if consumed == 1:
            return value
        # One attempt per challenge, right or wrong: a wrong guess burns it too.
        # An expired one is removed first, so that it is not called a wrong answer.
        CaptchaStore.objects.filter(hashkey=key, expiration__lte=timezone.now()).delete()
        burnt, _ = CaptchaStore.objects.filter(hashkey=key).delete()
        if burnt and answer:
            raise ValidationError(
                "That is not the answer to the sum. Please try the new sum above.", code="invalid"
            )
        raise ValidationError(
            "This sum has expired or was already used. Please solve the new sum above.",
            code="expired",
        )


CAPTCHA_LAYOUT = Field("captcha", template="captcha/field.html")
