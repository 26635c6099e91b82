"""Helpers shared by the question form's tests."""

from __future__ import annotations

from tests.factories import form_values


def page_text(response) -> str:
    return response.content.decode()


def assert_shown_again_with_text_kept(response, sent: dict, *, except_fields=()) -> dict:
    """The form came back (no redirect) with everything typed still in it, and with a
    fresh sum, or without one when the sum sent was solved right."""
    assert response.status_code == 200
    shown = form_values(page_text(response))
    for field in ("subject", "question", "name", "email", "category", "notify"):
        if field in sent and field not in except_fields:
            assert shown.get(field) == sent[field], field
    for box in ("ack_not_advice", "ack_publish"):
        if box not in except_fields:
            assert (box in shown) == (box in sent), box
    if shown.get("sum_solved"):
        assert "captcha_0" not in shown and "captcha_1" not in shown, "no second sum asked"
    else:
        assert shown["captcha_0"] != sent.get("captcha_0"), "a new sum is shown"
        assert shown.get("captcha_1", "") == "", "the old answer is not kept"
    return shown
