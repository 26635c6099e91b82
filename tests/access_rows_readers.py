"""Rows of the access matrix (tests/test_access_matrix.py) for the clinicians'
pages and reader feedback, in its format: method, url, then the expected answer
for anonymous, no_role, moderator, expert, superuser."""

from __future__ import annotations

from tests.access_helpers import LOGIN

# fmt: off
CLINICIAN_PAGES_AND_FEEDBACK = [
    # "Was this helpful?": anyone, no account; the form page shows errors of an empty post
    ("GET", "/questions/{qa}/helpful/",              200, 200, 200, 200, 200),
    ("POST", "/questions/{qa}/helpful/",             200, 200, 200, 200, 200),
    ("GET", "/questions/{qa}/helpful/thanks/",       200, 200, 200, 200, 200),
    ("GET", "/questions/{withdrawn}/helpful/",       404, 404, 404, 404, 404),
    ("POST", "/questions/{withdrawn}/helpful/",      404, 404, 404, 404, 404),
    ("GET", "/questions/{withdrawn}/helpful/thanks/", 404, 404, 404, 404, 404),
    # clinicians' pages: only for one who signed a published answer
    ("GET", "/experts/{signer}/",                    200, 200, 200, 200, 200),
    ("GET", "/experts/{own_profile_slug}/",          404, 404, 404, 404, 404),
    ("GET", "/experts/no-such-clinician/",           404, 404, 404, 404, 404),
    # their photo: public with the page; staff see it before (the admin shows it)
    ("GET", "{signer_photo}",                        200, 200, 200, 200, 200),
    ("GET", "{own_photo}",                           404, 200, 200, 200, 200),
    ("GET", "/experts/{signer}/photo-1.jpg",         200, 200, 200, 200, 200),
    ("GET", "/experts/no-such-clinician/photo-1.jpg", 404, 404, 404, 404, 404),
    # reader feedback: moderators and clinicians read it and mark notes read; nobody adds
    ("GET", "/admin/feedback/",                      LOGIN, 404, 200, 200, 200),
    ("GET", "/admin/feedback/feedback/",             LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/feedback/feedback/add/",         LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/feedback/feedback/{feedback}/change/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/feedback/feedback/{feedback}/delete/", LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/feedback/answerhelpfulness/",    LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/feedback/answerhelpfulness/add/", LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/feedback/answerhelpfulness/{qa_id}/change/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/feedback/answerhelpfulness/{qa_id}/delete/", LOGIN, 403, 403, 403, 403),
]
# fmt: on
