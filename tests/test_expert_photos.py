"""A clinician's optional photo: uploaded in the admin, shown on their page,
never served as the file that was sent."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from questions.models import ExpertProfile
from tests.conftest import client_for
from tests.factories import QuestionFactory, publish
from tests.images import jpeg_with_location, small_png

pytestmark = pytest.mark.django_db
CHANGE = "/admin/questions/expertprofile/{pk}/change/"


@pytest.fixture
def profile(expert) -> ExpertProfile:
    profile = expert.expert_profile
    profile.display_name = "Maria Alvarez, MD"
    profile.slug = "maria-alvarez-md"
    profile.save()
    return profile


def published_answer(profile: ExpertProfile) -> None:
    publish(QuestionFactory(title="What happens on an infusion day?"), expert=profile)


def profile_form(profile: ExpertProfile, **changes) -> dict:
    """The change form as the clinician sends it, every field as shown."""
    return {
        "display_name": profile.display_name,
        "credentials": profile.credentials,
        "titles": profile.titles,
        "institution": profile.institution,
        "bio": profile.bio,
        **changes,
    }


def upload(data: bytes, name: str = "me.jpg", kind: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=kind)


def test_a_clinician_adds_a_photo_and_the_page_shows_it(expert, profile, visitor: Client):
    published_answer(profile)
    response = client_for(expert).post(
        CHANGE.format(pk=profile.pk), profile_form(profile, new_photo=upload(small_png()))
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    page = visitor.get("/experts/maria-alvarez-md/").content.decode()
    assert (
        f'<img class="expert-photo" src="{profile.photo_url()}" alt="Photo of Maria Alvarez, MD">'
        in page
    )
    photo = visitor.get(profile.photo_url())
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(photo.content)).format == "JPEG"
    assert f'"image":"{settings.SITE_URL}{profile.photo_url()}"' in page  # JSON-LD


def test_a_phone_photo_is_made_small_and_loses_where_it_was_taken(expert, profile, visitor):
    published_answer(profile)
    client_for(expert).post(
        CHANGE.format(pk=profile.pk), profile_form(profile, new_photo=upload(jpeg_with_location()))
    )
    profile.refresh_from_db()
    served = Image.open(io.BytesIO(visitor.get(profile.photo_url()).content))
    assert served.size == (480, 360)
    assert dict(served.getexif()) == {}
    assert b"PhoneMaker" not in bytes(profile.photo)


def test_a_photo_keeps_no_comment_profile_or_other_text_from_the_file_sent(
    expert, profile, visitor
):
    sent = io.BytesIO()
    Image.new("RGB", (600, 800), "navy").save(
        sent,
        "JPEG",
        comment=b"Taken at 12 Elm Street by Rosalind",
        icc_profile=b"colour profile of the camera",
        xmp=b"<x:xmpmeta>Rosalind Privatename</x:xmpmeta>",
    )
    published_answer(profile)
    client_for(expert).post(
        CHANGE.format(pk=profile.pk), profile_form(profile, new_photo=upload(sent.getvalue()))
    )

    profile.refresh_from_db()
    served = visitor.get(profile.photo_url()).content
    assert Image.open(io.BytesIO(served)).size == (360, 480)
    for text in (b"Elm Street", b"Rosalind", b"colour profile", b"xmpmeta"):
        assert text not in served
    assert set(Image.open(io.BytesIO(served)).info) <= {
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
    }


def test_a_png_cut_short_in_its_header_is_refused_in_plain_words(expert, profile):
    png = small_png()
    # The header chunk says it holds 5 bytes where a PNG header has 13.
    cut = png[:8] + (5).to_bytes(4, "big") + png[12:]
    response = client_for(expert).post(
        CHANGE.format(pk=profile.pk),
        profile_form(profile, new_photo=upload(cut, name="me.png", kind="image/png")),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is not a photo we can read. Please choose a JPEG, PNG or WebP image." in html
    profile.refresh_from_db()
    assert not profile.has_photo


def test_a_file_that_is_not_a_photo_is_refused_in_plain_words_with_the_form_kept(expert, profile):
    response = client_for(expert).post(
        CHANGE.format(pk=profile.pk),
        profile_form(
            profile,
            bio="A new bio typed before the wrong file was chosen.",
            new_photo=upload(b"<svg onload=alert(1)>", name="me.svg", kind="image/svg+xml"),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a photo we can read. Please choose a JPEG, PNG or WebP image." in html
    assert "A new bio typed before the wrong file was chosen." in html
    profile.refresh_from_db()
    assert not profile.has_photo and profile.bio == ""


def test_a_photo_can_be_removed(expert, profile, visitor):
    published_answer(profile)
    staff = client_for(expert)
    staff.post(CHANGE.format(pk=profile.pk), profile_form(profile, new_photo=upload(small_png())))
    profile.refresh_from_db()
    url = profile.photo_url()
    staff.post(CHANGE.format(pk=profile.pk), profile_form(profile, remove_photo="on"))
    assert 'class="expert-photo"' not in visitor.get("/experts/maria-alvarez-md/").content.decode()
    assert visitor.get(url).status_code == 404


def test_the_photo_of_a_clinician_without_a_public_page_is_not_public(expert, profile, visitor):
    client_for(expert).post(
        CHANGE.format(pk=profile.pk), profile_form(profile, new_photo=upload(small_png()))
    )
    profile.refresh_from_db()
    assert visitor.get(profile.photo_url()).status_code == 404
    assert client_for(expert).get(profile.photo_url()).status_code == 200  # in the admin


def test_a_photo_costs_the_page_no_query_and_is_not_loaded_with_it(
    expert, profile, visitor, django_assert_num_queries
):
    published_answer(profile)
    client_for(expert).post(
        CHANGE.format(pk=profile.pk), profile_form(profile, new_photo=upload(small_png()))
    )
    cache.clear()
    # the profile (without the photo's bytes); the paginator's COUNT; the Q&As; the sidebar
    with django_assert_num_queries(4) as queries:
        visitor.get("/experts/maria-alvarez-md/")
    assert '"photo"' not in queries.captured_queries[0]["sql"].replace('"photo_updated_at"', "")
