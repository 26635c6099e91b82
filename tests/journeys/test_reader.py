"""A reader finds an answer: home, a Q&A, the archive, a category, search, the drugs."""

from __future__ import annotations

from playwright.sync_api import expect


def test_reader_finds_an_answer_on_a_phone(person):
    reader = person(width=390)
    reader.goto("/")
    expect(reader.page.get_by_role("heading", level=1)).to_be_visible()
    reader.page.locator("main a[href^='/questions/']").first.click()
    reader.looks()
    expect(reader.page.locator(".answer-body")).to_be_visible()
    reader.goto("/archive/")
    reader.goto("/drugs/")
    reader.goto("/search/?q=infusion")
