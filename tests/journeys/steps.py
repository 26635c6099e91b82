"""Steps that more than one journey takes, written as the person does them."""

from __future__ import annotations

import re
from email.message import Message
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.chromium import solve_the_sum
from tests.journeys.conftest import Person


def text_of(message: Message) -> str:
    """The plain-text part of an email as it arrived (every email also has an HTML part)."""
    [part] = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return part.get_payload(decode=True).decode()


def ask(
    patient: Person,
    *,
    subject: str,
    question: str,
    name: str = "",
    email: str = "",
) -> str:
    """Ask a question with everything right the first time; returns the status page's path."""
    patient.goto("/ask/")
    page = patient.page
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Your question").fill(question)
    if name:
        page.get_by_label("Your first name (optional)").fill(name)
    if email:
        page.get_by_label("Your email (optional)").fill(email)
        page.get_by_label("Email me when my answer is published").check()
    page.get_by_label("I understand that the answer is general information").check()
    page.get_by_label("I agree that a version of my question").check()
    solve_the_sum(page, patient.site.sum_answer)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url(re.compile(r"/ask/thanks/[0-9a-f]{64}/$"))
    expect(page.get_by_role("heading", name="Thank you. Your question was sent.")).to_be_visible()
    patient.looks()
    return status_path(patient)


def status_path(patient: Person) -> str:
    """The private status link shown on the thank-you page (the site's own address)."""
    return urlsplit(patient.page.locator(".status-link a").inner_text().strip()).path


def open_question(staff: Person, title: str) -> None:
    """From the question list, open the question by its title."""
    staff.page.locator("#result_list").get_by_role("link", name=title).click()
    staff.looks()
