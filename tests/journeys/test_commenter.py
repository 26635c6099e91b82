"""A reader replies to an answer, puts a mistake right, and sees the comment on the
page once a moderator approves it with one button."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.chromium import solve_the_sum

COMMENT = (
    "Thank you. I keep a cooling vest in the car since reading this, and summer "
    "outings are much easier now."
)


def test_commenter_replies_and_the_moderator_approves_with_one_button(person, site):
    reader = person(width=390)
    reader.goto("/questions/")
    reader.page.locator("main h2 a, main h3 a").first.click()
    reader.looks()
    qa_path = reader.page.url.removeprefix(site.url)
    title = reader.page.locator("h1").inner_text()
    reader.page.get_by_role("link", name="Leave a reply").click()
    reader.looks()
    page = reader.page
    page.get_by_label("Your comment").fill("x")
    solve_the_sum(reader.page, reader.site.sum_answer)
    page.get_by_role("button", name="Post comment").click()
    reader.looks()
    expect(page.locator("#form-problem")).to_be_visible()
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_label("Your name (optional)").fill("Winifred")
    if page.get_by_label("Answer to the sum").count():
        solve_the_sum(reader.page, reader.site.sum_answer)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"/reply/sent/$"))
    reader.looks()
    expect(page.get_by_text("will be posted after it is approved")).to_be_visible()

    moderator = person()
    moderator.log_in("moderator")
    moderator.goto("/admin/questions/comment/")
    row = moderator.page.locator("#result_list tbody tr").filter(has_text=COMMENT[:40])
    row.get_by_role("button", name=re.compile(r"^Approve")).click()
    moderator.looks()
    expect(moderator.page.get_by_text(re.compile(r"Comment \d+ approved\."))).to_be_visible()

    reader.goto(qa_path)
    expect(reader.page.locator("h1")).to_have_text(title)
    comments = reader.page.locator(".comments")
    expect(comments).to_contain_text("cooling vest")
    expect(comments).not_to_contain_text("Winifred")
