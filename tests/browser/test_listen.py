""" "Listen to this answer", with the browser's speech replaced by a recording
fake that says each utterance and ends it when the test says so: the page is
read a sentence at a time, in order, each highlighted; pause, resume, skip,
back, speed and stop work from the keyboard; an online-only voice is used only
after the reader agrees; without speech there is no control at all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.chromium import assert_accessible
from tests.factories import DrugFactory, PublishedQuestionFactory

FAKE_SPEECH = """
(() => {
  const spoken = [];
  const synth = {
    current: null,
    getVoices: () => window.fakeVoices || [
      {name: "Device English", lang: "en-US", localService: true},
      {name: "Device Spanish", lang: "es-ES", localService: true},
    ],
    speak(utterance) {
      spoken.push({text: utterance.text, lang: utterance.lang, rate: utterance.rate,
                   voice: utterance.voice && utterance.voice.name});
      this.current = utterance;
    },
    cancel() {
      const utterance = this.current;
      this.current = null;
      if (utterance && utterance.onerror) utterance.onerror({error: "interrupted"});
      if (utterance && utterance.onend) utterance.onend();
    },
    pause() {}, resume() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  window.fakeSpeech = {
    spoken,
    finish() {  // the sentence being said has been said
      const utterance = synth.current;
      synth.current = null;
      if (utterance && utterance.onend) utterance.onend();
    },
  };
})();
"""


@pytest.fixture
def qa(transactional_db):
    return PublishedQuestionFactory(
        title="What happens on an infusion day?",
        body="My first infusion is next month. How long will I be there?",
        answer_source="It takes most of the day. You are watched for an hour afterwards.",
    )


def spoken(page) -> list[str]:
    return page.evaluate("window.fakeSpeech.spoken.map(s => s.text)")


def said(page) -> None:
    page.evaluate("window.fakeSpeech.finish()")


@pytest.fixture
def speaking(page):
    page.add_init_script(FAKE_SPEECH)
    return page


def test_the_answer_is_read_a_sentence_at_a_time_in_order_and_highlighted(speaking, qa):
    page = speaking
    page.goto(qa.get_absolute_url())
    page.get_by_role("button", name="Listen to this answer").click()
    for _ in range(6):
        said(page)
    assert spoken(page)[:7] == [
        "What happens on an infusion day?",
        "Here is my question:",
        "My first infusion is next month.",
        "How long will I be there?",
        "Answer:",
        "It takes most of the day.",
        "You are watched for an hour afterwards.",
    ]
    expect(page.locator(".listen-current")).to_have_text(
        "It takes most of the day. You are watched for an hour afterwards."
    )
    expect(page.locator(".listen-progress")).to_have_text(
        re.compile(r"^Reading sentence 7 of \d+\.$")
    )
    for _ in range(20):
        said(page)
    # ... to the signature, then the control is back.
    assert "Signed by:" in spoken(page)
    expect(page.get_by_role("button", name="Listen to this answer")).to_be_visible()
    first = page.evaluate("window.fakeSpeech.spoken[0]")
    assert first["lang"] == "en" and first["voice"] == "Device English"
    assert_accessible(page)


def test_pause_resume_next_back_speed_and_stop_work_from_the_keyboard(speaking, qa):
    page = speaking
    page.goto(qa.get_absolute_url())
    page.get_by_role("button", name="Listen to this answer").focus()
    page.keyboard.press("Enter")
    said(page)  # the title
    page.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Paused at sentence 2 of \d+\.$"))
    said(page)
    assert len(spoken(page)) == 2  # paused: nothing more is read
    page.keyboard.press("Enter")  # the same button, now "Resume"
    assert spoken(page)[-1] == "Here is my question:"
    page.get_by_role("button", name="Next sentence").click()
    assert spoken(page)[-1] == "My first infusion is next month."
    page.get_by_role("button", name="Previous sentence").click()
    assert spoken(page)[-1] == "Here is my question:"
    page.get_by_role("button", name="Slower").click()
    assert page.evaluate("window.fakeSpeech.spoken.at(-1).rate") < 1
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".listen-current")).to_have_count(0)
    expect(page.get_by_role("button", name="Listen to this answer")).to_be_focused()
    count = len(spoken(page))
    said(page)
    assert len(spoken(page)) == count


def test_an_online_voice_is_used_only_once_the_reader_agrees(speaking, qa):
    page = speaking
    page.add_init_script(
        "window.fakeVoices = [{name: 'Cloud English', lang: 'en-US', localService: false}];"
    )
    page.goto(qa.get_absolute_url())
    page.get_by_role("button", name="Listen to this answer").click()
    expect(page.locator(".listen-ask")).to_contain_text("would be sent to the service")
    assert spoken(page) == []
    page.get_by_role("button", name="Do not send it").click()
    assert spoken(page) == []
    page.get_by_role("button", name="Listen to this answer").click()
    page.get_by_role("button", name="Read it aloud online").click()
    assert spoken(page) == ["What happens on an infusion day?"]


def test_without_speech_there_is_no_control(page, qa):
    page.add_init_script("delete window.speechSynthesis;")
    page.goto(qa.get_absolute_url())
    expect(page.locator("h1")).to_have_text("What happens on an infusion day?")
    expect(page.get_by_role("button", name="Listen to this answer")).to_have_count(0)


def test_a_drug_page_is_read_without_its_list_of_questions(speaking, transactional_db):
    drug = DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    page = speaking
    page.goto(drug.get_absolute_url())
    page.get_by_role("button", name="Listen to this page").click()
    for _ in range(80):
        said(page)
    texts = spoken(page)
    assert texts[0].startswith("Ocrelizumab")
    assert "What it is" in texts
    assert "Questions and answers" not in texts and "References" not in texts
