"""The sum on the question form: picture, audio, new sums, and sums wrong, old or reused."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import wave

import pytest
from captcha.models import CaptchaStore
from django.conf import settings as django_settings
from django.utils import timezone

from questions.models import Question
from tests.ask_helpers import assert_shown_again_with_text_kept, page_text
from tests.factories import ASK_QUESTION, CategoryFactory, ask_form_data, form_values, solved_sum

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]


# The sum (captcha)


def test_the_sum_is_a_picture_with_an_audio_version_played_in_the_page(patient):
    html = page_text(patient.get("/ask/"))
    key = form_values(html)["captcha_0"]
    assert f'<img src="/captcha/image/{key}/"' in html
    # A player in the page, not a link away from the form.
    assert (
        f'<audio class="captcha-audio" controls preload="none" src="/captcha/audio/{key}.wav" '
        'aria-labelledby="id_captcha_listen">'
    ) in html
    assert (
        '<p class="captcha-listen-label" id="id_captcha_listen">Listen to the sum instead:' in html
    )
    # The link to the file is only the fallback of a browser that cannot play it.
    assert ".wav" not in re.sub(r"<audio .*?</audio>", "", html, flags=re.S)
    image = patient.get(f"/captcha/image/{key}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_help_for_the_sum_never_asks_to_show_the_question_to_anyone(patient):
    html = page_text(patient.get("/ask/"))
    assert "ask someone you trust to read you <strong>only the sum</strong>" in html
    assert "they do not need to see your question" in html
    assert "ask someone you trust to help" not in html


def test_without_a_clinic_phone_or_email_the_site_promises_no_call_or_email(patient, settings):
    settings.CLINIC_PHONE = settings.CLINIC_EMAIL = ""
    html = page_text(patient.get("/ask/"))
    assert "they do not need to see your question" in html
    assert "the clinic" not in html
    assert "tel:" not in html and "mailto:" not in html


def test_the_clinic_phone_and_email_are_offered_beside_the_sum_and_in_the_footer(patient, settings):
    settings.CLINIC_PHONE = "+1 (555) 010-0199"
    settings.CLINIC_EMAIL = "help@ms.example.org"
    html = page_text(patient.get("/ask/"))
    assert (
        "Or a person at the clinic will help you send it: "
        'call <a href="tel:+15550100199">+1 (555) 010-0199</a> or email '
        '<a href="mailto:help@ms.example.org">help@ms.example.org</a>.' in html
    )
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'call <a href="tel:+15550100199">+1 (555) 010-0199</a>' in footer
    assert 'email <a href="mailto:help@ms.example.org">help@ms.example.org</a>' in footer

    settings.CLINIC_EMAIL = ""
    html = page_text(patient.get("/ask/"))
    assert 'send it: call <a href="tel:+15550100199">+1 (555) 010-0199</a>.' in html
    assert "mailto:" not in html


def recorded(word: str) -> bytes:
    with wave.open(
        str(django_settings.BASE_DIR / "static/audio/captcha" / f"{word}.wav"), "rb"
    ) as clip:
        return clip.readframes(clip.getnframes())


def test_the_audio_sum_is_spoken_from_recorded_clips_without_starting_a_program(
    patient, monkeypatch
):
    def no_programs(*args, **kwargs):
        raise AssertionError("the audio sum started a program")

    monkeypatch.setattr(subprocess, "run", no_programs)
    monkeypatch.setattr(subprocess, "Popen", no_programs)
    key = form_values(page_text(patient.get("/ask/")))["captcha_0"]
    left, right = CaptchaStore.objects.get(hashkey=key).challenge.rstrip("=").split("+")

    response = patient.get(f"/captcha/audio/{key}.wav")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Cache-Control"] == "no-store"
    with wave.open(io.BytesIO(response.content), "rb") as sound:
        frames = sound.readframes(sound.getnframes())
        seconds = sound.getnframes() / sound.getframerate()
    # "What is 4 plus 7? Again: 4 plus 7.": eight parts, each under a second.
    assert 4 < seconds < 12, seconds
    # Made from the public clips, yet none of them is in it byte for byte (a robot
    # would read the sum off by finding the files), and no two renderings match.
    for word in ("what-is", "again", "plus", left, right):
        clip = recorded(word)
        middle = clip[len(clip) // 2 - 200 : len(clip) // 2 + 200]  # 25 ms of the word
        assert middle not in frames, word
    assert patient.get(f"/captcha/audio/{key}.wav").content != response.content


def test_a_new_sum_comes_without_reloading_the_page(patient):
    # What the "Show a different sum" button fetches when JavaScript runs.
    data = ask_form_data(patient)
    response = patient.get("/captcha/refresh/", headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    fresh = response.json()
    assert fresh["key"] != data["captcha_0"]
    assert fresh["image_url"] == f"/captcha/image/{fresh['key']}/"

    data.update(captcha_0=fresh["key"], captcha_1=solved_sum(fresh["key"]))
    assert patient.post("/ask/", data).status_code == 302
    assert Question.objects.count() == 1


def test_without_javascript_a_new_sum_gives_the_form_back_with_everything_kept(patient):
    category = CategoryFactory(name="Symptoms", slug="symptoms")
    data = ask_form_data(
        patient,
        category=str(category.pk),
        name="Imogen",
        email="imogen@patient.test",
        notify="on",
        captcha_1="",
        new_captcha="1",
    )
    response = patient.post("/ask/", data)

    shown = assert_shown_again_with_text_kept(response, data)
    html = page_text(response)
    assert "Please check" not in html and "This field is required" not in html
    assert CaptchaStore.objects.filter(hashkey=shown["captcha_0"]).exists()
    assert Question.objects.count() == 0

    # The form that came back can be sent with the new sum.
    shown["captcha_1"] = solved_sum(shown["captcha_0"])
    assert patient.post("/ask/", shown).status_code == 302
    assert Question.objects.get().submission.name == "Imogen"


def test_without_javascript_the_buttons_that_post_the_form_bring_the_patient_back_to_them(
    patient,
):
    html = page_text(patient.get("/ask/"))
    # The page comes back scrolled to the sum, or to the answers found, not to its top.
    new_sum = re.search(r'<button[^>]*name="new_captcha"[^>]*>', html).group(0)
    check = re.search(r'<button[^>]*name="check_similar"[^>]*>', html).group(0)
    assert 'formaction="#div_id_captcha"' in new_sum
    assert 'id="div_id_captcha"' in html
    assert 'formaction="/ask/#similar-answers"' in check
    assert 'id="similar-answers"' in html


def test_a_wrong_answer_is_explained_and_a_new_sum_shown_with_the_text_kept(patient):
    data = ask_form_data(patient, name="Imogen")
    data["captcha_1"] = str(int(data["captcha_1"]) + 1)
    response = patient.post("/ask/", data)

    assert_shown_again_with_text_kept(response, data)
    assert "That is not the answer to the sum. Please try the new sum." in page_text(response)
    assert Question.objects.count() == 0


def test_a_wrong_answer_uses_up_the_sum(patient):
    data = ask_form_data(patient)
    right = data["captcha_1"]
    patient.post("/ask/", {**data, "captcha_1": str(int(right) + 1)})
    response = patient.post("/ask/", data)
    assert "This sum has expired or was already used" in page_text(response)
    assert Question.objects.count() == 0


def test_an_expired_sum_is_explained_and_a_new_sum_shown_with_the_text_kept(patient):
    data = ask_form_data(patient)
    CaptchaStore.objects.filter(hashkey=data["captcha_0"]).update(
        expiration=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = patient.post("/ask/", data)

    assert_shown_again_with_text_kept(response, data)
    assert "This sum has expired or was already used. Please solve the new sum." in (
        page_text(response)
    )
    assert Question.objects.count() == 0


def test_a_solved_sum_is_accepted_only_once(patient):
    first = ask_form_data(patient)
    assert patient.post("/ask/", first).status_code == 302

    # A second question, from a new form, replaying the first one's solved sum.
    second = ask_form_data(patient, subject="Vitamin D and relapses")
    second.update(captcha_0=first["captcha_0"], captcha_1=first["captcha_1"])
    response = patient.post("/ask/", second)
    assert "This sum has expired or was already used" in page_text(response)
    assert Question.objects.count() == 1


def test_a_sum_solved_right_is_kept_while_another_mistake_is_put_right(patient):
    data = ask_form_data(patient, question="Is heat bad for MS?")
    response = patient.post("/ask/", data)

    shown = assert_shown_again_with_text_kept(response, data)
    html = page_text(response)
    assert "You solved the sum already." in html
    assert "Nothing you typed is lost." in html
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()

    shown["question"] = ASK_QUESTION
    assert patient.post("/ask/", shown).status_code == 302
    assert Question.objects.get().body == ASK_QUESTION

    # The same form once more, with other words: not a second question.
    shown["question"] = ASK_QUESTION + " And what about vitamin D?"
    response = patient.post("/ask/", shown)
    assert "You already sent a question from this page" in page_text(response)
    assert Question.objects.count() == 1


def test_a_solved_sum_note_for_another_form_or_forged_is_refused(patient):
    first = ask_form_data(patient, question="Is heat bad for MS?")
    note = form_values(page_text(patient.post("/ask/", first)))["sum_solved"]
    assert note

    # The note of the first form, on a second form without a sum of its own.
    second = ask_form_data(patient, subject="Vitamin D and relapses", captcha_1="")
    for forged in (note, "forged", note[:-2] + "xx"):
        response = patient.post("/ask/", {**second, "sum_solved": forged})
        html = page_text(response)
        assert "Please type the answer to the sum." in html
        assert "You solved the sum already." not in html
    assert Question.objects.count() == 0


def test_an_unknown_sum_is_refused(patient):
    data = ask_form_data(patient, captcha_0="f" * 40)
    response = patient.post("/ask/", data)
    assert "This sum has expired or was already used" in page_text(response)
    assert Question.objects.count() == 0


class Steady:
    """The captcha's randomness held still: the shortest pauses, every word at
    its recorded speed and loudness, so a rendering's length is exact."""

    def uniform(self, low: float, high: float) -> float:
        return low

    def choice(self, options):
        return 1.0


def clip_seconds(path: str) -> float:
    with wave.open(str(django_settings.BASE_DIR / "static" / path), "rb") as clip:
        return clip.getnframes() / clip.getframerate()


@pytest.mark.parametrize("prefix, folder", [("", "audio/captcha"), ("/es", "audio/captcha/es")])
def test_the_sum_is_read_aloud_in_the_pages_language(patient, monkeypatch, prefix, folder):
    monkeypatch.setattr("core.captcha.secrets.SystemRandom", Steady)
    page = page_text(patient.get(f"{prefix}/ask/"))
    key = form_values(page, action=f"{prefix}/ask/")["captcha_0"]
    assert f'src="{prefix}/captcha/audio/{key}.wav"' in page
    left, right = CaptchaStore.objects.get(hashkey=key).challenge.rstrip("=").split("+")
    with wave.open(io.BytesIO(patient.get(f"{prefix}/captcha/audio/{key}.wav").content)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    words = ["what-is", left, "plus", right, "again", left, "plus", right]
    expected = 0.05 + sum(clip_seconds(f"{folder}/{word}.wav") + 0.25 for word in words)
    assert seconds == pytest.approx(expected, abs=0.01)
