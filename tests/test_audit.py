import pytest
from django.db import DatabaseError, connection, transaction

from sponsorship import audit
from sponsorship.models import AuditEvent


@pytest.mark.django_db
def test_audit_event_cannot_be_updated(coordinator):
    event = audit.record(audit.Action.EXPORT, actor=coordinator, object_type="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    event.refresh_from_db()
    assert event.summary == ""


@pytest.mark.django_db
def test_audit_event_cannot_be_deleted_even_with_raw_sql(coordinator):
    event = audit.record(audit.Action.EXPORT, actor=coordinator, object_type="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM sponsorship_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_record_stores_field_names_not_values(coordinator):
    event = audit.record(
        audit.Action.UPDATE,
        actor=coordinator,
        obj=coordinator,
        fields=["last_name", "email", "last_name"],
    )
    assert event.fields == ["email", "last_name"]
    assert event.object_type == "sponsorship.user"
    assert event.object_id == str(coordinator.pk)


@pytest.mark.django_db
def test_request_id_and_ip_are_recorded(client, coordinator):
    client.post("/accounts/login/", {"login": coordinator.email, "password": "wrong"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.ip == "127.0.0.1"
    assert len(event.request_id) == 32
    # The attempted e-mail is never stored.
    assert coordinator.email not in event.summary


@pytest.mark.django_db
def test_audit_page_filters_and_scopes(client_for, coordinator, other_coordinator, administrator):
    mine = audit.record(audit.Action.EXPORT, actor=coordinator, object_type="groups.x")
    theirs = audit.record(audit.Action.EXPORT, actor=other_coordinator, object_type="groups.x")
    audit.record(audit.Action.LOGIN, actor=coordinator)

    response = client_for(coordinator).get("/audit/", {"action": "export"})
    events = list(response.context["object_list"])
    assert mine in events
    assert theirs not in events  # another organisation's trail
    assert all(e.action == "export" for e in events)

    response = client_for(administrator).get("/audit/", {"action": "export"})
    assert {mine, theirs} <= set(response.context["object_list"])


@pytest.mark.django_db
def test_audit_page_bad_filter_input_shows_message(client_for, administrator):
    response = client_for(administrator).get("/audit/", {"since": "not-a-date"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["since"]


@pytest.mark.django_db
def test_audit_export_is_itself_audited(client_for, administrator):
    response = client_for(administrator).get("/audit/", {"format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("when,actor,action")
    assert AuditEvent.objects.filter(action="export", actor=administrator).exists()


@pytest.mark.django_db
def test_audit_list_query_count_is_constant(
    client_for, administrator, django_assert_max_num_queries
):
    client = client_for(administrator)
    for _ in range(5):
        audit.record(audit.Action.LOGIN, actor=administrator)
    with django_assert_max_num_queries(12) as small:
        client.get("/audit/")
    for _ in range(50):
        audit.record(audit.Action.LOGIN, actor=administrator)
    with django_assert_max_num_queries(12) as large:
        client.get("/audit/")
    assert len(small.captured_queries) == len(large.captured_queries)
