"""Every free-text field has a length limit, in the forms and in the database (ASVS V2.2)."""

from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from sponsorship import text
from sponsorship.notifications import Notification, notify
from sponsorships import monitoring
from sponsorships import services as sponsorships
from sponsorships.monitoring_models import CheckIn, Signal
from tests.sponsorships import plan_helpers

sponsorship = plan_helpers.sponsorship
PROJECT_APPS = {
    "sponsorship",
    "groups",
    "newcomers",
    "housing",
    "training",
    "matching",
    "sponsorships",
}
TODAY = date(2027, 3, 20)


def _text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.concrete:
                yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


def _length_check(model, field):
    for constraint in model._meta.constraints:
        cond = getattr(constraint, "condition", None)
        if (
            isinstance(cond, LessThanOrEqual)
            and isinstance(cond.lhs, Length)
            and cond.lhs.source_expressions[0].name == field.name
        ):
            return constraint, cond.rhs
    return None, None


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), list(_text_fields()))
def test_every_text_field_is_bounded_in_the_model_and_the_database(model, field):
    label = f"{model._meta.label}.{field.name}"
    if label in text.MACHINE_WRITTEN:
        assert field.max_length is None
        return
    assert field.max_length, f"{label} has no max_length"
    constraint, limit = _length_check(model, field)
    assert constraint is not None, f"{label} has no CHECK (length <= n) constraint"
    assert limit == field.max_length, f"{label}: the form allows {field.max_length}, DB {limit}"
    assert len(constraint.name) <= 63  # PostgreSQL would truncate a longer name
    with connection.cursor() as cursor:
        in_db = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert in_db.get(constraint.name, {}).get("check"), f"{constraint.name} is not in the DB"


def _arrive(s, coordinator):
    with time_machine.travel(TODAY, tick=False):
        sponsorships.register_arrival(coordinator, s, TODAY, "test")


@pytest.mark.django_db
def test_a_megabyte_check_in_note_is_refused_next_to_the_field(
    sponsorship, coordinator, group_member, client_for
):
    _arrive(sponsorship, coordinator)
    with time_machine.travel(TODAY, tick=False):
        response = client_for(group_member).post(
            reverse("sponsorships:checkin_add", args=[sponsorship.pk]),
            {
                "held_on": TODAY.isoformat(),
                "by": "member",
                "household_wellbeing": "good",
                "notes": "x" * 1_000_000,
            },
        )
    assert response.status_code == 200
    message = "Ensure this value has at most 4000 characters (it has 1000000)."
    assert response.context["form"].errors["notes"] == [message]
    page = response.content.decode()
    assert f'<div id="id_notes_error"><p class="field-error">{message}</p></div>' in page
    assert 'maxlength="4000"' in page  # the browser stops typing at the limit
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_over_long_value_from_any_path(sponsorship, coordinator):
    _arrive(sponsorship, coordinator)
    checkin = CheckIn.objects.create(
        sponsorship=sponsorship,
        held_on=TODAY,
        by="member",
        household_wellbeing="good",
        notes="fine",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.filter(pk=checkin.pk).update(notes="x" * (text.NOTE + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(
            sponsorship=sponsorship,
            held_on=TODAY,
            by="member",
            household_wellbeing="good",
            tasks_progress="y" * 10_000,
        )
    CheckIn.objects.filter(pk=checkin.pk).update(notes="x" * text.NOTE)  # the limit itself fits


@pytest.mark.django_db
def test_services_taking_text_from_the_request_refuse_it_with_the_forms_message(
    sponsorship, coordinator, client_for
):
    _arrive(sponsorship, coordinator)
    signal = Signal.objects.create(
        sponsorship=sponsorship, category="housing", severity="low", description="Leaking tap."
    )
    with pytest.raises(ValidationError) as exc:
        monitoring.resolve_signal(coordinator, signal, "z" * 5_210)
    assert exc.value.message_dict["resolution"] == [
        "Ensure this value has at most 2000 characters (it has 5210)."
    ]
    with time_machine.travel(TODAY, tick=False):
        response = client_for(coordinator).post(
            reverse("sponsorships:signal_resolve", args=[signal.pk]),
            {"resolution": "z" * 5_210},
            follow=True,
        )
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    signal.refresh_from_db()
    assert signal.is_open and signal.resolution == ""


@pytest.mark.django_db
def test_text_the_portal_composes_is_clipped_to_fit(coordinator):
    assert notify(coordinator, "test", "long-body", "Subject", "b" * 10_000)
    body = Notification.objects.get(user=coordinator, key="long-body").body
    assert len(body) == text.NOTE and body.endswith("…")
