"""The monthly incident summary: measures read from it give exactly what live computation gives, before and after
incidents change, and a change never waits on it or is lost by it."""
import datetime as dt
import random
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from incidents import retention, services
from incidents.models import EventType, Incident, PhysicalHarm, PsychologicalHarm, Status
from learning import summary, summary_receivers, trends
from learning import services as learning_services
from learning.measures import (
    IncidentFilter,
    count_series,
    counts_by,
    proportion_series,
    proportions_by,
    rate_per_1000_bed_days,
)
from learning.models import ConfirmedTheme, Theme
from learning.summary_reads import SummaryUnavailable
from tests.factories import LocationFactory, SpecialtyFactory, submit

pytestmark = pytest.mark.django_db

UTC = dt.timezone.utc
WINDOW = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 6, 30)}  # spans the change to summer time
MONTHS = [dt.date(2024, m, 1) for m in range(1, 7)]
HARMS = [None, "moderate_and_above", "physical_moderate_and_above", "psychological_moderate_and_above",
         "severe_and_above", "fatal"]


@pytest.fixture
def places(ward, other_ward):
    """Three wards: two in one directorate, one on another site."""
    return [ward, LocationFactory(directorate=ward.directorate), other_ward]


@pytest.fixture
def themes(db):
    return list(Theme.objects.order_by("slug")[:4])


def random_when(rng: random.Random) -> dt.datetime:
    month = rng.choice(MONTHS)
    if rng.random() < 0.3:  # close to a month boundary, where London time and UTC disagree in summer
        nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=UTC) - dt.timedelta(minutes=rng.randint(1, 120))
    return dt.datetime(month.year, month.month, rng.randint(1, 28), rng.randint(0, 23), tzinfo=UTC)


def build_incidents(rng: random.Random, places, themes, admin, n: int = 60) -> list[Incident]:
    """Random reports as users make them: every event type and harm, some with confirmed themes (none, one or
    several), some Never Events, some linked as duplicates."""
    made = []
    for _ in range(n):
        incident = submit(
            rng.choice(places), occurred_at=random_when(rng), event_type=rng.choice(EventType.values),
            physical_harm=rng.choice(PhysicalHarm.values), psychological_harm=rng.choice(PsychologicalHarm.values),
        ).incident
        for theme in rng.sample(themes, rng.choice([0, 0, 1, 1, 1, 2, 3])):
            ConfirmedTheme.objects.create(incident=incident, theme=theme)
        if rng.random() < 0.1:
            services.incident_update(incident=incident, by=admin, never_event=True, learning_response="psii")
        if made and rng.random() < 0.1:
            services.incident_link_duplicate(incident=incident, by=admin, original=rng.choice(made))
        made.append(incident)
    return made


def filters_to_compare(places, themes) -> list[IncidentFilter]:
    ward, neighbour, other = places
    return [
        *(IncidentFilter(harm=h) for h in HARMS),
        IncidentFilter(event_types=EventType.values),
        IncidentFilter(event_types="good_care"),
        IncidentFilter(never_event=True),
        IncidentFilter(never_event=False, harm="moderate_and_above"),
        IncidentFilter(include_duplicates=True),
        IncidentFilter(locations=[neighbour]),
        IncidentFilter(directorates=[ward.directorate_id]),
        IncidentFilter(sites=[other.directorate.site], harm="severe_and_above"),
        IncidentFilter(themes=[themes[0].slug]),
        IncidentFilter(themes=[themes[1].pk], harm="moderate_and_above", include_duplicates=True),
        IncidentFilter(themes=[themes[2].slug], sites=[ward.directorate.site], event_types=EventType.values),
    ]


def assert_summary_matches_live(places, themes) -> None:
    """Every monthly measure the dashboard, goals, pack and API use, from the summary and live."""
    def same(measure, **kwargs):
        from_summary = measure(**WINDOW, **kwargs, source="summary")
        assert from_summary == measure(**WINDOW, **kwargs, source="live"), (measure.__name__, kwargs)
        return from_summary

    harm = IncidentFilter(harm="moderate_and_above")
    for filters in filters_to_compare(places, themes):
        same(count_series, filters=filters)
        numerator = IncidentFilter(harm="severe_and_above", themes=filters.themes)
        same(proportion_series, filters=filters, numerator=numerator)
        if not filters.themes:
            for key in ("location", "directorate", "site", "event_type", "theme"):
                same(counts_by, key=key, filters=filters)
            same(proportions_by, key="location", filters=filters, numerator=harm, keys=[p.pk for p in places])
    bed_days = {(loc.pk, m): 300 + 10 * i for i, loc in enumerate(places[:2]) for m in MONTHS}
    same(rate_per_1000_bed_days, bed_days=bed_days, filters=IncidentFilter(themes=[themes[0].slug]))
    assert sum(same(counts_by, key="theme", keys=[t.slug for t in themes])[themes[0].slug].counts) > 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_gives_the_live_numbers_for_random_incidents(seed, places, themes, admin_user):
    build_incidents(random.Random(seed), places, themes, admin_user)
    result = summary.rebuild_all(since=MONTHS[0])
    assert not result.failed and set(MONTHS) <= set(result.months)
    assert_summary_matches_live(places, themes)


def test_changes_are_summarised_after_commit_and_still_match_live(
    places, themes, admin_user, django_capture_on_commit_callbacks
):
    """Triage changing harm and place, theme decisions, duplicates, a moved date and retention deleting
    incidents: each marks its month, the task after commit rebuilds it, and the numbers still match."""
    rng = random.Random(7)
    incidents = build_incidents(rng, places, themes, admin_user, n=40)
    summary.rebuild_all(since=MONTHS[0])
    ward, neighbour, other = places

    changes = [
        lambda i: services.incident_update(incident=i, by=admin_user, physical_harm="severe", location=other),
        lambda i: services.incident_update(incident=i, by=admin_user, psychological_harm="moderate", location=neighbour),
        lambda i: learning_services.themes_confirm(incident=i, by=admin_user, themes=themes[1:3]),
        lambda i: learning_services.themes_confirm(incident=i, by=admin_user, themes=[]),
        lambda i: services.incident_link_duplicate(incident=i, by=admin_user, original=incidents[0]),
    ]
    for change, incident in zip(changes, incidents[1:]):
        with django_capture_on_commit_callbacks(execute=True):
            change(incident)
        assert summary.stale_months() == []
        assert_summary_matches_live(places, themes)

    moved = incidents[6]  # outside the services (as in a shell): both months are marked, the next task rebuilds
    old_month = summary.month_of(moved.occurred_at)
    moved.occurred_at = dt.datetime(2024, 6 if old_month.month != 6 else 2, 10, tzinfo=UTC)
    moved.save()
    assert summary.stale_months() == sorted({old_month, summary.month_of(moved.occurred_at)})
    assert summary.refresh_stale().months and summary.stale_months() == []
    assert_summary_matches_live(places, themes)

    closed = [Incident.objects.get(pk=i.pk) for i in incidents[7:20]]
    for incident in closed:
        services.incident_transition(incident=incident, by=admin_user, to=Status.IN_TRIAGE)
        if not incident.never_event:
            services.incident_update(incident=incident, by=admin_user, learning_response="none")
        services.incident_transition(incident=incident, by=admin_user, to=Status.CLOSED)
    gone = [i.pk for i in closed if not i.duplicates.exists()]  # retention keeps originals of duplicates
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retention.apply(now=timezone.now() + dt.timedelta(days=365 * 30))
    assert len(gone) >= 5 and not Incident.objects.filter(pk__in=gone).exists()
    assert [c for c in callbacks if c is summary_receivers.enqueue_refresh] == [summary_receivers.enqueue_refresh]
    assert summary.stale_months() == []
    assert_summary_matches_live(places, themes)


def test_a_change_not_yet_summarised_is_counted_live(places, themes):
    submit(places[0], occurred_at=dt.datetime(2024, 3, 5, 12, tzinfo=UTC))
    summary.rebuild_all(since=MONTHS[0])
    assert count_series(**WINDOW, source="summary").counts == [0, 0, 1, 0, 0, 0]

    # The task has not run yet (no commit in this test): March is stale, and read live.
    incident = submit(places[0], occurred_at=dt.datetime(2024, 3, 6, 12, tzinfo=UTC), physical_harm="fatal").incident
    assert summary.stale_months() == [dt.date(2024, 3, 1)]
    with pytest.raises(SummaryUnavailable, match="not yet summarised"):
        count_series(**WINDOW, source="summary")
    assert count_series(**WINDOW).counts == [0, 0, 2, 0, 0, 0]
    assert count_series(start=dt.date(2024, 4, 1), end=dt.date(2024, 6, 30), source="summary").counts == [0, 0, 0]

    summary.refresh_stale()
    assert count_series(**WINDOW, source="summary").counts == [0, 0, 2, 0, 0, 0]
    ConfirmedTheme.objects.create(incident=incident, theme=themes[0])
    assert summary.stale_months() == [dt.date(2024, 3, 1)]


def test_months_never_summarised_are_counted_live_not_as_zero(places):
    """A bulk load that bypasses the model signals (the demo, the benchmark) leaves no stale marks, but also no
    summarised months: the summary is not read until they are built."""
    submit(places[0], occurred_at=dt.datetime(2024, 2, 5, 12, tzinfo=UTC))
    summary.SummaryStaleMonth.objects.all().delete()
    with pytest.raises(SummaryUnavailable, match="never been summarised"):
        count_series(**WINDOW, source="summary")
    assert count_series(**WINDOW).counts == [0, 1, 0, 0, 0, 0]

    summary.rebuild_all()  # from the first incident, February, to now
    with pytest.raises(SummaryUnavailable, match="never been summarised"):
        count_series(**WINDOW, source="summary")  # January is before it
    summary.rebuild_all(since=dt.date(2023, 12, 1))
    assert count_series(**WINDOW, source="summary").counts == [0, 1, 0, 0, 0, 0]


def test_what_the_summary_cannot_answer_exactly_is_counted_live(places, themes):
    specialty = SpecialtyFactory()
    both = submit(places[0], occurred_at=dt.datetime(2024, 2, 5, 12, tzinfo=UTC), specialty=specialty).incident
    for theme in themes[:2]:
        ConfirmedTheme.objects.create(incident=both, theme=theme)
    summary.rebuild_all(since=MONTHS[0])
    either = IncidentFilter(themes=[t.slug for t in themes[:2]])
    cases = [
        ("several of these themes must count once", dict(filters=either)),
        ("specialty", dict(filters=IncidentFilter(specialties=[specialty]))),
        ("weekly", dict(interval="week")),
    ]
    for reason, kwargs in cases:
        with pytest.raises(SummaryUnavailable, match=reason):
            count_series(**WINDOW, **kwargs, source="summary")
        assert count_series(**WINDOW, **kwargs) == count_series(**WINDOW, **kwargs, source="live")
    assert count_series(**WINDOW, filters=either).counts == [0, 1, 0, 0, 0, 0]  # once, not twice
    with pytest.raises(SummaryUnavailable, match="numerator"):
        proportion_series(**WINDOW, numerator=IncidentFilter(themes=[themes[1].slug]),
                          filters=IncidentFilter(themes=[themes[0].slug]), source="summary")
    with pytest.raises(SummaryUnavailable, match="counting by theme"):
        counts_by("theme", **WINDOW, filters=IncidentFilter(themes=[themes[0].slug]), source="summary")
    with pytest.raises(ValueError, match="source"):
        count_series(**WINDOW, source="cache")


def test_a_failing_summary_never_stops_a_report(places, caplog, django_capture_on_commit_callbacks):
    when = dt.datetime(2024, 4, 2, 9, tzinfo=UTC)
    with mock.patch("learning.summary.mark_stale", side_effect=RuntimeError("summary table locked")):
        lost = submit(places[0], occurred_at=when).incident
    assert Incident.objects.filter(pk=lost.pk).exists()
    assert "trends_summarise --full" in caplog.text

    queue_down = mock.Mock(enqueue=mock.Mock(side_effect=ConnectionError("queue down")))
    with mock.patch("learning.tasks.refresh_trends_summary", queue_down):
        with django_capture_on_commit_callbacks(execute=True):
            kept = submit(places[0], occurred_at=when).incident
    assert Incident.objects.filter(pk=kept.pk).exists() and queue_down.enqueue.called
    assert summary.stale_months() == [dt.date(2024, 4, 1)]  # read live until the next task or command
    assert count_series(start=when.date(), end=when.date()).counts == [2]

    with mock.patch("learning.summary.count_month", side_effect=RuntimeError("disk full")):
        assert summary.refresh_stale_safely()["failed"] == ["2024-04-01"]
    assert summary.stale_months() == [dt.date(2024, 4, 1)]
    assert summary.refresh_stale_safely()["months"] == ["2024-04-01"]
    assert count_series(start=when.date(), end=when.date(), source="summary").counts == [2]


def test_a_change_committed_during_a_rebuild_keeps_its_month_stale(places):
    """Only the stale marks seen before counting are cleared: one arriving meanwhile gets its own rebuild."""
    march = dt.date(2024, 3, 1)
    submit(places[0], occurred_at=dt.datetime(2024, 3, 5, 12, tzinfo=UTC))
    count = summary.count_month

    def count_while_another_change_commits(month):
        counted = count(month)
        submit(places[0], occurred_at=dt.datetime(2024, 3, 6, 12, tzinfo=UTC))
        return counted

    with mock.patch("learning.summary.count_month", side_effect=count_while_another_change_commits):
        summary.rebuild_month(month=march)
    assert summary.stale_months() == [march]
    summary.refresh_stale()
    assert count_series(start=march, end=march, source="summary").counts == [2]


def test_trends_summarise_builds_checks_and_repairs(places, capsys):
    submit(places[0], occurred_at=dt.datetime(2024, 5, 5, 12, tzinfo=UTC))
    first = submit(places[1], occurred_at=dt.datetime(2024, 1, 5, 12, tzinfo=UTC)).incident
    call_command("trends_summarise", "--full")
    assert "Rebuilt" in capsys.readouterr().out
    call_command("trends_summarise", "--check")
    assert "matches the incident tables" in capsys.readouterr().out

    Incident.objects.filter(pk=first.pk).update(physical_harm="fatal")  # bypasses the model signals
    with pytest.raises(CommandError, match="2024-01"):
        call_command("trends_summarise", "--check")
    call_command("trends_summarise", "--full", "--since", "2023-12")
    call_command("trends_summarise", "--check")
    assert count_series(**WINDOW, filters=IncidentFilter(harm="fatal"), source="summary").counts == [1, 0, 0, 0, 0, 0]
    with pytest.raises(CommandError, match="--full"):
        call_command("trends_summarise", "--since", "2023-12")


def test_dashboard_numbers_are_the_same_from_the_summary(client, governance, places, themes, admin_user):
    """What a governance user reads (the theme trends and the committee pack CSV, trust-wide and for one site)
    does not change when the summary takes over from live computation."""
    rng = random.Random(11)
    today = timezone.localdate()
    for _ in range(40):
        months_back = rng.randint(1, 11)
        month = trends.add_months(today.replace(day=1), -months_back)
        when = timezone.make_aware(dt.datetime(month.year, month.month, rng.randint(1, 28), 10))
        incident = submit(rng.choice(places), occurred_at=when, physical_harm=rng.choice(PhysicalHarm.values)).incident
        for theme in rng.sample(themes, rng.choice([0, 1, 2])):
            ConfirmedTheme.objects.create(incident=incident, theme=theme)
    client.force_login(governance)
    site = places[2].directorate.site
    pages = ["/trends/pack/?format=csv", f"/trends/pack/?format=csv&site={site.pk}"]
    live = [client.get(url).content for url in pages]
    live_trends = [(t.theme.slug, t.counts) for t in trends.theme_trends(months=12)]

    summary.rebuild_all(since=trends.add_months(today.replace(day=1), -13))
    with mock.patch("learning.measures._live_cells", side_effect=AssertionError("read live")):
        assert [(t.theme.slug, t.counts) for t in trends.theme_trends(months=12)] == live_trends
        assert [client.get(url).content for url in pages] == live
    assert any(sum(counts) for _, counts in live_trends)
