"""A reader comments and asks to be told of a reply; a moderator approves the
comment; a clinician replies in the admin; the reader's one email arrives with a
link to the reply, which is on the public page; the address is then gone."""

from __future__ import annotations

import re
from email.message import Message
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.chromium import solve_the_sum

COMMENT = (
    "Is it safe to use a cooling vest during a long car trip? Mine has ice packs and I "
    "worry they are too cold on my skin."
)
ADDRESS = "cooling.vest.reader@reader.test"
REPLY = (
    "Cooling vests are safe for most people on a long trip. Wrap ice packs in a thin cloth "
    "so they never touch your skin, and take them off if your skin feels numb."
)


def plain_text(message: Message) -> str:
    """The plain-text part of an email, whether or not it also has an HTML part."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("the email has no plain-text part")


def test_a_clinicians_reply_reaches_the_commenter_once_and_shows_under_the_comment(person, site):
    reader = person(width=390)
    reader.goto("/questions/")
    reader.page.locator("main h2 a, main h3 a").first.click()
    reader.looks()
    qa_path = urlsplit(reader.page.url).path
    reader.page.get_by_role("link", name="Leave a reply").click()
    reader.looks()
    page = reader.page
    page.get_by_label("Your comment").fill(COMMENT)
    # Asked without an address first: told so on the same form, nothing lost.
    page.get_by_label("Email me once when a clinician replies to my comment").check()
    expect(page.get_by_text("we send you one email with a link to the reply")).to_be_visible()
    solve_the_sum(reader.page, reader.site.sum_answer)
    page.get_by_role("button", name="Post comment").click()
    reader.looks()
    expect(page.locator("#form-problem")).to_contain_text(
        "To be emailed when a clinician replies, give your email."
    )
    expect(page.get_by_label("Your comment")).to_have_value(COMMENT)
    page.get_by_label("Your email (optional)").fill(ADDRESS)
    expect(
        page.get_by_label("Email me once when a clinician replies to my comment")
    ).to_be_checked()
    if page.get_by_label("Answer to the sum").count():
        solve_the_sum(reader.page, reader.site.sum_answer)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"/reply/sent/$"))
    reader.looks()

    moderator = person()
    moderator.log_in("moderator")
    moderator.goto("/admin/questions/comment/")
    row = moderator.page.locator("#result_list tbody tr").filter(has_text=COMMENT[:40])
    row.get_by_role("button", name=re.compile(r"^Approve")).click()
    moderator.looks()
    expect(moderator.page.get_by_text(re.compile(r"Comment \d+ approved\."))).to_be_visible()
    assert [m for m in site.send_mail() if m["To"] == ADDRESS] == []  # not before a reply

    clinician = person()
    clinician.log_in("dr.alvarez")
    clinician.goto("/admin/questions/comment/")  # opens on the approved comments
    row = clinician.page.locator("#result_list tbody tr").filter(has_text=COMMENT[:40])
    expect(row).not_to_contain_text(ADDRESS)
    row.get_by_role("link", name=re.compile(r"^Reply to comment")).click()
    clinician.looks()
    expect(clinician.page.get_by_text("“Reply from Maria Alvarez, MD”")).to_be_visible()
    clinician.page.get_by_label("Your reply").fill(REPLY)
    clinician.page.get_by_role("button", name="Publish reply").click()
    clinician.looks()
    expect(clinician.page.get_by_text("Your reply is published under the comment.")).to_be_visible()

    told = [m for m in site.send_mail() if m["To"] == ADDRESS]
    assert [m["Subject"] for m in told] == ["A reply to your comment"]
    assert [m for m in site.send_mail() if m["To"] == ADDRESS] == []  # cron again: nothing
    text = plain_text(told[0])
    assert "Maria Alvarez, MD has now replied." in text
    link = re.search(r"https?://\S+#reply-\d+", text)
    assert link, text

    reader.goto(urlsplit(link[0]).path + "#" + urlsplit(link[0]).fragment)
    assert urlsplit(reader.page.url).path == qa_path
    reply = reader.page.locator(".comment-reply").filter(has_text=REPLY[:40])
    expect(reply).to_contain_text("Reply from Maria Alvarez, MD")
    expect(reply).to_contain_text("General information, not medical advice for you.")
    expect(reader.page.locator(".comments")).not_to_contain_text(ADDRESS)

    # Used for that one email, then erased: from the comment and from the outbox.
    assert site.query(
        "SELECT author_email, notify_reply FROM questions_comment WHERE body = %s", (COMMENT,)
    ) == [("", False)]
    assert site.query('SELECT id FROM questions_outgoingemail WHERE "to" = %s', (ADDRESS,)) == []
