"""Classification off the request path, failures that never reach the reporter, and safety leads' decisions."""
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from incidents.models import Incident
from learning import services
from learning.classifier import model as model_module
from learning.models import Classification, ConfirmedTheme, Theme, ThemeReview, ThemeSuggestion
from learning.selectors import confirmed_examples
from tests.factories import incident_data, submit

FALL = "Pt found on floor next to bed at 03:10, unwitnessed fall. Obs stable, small graze to elbow."


def submitted(ward, capture, **overrides):
    with capture(execute=True):
        return submit(ward, **overrides).incident


@pytest.mark.django_db
def test_new_report_is_classified_after_commit_with_the_model_version(theme_model, ward, django_capture_on_commit_callbacks):
    incident = submitted(ward, django_capture_on_commit_callbacks, narrative=FALL)
    classification = Classification.objects.get(incident=incident)
    assert classification.model_version == theme_model.version
    assert classification.classified_at is not None and classification.last_error == "" and classification.attempts == 1
    suggestions = list(ThemeSuggestion.objects.filter(incident=incident))
    assert suggestions and {s.model_version for s in suggestions} == {theme_model.version}
    scores = theme_model.predict([FALL])[0]
    assert {s.theme.slug for s in suggestions if s.assigned} == set(scores.assigned)
    assert all(s.score >= 0.1 or s.assigned for s in suggestions)


@pytest.mark.django_db
def test_rolled_back_report_is_never_classified(theme_model, ward, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                submit(ward, narrative=FALL)
                raise RuntimeError("something after the report failed")
    assert callbacks == [] and not Classification.objects.exists()


@pytest.mark.django_db
def test_classifier_failure_never_reaches_the_reporter_and_backfill_catches_up(
    theme_model, ward, reporter, client, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, texts, **kwargs):
        raise MemoryError("model blew up")

    monkeypatch.setattr(model_module.ThemeModel, "scores", broken)
    client.force_login(reporter)
    data = incident_data(ward, narrative=FALL)
    form = {k: v for k, v in data.items() if k not in ("location", "occurred_at")}
    form.update(location=ward.pk, occurred_at=data["occurred_at"].strftime("%Y-%m-%dT%H:%M"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report"), form)
    assert response.status_code == 302 and response.url == reverse("report_done")
    incident = Incident.objects.get()
    classification = Classification.objects.get(incident=incident)
    assert classification.classified_at is None and classification.attempts == 1
    assert "MemoryError: model blew up" in classification.last_error
    assert not ThemeSuggestion.objects.exists()

    with pytest.raises(CommandError, match="could not be classified"):
        call_command("themes_backfill", "--limit", "10")  # still broken: recorded again, and the command fails
    classification.refresh_from_db()
    assert classification.attempts == 2

    monkeypatch.undo()
    call_command("themes_backfill")
    classification.refresh_from_db()
    assert classification.last_error == "" and classification.classified_at is not None and classification.attempts == 3
    assert ThemeSuggestion.objects.filter(incident=incident).exists()


@pytest.mark.django_db
def test_without_a_trained_model_the_report_is_kept_and_marked_for_retry(no_model, ward, django_capture_on_commit_callbacks):
    incident = submitted(ward, django_capture_on_commit_callbacks, narrative=FALL)
    classification = Classification.objects.get(incident=incident)
    assert "themes_train" in classification.last_error and classification.attempts == 1


@pytest.mark.django_db
def test_queue_failure_is_recorded_too(theme_model, ward, monkeypatch, django_capture_on_commit_callbacks):
    from learning import tasks

    class UnreachableQueue:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("database worker queue unavailable")

    monkeypatch.setattr(tasks, "classify_incident", UnreachableQueue())
    incident = submitted(ward, django_capture_on_commit_callbacks, narrative=FALL)
    assert "Could not queue" in Classification.objects.get(incident=incident).last_error


@pytest.mark.django_db
def test_retries_stop_after_the_configured_attempts(theme_model, ward, settings, django_capture_on_commit_callbacks):
    incident = submitted(ward, django_capture_on_commit_callbacks, narrative=FALL)
    Classification.objects.filter(incident=incident).update(last_error="boom", attempts=5, classified_at=None)
    assert services.classify_pending().classified == 0
    assert services.classify_pending(max_attempts=6).classified == 1


@pytest.mark.django_db
def test_reclassify_with_a_new_model_version(theme_model, ward, django_capture_on_commit_callbacks):
    incident = submitted(ward, django_capture_on_commit_callbacks, narrative=FALL)
    Classification.objects.filter(incident=incident).update(model_version="themes-old")
    ThemeSuggestion.objects.filter(incident=incident).update(model_version="themes-old")
    assert services.classify_pending().classified == 0
    assert services.classify_pending(reclassify_older=True).classified == 1
    assert set(ThemeSuggestion.objects.values_list("model_version", flat=True)) == {theme_model.version}


@pytest.mark.django_db
def test_confirming_records_who_what_and_the_difference_from_the_suggestions(theme_model, ward, handler, django_capture_on_commit_callbacks):
    incident = submitted(ward, django_capture_on_commit_callbacks, narrative=FALL)
    suggested = set(ThemeSuggestion.objects.filter(incident=incident, assigned=True).values_list("theme__slug", flat=True))
    chosen = Theme.objects.filter(slug__in=["falls", "staffing_environment"])
    review = services.themes_confirm(incident=incident, by=handler, themes=chosen)
    assert set(ConfirmedTheme.objects.filter(incident=incident).values_list("theme__slug", flat=True)) == {"falls", "staffing_environment"}
    assert ConfirmedTheme.objects.filter(incident=incident, confirmed_by=handler).count() == 2
    assert review.reviewed_by == handler and review.model_version == theme_model.version
    assert set(review.added) == {"falls", "staffing_environment"} - suggested
    assert set(review.removed) == suggested - {"falls", "staffing_environment"}

    second = services.themes_confirm(incident=incident, by=handler, themes=Theme.objects.filter(slug="falls"))
    assert list(ConfirmedTheme.objects.filter(incident=incident).values_list("theme__slug", flat=True)) == ["falls"]
    assert ThemeReview.objects.filter(incident=incident).count() == 2 and ThemeReview.objects.first() == second
    with pytest.raises(Exception):
        second.save()  # reviews are append-only


@pytest.mark.django_db
def test_only_a_manager_of_the_incident_may_confirm(ward, other_ward, handler, governance, django_capture_on_commit_callbacks, no_model):
    elsewhere = submitted(other_ward, django_capture_on_commit_callbacks, narrative=FALL)
    for user in (handler, governance):
        with pytest.raises(PermissionDenied):
            services.themes_confirm(incident=elsewhere, by=user, themes=[])
    assert not ThemeReview.objects.exists()


@pytest.mark.django_db
def test_confirmed_themes_become_training_examples(ward, handler, django_capture_on_commit_callbacks, no_model):
    confirmed = submitted(ward, django_capture_on_commit_callbacks, narrative="Patient slipped in shower room")
    none_apply = submitted(ward, django_capture_on_commit_callbacks, narrative="Compliment for the night team")
    submitted(ward, django_capture_on_commit_callbacks, narrative="Not yet reviewed")
    services.themes_confirm(incident=confirmed, by=handler, themes=Theme.objects.filter(slug="falls"))
    services.themes_confirm(incident=none_apply, by=handler, themes=[])
    examples = {e.source: e for e in confirmed_examples()}
    assert set(examples) == {f"incident:{confirmed.reference}", f"incident:{none_apply.reference}"}
    assert examples[f"incident:{confirmed.reference}"].themes == ("falls",)
    assert examples[f"incident:{none_apply.reference}"].themes == ()
