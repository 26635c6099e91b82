"""Clinicians keep the reference in the admin; the pages follow."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core.cache import generation
from tests.conftest import client_for
from tests.drugs.conftest import admin_form
from tests.factories import (
    DrugFactory,
)

pytestmark = pytest.mark.django_db


# -- permissions -------------------------------------------------------------------


def test_experts_may_view_add_and_change_drugs_but_not_delete_them(expert):
    experts = Group.objects.get(name="Experts")
    codenames = set(
        experts.permissions.filter(content_type__app_label="drugs").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        "view_drug",
        "add_drug",
        "change_drug",
        "view_drugreview",
        # A therapy's side effects are rows of its own page in the admin.
        "view_sideeffect",
        "add_sideeffect",
        "change_sideeffect",
        "delete_sideeffect",
    }
    client = client_for(expert)
    assert client.get("/admin/drugs/drug/").status_code == 200
    assert client.get("/admin/drugs/drug/add/").status_code == 200


def test_staff_without_the_role_cannot_edit_drugs(staff_without_role, reference):
    client = client_for(staff_without_role)
    assert client.get("/admin/drugs/drug/").status_code == 403


def test_saving_a_drug_in_the_admin_refreshes_cached_pages(reference, expert):
    drug = DrugFactory(generic_name="ofatumumab", reviewed_by=expert.expert_profile)
    before = generation()
    response = client_for(expert).post(
        f"/admin/drugs/drug/{drug.pk}/change/", admin_form(drug, summary="Updated.")
    )
    assert response.status_code == 302
    assert generation() > before
