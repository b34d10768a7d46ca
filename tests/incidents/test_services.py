import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from incidents import selectors, services
from incidents.models import AuditEntry, Incident, IncidentAction, PatientDetails, Status
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import submit

pytestmark = pytest.mark.django_db


def _number(reference: str, year: int) -> int:
    prefix = f"INC-{year}-"
    assert reference.startswith(prefix) and len(reference) == len(prefix) + 6, reference
    return int(reference[len(prefix):])


def test_references_are_sequential_per_year_and_unique(ward, reporter):
    first = submit(ward, reporter=reporter).incident
    second = submit(ward, reporter=reporter).incident
    year = timezone.localtime(first.reported_at).year
    # A fresh database starts at 000001; on PostgreSQL an earlier test may have used numbers, never undone.
    assert _number(second.reference, year) == _number(first.reference, year) + 1


def test_reference_is_never_reused_after_a_failed_submission(ward, reporter):
    first = submit(ward, reporter=reporter).incident
    with pytest.raises(ValidationError):
        submit(ward, reporter=reporter, nhs_number="1234567890")
    third = submit(ward, reporter=reporter).incident
    year = timezone.localtime(first.reported_at).year
    assert _number(third.reference, year) == _number(first.reference, year) + 1
    assert Incident.objects.count() == 2


def test_reference_continues_after_numbers_already_in_use(ward, reporter):
    """A database that already holds references (an upgrade, a bulk load) never hands one out again."""
    from incidents.models import ReferenceCounter

    year = timezone.localtime(timezone.now()).year
    first = submit(ward, reporter=reporter).incident
    Incident.objects.filter(pk=first.pk).update(reference=f"INC-{year}-000950")
    ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": 950})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as after a restore of references made before this sequence
            cursor.execute(f"DROP SEQUENCE IF EXISTS incidents_reference_{year}")
    later = submit(ward, reporter=reporter).incident
    assert _number(later.reference, year) == 951


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_references(ward, reporter):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the concurrent case is the PostgreSQL sequence (DATABASE_URL=postgres://...)")
    import threading

    from django.db import close_old_connections

    references: list[str] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(6)

    def report():
        try:
            barrier.wait(10)
            for _ in range(5):
                references.append(submit(ward, reporter=reporter).incident.reference)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=report) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert len(references) == 30 and len(set(references)) == 30
    assert set(Incident.objects.values_list("reference", flat=True)) == set(references)


def test_signed_in_report_keeps_the_reporter(ward, reporter):
    result = submit(ward, reporter=reporter)
    assert result.incident.reporter == reporter
    assert result.follow_up_code is None
    assert result.incident.audit_entries.get().actor == reporter


def test_anonymous_report_stores_no_identity_anywhere(ward, reporter):
    result = submit(ward, reporter=reporter, anonymous=True)
    incident = Incident.objects.get(pk=result.incident.pk)
    assert incident.reporter is None
    entry = incident.audit_entries.get()
    assert entry.actor is None
    assert reporter.username not in str(entry.changes)
    assert result.follow_up_code and len(result.follow_up_code) == 14
    # The code itself is not stored, only a hash of it.
    assert result.follow_up_code not in incident.follow_up_code_hash
    assert not selectors.own_reports(user=reporter).exists()


def test_follow_up_code_finds_only_its_report(ward):
    first = submit(ward)
    submit(ward)
    found = selectors.incident_by_follow_up_code(code=first.follow_up_code.lower().replace("-", " "))
    assert found == first.incident
    assert selectors.incident_by_follow_up_code(code="AAAA-BBBB-CCCC") is None
    assert selectors.incident_by_follow_up_code(code="") is None


def test_patient_identifiers_are_stored_apart_and_validated(ward, reporter):
    incident = submit(ward, reporter=reporter, nhs_number="943 476 5919", hospital_number="RX123456").incident
    assert PatientDetails.objects.get(incident=incident).nhs_number == VALID_NHS_NUMBER
    with pytest.raises(ValidationError) as err:
        submit(ward, reporter=reporter, nhs_number="9434765918")
    assert "check digit" in str(err.value)


def test_future_date_is_refused_and_nothing_is_saved(ward, reporter):
    with pytest.raises(ValidationError) as err:
        submit(ward, reporter=reporter, occurred_at=timezone.now() + dt.timedelta(days=1))
    assert "occurred_at" in err.value.message_dict
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("physical", "psychological", "applies"),
    [
        ("none", "none", False),
        ("low", "low", False),
        ("moderate", "none", True),
        ("severe", "none", True),
        ("fatal", "none", True),
        ("low", "moderate", True),
        ("none", "severe", True),
    ],
)
def test_duty_of_candour_applies_from_moderate_harm(ward, reporter, physical, psychological, applies):
    incident = submit(ward, reporter=reporter, physical_harm=physical, psychological_harm=psychological).incident
    assert incident.candour_applies is applies
    assert (incident.candour_due is not None) is applies


def test_candour_due_counts_ten_working_days(ward, reporter):
    incident = submit(ward, reporter=reporter, physical_harm="moderate").incident
    start = timezone.localtime(incident.reported_at).date()
    due = incident.candour_due
    assert (due - start).days >= 14  # ten working days span at least two weekends
    assert due.weekday() < 5


def test_regrading_harm_at_triage_recomputes_candour(ward, reporter, handler):
    incident = submit(ward, reporter=reporter, physical_harm="low").incident
    assert not incident.candour_applies
    incident = services.incident_update(incident=incident, by=handler, physical_harm="severe")
    assert incident.candour_applies and incident.candour_due
    change = incident.audit_entries.filter(action=AuditEntry.Action.CHANGED).get()
    assert change.changes["physical_harm"] == ["low", "severe"]
    assert change.changes["candour_applies"] == [False, True]


def test_candour_overdue_shows_in_the_queue_filter(ward, reporter, handler):
    incident = submit(ward, reporter=reporter, physical_harm="moderate").incident
    Incident.objects.filter(pk=incident.pk).update(candour_due=timezone.localdate() - dt.timedelta(days=1))
    overdue = selectors.incident_list(user=handler, filters={"candour_overdue": True})
    assert list(overdue) == [incident]
    services.incident_record_candour(
        incident=incident, by=handler, verbal_on=timezone.localdate(), written_on=timezone.localdate()
    )
    assert not selectors.incident_list(user=handler, filters={"candour_overdue": True}).exists()


def test_candour_dates_cannot_be_in_the_future(ward, reporter, handler):
    incident = submit(ward, reporter=reporter, physical_harm="moderate").incident
    with pytest.raises(ValidationError) as err:
        services.incident_record_candour(
            incident=incident, by=handler, verbal_on=None, written_on=timezone.localdate() + dt.timedelta(days=2)
        )
    assert "candour_written_on" in err.value.message_dict


def test_workflow_allows_only_valid_transitions(ward, reporter, handler):
    incident = submit(ward, reporter=reporter).incident
    with pytest.raises(ValidationError):
        services.incident_transition(incident=incident, by=handler, to=Status.CLOSED)
    incident = services.incident_transition(incident=incident, by=handler, to=Status.IN_TRIAGE)
    incident = services.incident_transition(incident=incident, by=handler, to=Status.UNDER_REVIEW)
    assert incident.status == Status.UNDER_REVIEW
    transitions = incident.audit_entries.filter(action=AuditEntry.Action.TRANSITION)
    assert [e.changes["status"] for e in transitions] == [["reported", "in_triage"], ["in_triage", "under_review"]]


def test_closing_needs_a_learning_response_and_no_open_actions(ward, reporter, handler):
    incident = submit(ward, reporter=reporter).incident
    services.incident_transition(incident=incident, by=handler, to=Status.IN_TRIAGE)
    with pytest.raises(ValidationError, match="learning response"):
        services.incident_transition(incident=incident, by=handler, to=Status.CLOSED)
    services.incident_update(incident=incident, by=handler, learning_response="swarm")
    action = services.action_add(
        incident=incident, by=handler, description="Share learning", owner="Ward manager", due_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="open action"):
        services.incident_transition(incident=incident, by=handler, to=Status.CLOSED)
    services.action_set_state(action=action, by=handler, state=IncidentAction.State.DONE)
    assert services.incident_transition(incident=incident, by=handler, to=Status.CLOSED).status == Status.CLOSED


def test_never_event_requires_psii(ward, reporter, handler):
    incident = submit(ward, reporter=reporter, physical_harm="severe").incident
    with pytest.raises(ValidationError, match="PSII"):
        services.incident_update(incident=incident, by=handler, never_event=True, learning_response="aar")
    incident = services.incident_update(incident=incident, by=handler, never_event=True, learning_response="psii")
    assert incident.never_event


def test_database_enforces_never_event_requires_psii(ward, reporter):
    incident = submit(ward, reporter=reporter).incident
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(never_event=True, learning_response="aar")


def test_handler_outside_scope_cannot_triage(other_ward, reporter, handler):
    incident = submit(other_ward, reporter=reporter).incident
    with pytest.raises(PermissionDenied):
        services.incident_transition(incident=incident, by=handler, to=Status.IN_TRIAGE)
    with pytest.raises(PermissionDenied):
        services.feedback_send(incident=incident, by=handler, message="hello")


def test_assign_only_to_a_handler_in_scope(ward, other_ward, reporter, handler):
    from incidents.models import StaffProfile
    from tests.factories import make_user

    outsider = make_user(StaffProfile.Role.HANDLER, directorates=[other_ward.directorate])
    incident = submit(ward, reporter=reporter).incident
    with pytest.raises(ValidationError):
        services.incident_assign(incident=incident, by=handler, handler=outsider)
    assert services.incident_assign(incident=incident, by=handler, handler=handler).handler == handler


def test_duplicate_links_point_at_the_original_and_never_cycle(ward, reporter, handler):
    a = submit(ward, reporter=reporter).incident
    b = submit(ward, reporter=reporter).incident
    c = submit(ward, reporter=reporter).incident
    services.incident_link_duplicate(incident=b, by=handler, original=a)
    services.incident_link_duplicate(incident=c, by=handler, original=b)
    assert Incident.objects.get(pk=c.pk).duplicate_of == a
    with pytest.raises(ValidationError):
        services.incident_link_duplicate(incident=a, by=handler, original=c)
    with pytest.raises(ValidationError):
        services.incident_link_duplicate(incident=a, by=handler, original=a)
    assert set(a.duplicates.all()) == {b, c}


def test_audit_entries_cannot_be_changed_or_deleted(ward, reporter):
    entry = submit(ward, reporter=reporter).incident.audit_entries.get()
    entry.action = AuditEntry.Action.CHANGED
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditEntry.Action.CREATED


def test_feedback_reaches_the_reporter_and_the_code_holder(ward, reporter, handler):
    named = submit(ward, reporter=reporter).incident
    anon = submit(ward, anonymous=True)
    services.feedback_send(incident=named, by=handler, message="Thanks, we changed the handover sheet.")
    services.feedback_send(incident=anon.incident, by=handler, message="Thanks, estates fixed the light.")
    mine = selectors.own_report_get(user=reporter, reference=named.reference)
    assert [f.message for f in mine.feedback.all()] == ["Thanks, we changed the handover sheet."]
    by_code = selectors.incident_by_follow_up_code(code=anon.follow_up_code)
    assert [f.message for f in by_code.feedback.all()] == ["Thanks, estates fixed the light."]
