"""Quality goals, theme trends, bed-days upload and the committee pack."""
import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from learning import trends
from learning.models import ConfirmedTheme, Theme
from learning.trend_models import GoalRecalculation, OccupiedBedDays, QualityGoal
from tests.factories import PASSWORD, submit

pytestmark = pytest.mark.django_db


def months_ago(n: int) -> dt.datetime:
    first = trends.add_months(timezone.localdate().replace(day=1), -n)
    return timezone.make_aware(dt.datetime(first.year, first.month, 10, 12, 0))


def falls_incident(ward, when, harm="low"):
    incident = submit(ward, physical_harm=harm, occurred_at=when).incident
    ConfirmedTheme.objects.create(incident=incident, theme=Theme.objects.get(slug="falls"))
    return incident


@pytest.fixture
def falls_goal(ward):
    goal = QualityGoal.objects.create(
        name="Falls per month", measure="count", better="down", target=3,
        series_start=trends.add_months(timezone.localdate().replace(day=1), -20),
    )
    goal.themes.set([Theme.objects.get(slug="falls")])
    return goal


def test_goal_result_finds_a_sustained_rise_and_links_to_its_incidents(ward, falls_goal):
    # 20 complete months: two falls a month for 12 months, then six a month: a shift above the mean.
    for n in range(20, 0, -1):
        for _ in range(2 if n > 8 else 6):
            falls_incident(ward, months_ago(n))
    result = trends.goal_result(falls_goal)
    assert result.error is None
    assert [p.value for p in result.result.points] == [2] * 12 + [6] * 8
    assert result.result.variation == "special_cause_concerning_high"
    queries = [parse_qs(urlparse(s["url"]).query)["q"][0] for s in result.signals]
    assert queries and all(q.startswith("theme:falls after:") and " before:" in q for q in queries)
    assert result.assurance.text.startswith("Assurance")


def test_recalculation_starts_a_new_baseline(ward, falls_goal):
    for n in range(20, 0, -1):
        for _ in range(2 if n > 8 else 6):
            falls_incident(ward, months_ago(n))
    GoalRecalculation.objects.create(goal=falls_goal, starts_on=months_ago(8).date(), reason="New falls policy")
    result = trends.goal_result(falls_goal)
    assert len(result.result.periods) == 2
    assert result.result.periods[1].mean == 6
    assert result.result.variation == "common_cause"


def test_rate_goal_without_bed_days_says_why(ward):
    goal = QualityGoal.objects.create(name="Rate", measure="rate", series_start=trends.add_months(timezone.localdate().replace(day=1), -3))
    OccupiedBedDays.objects.create(location=ward, month=months_ago(3).date().replace(day=1), bed_days=700)
    result = trends.goal_result(goal)
    assert result.result is None and "No value for" in result.error


def test_bed_days_upload_checks_every_line_and_loads_nothing_on_error(ward):
    bad = f"location,month,bed_days\n{ward.name},2026-01,700\nNo Such Ward,2026-01,10\n{ward.name},January,5\n{ward.name},2026-02,-4\n"
    report = trends.import_bed_days(file_text=bad)
    assert not report.ok
    assert any("Line 3" in e and "No Such Ward" in e for e in report.errors)
    assert any("Line 4" in e and "YYYY-MM" in e for e in report.errors)
    assert any("Line 5" in e for e in report.errors)
    assert not OccupiedBedDays.objects.exists()
    good = f"\ufefflocation,month,bed_days\n{ward.name},2026-01,700\n{ward.pk},2026-02,650.5\n"
    report = trends.import_bed_days(file_text=good)
    assert report.ok and report.rows == 2
    assert OccupiedBedDays.objects.get(month=dt.date(2026, 2, 1)).bed_days == pytest.approx(650.5)
    trends.import_bed_days(file_text=f"location,month,bed_days\n{ward.name},2026-02,600\n")
    assert OccupiedBedDays.objects.get(month=dt.date(2026, 2, 1)).bed_days == 600


def test_bed_days_upload_rejects_wrong_columns(ward):
    report = trends.import_bed_days(file_text="ward,period,beds\nx,y,z\n")
    assert not report.ok and "missing: location, month, bed_days" in report.errors[0]


@pytest.mark.parametrize("who,status", [("reporter", 403), ("governance", 200), ("handler", 200), ("admin_user", 200)])
def test_dashboard_and_pack_are_for_governance_and_safety_leads(client, request, falls_goal, who, status):
    user = request.getfixturevalue(who)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("trends_dashboard")).status_code == status
    assert client.get(reverse("trends_pack")).status_code == status


def test_bed_days_page_upload(client, handler, governance, ward):
    client.login(username=governance.username, password=PASSWORD)
    assert client.get(reverse("trends_bed_days")).status_code == 403
    client.login(username=handler.username, password=PASSWORD)
    upload = SimpleUploadedFile("beds.csv", f"location,month,bed_days\n{ward.name},2026-03,720\n".encode())
    response = client.post(reverse("trends_bed_days"), {"file": upload})
    assert "Loaded 1 figure" in response.content.decode()
    upload = SimpleUploadedFile("beds.csv", b"location,month,bed_days\nNowhere,2026-03,720\n")
    response = client.post(reverse("trends_bed_days"), {"file": upload})
    assert response.status_code == 400 and "Nothing was loaded" in response.content.decode()


def test_dashboard_shows_goal_chart_and_icons(client, governance, ward, falls_goal):
    for n in range(20, 0, -1):
        falls_incident(ward, months_ago(n))
    client.login(username=governance.username, password=PASSWORD)
    page = client.get(reverse("trends_dashboard")).content.decode()
    assert "Falls per month" in page and "Common cause variation" in page
    page = client.get(reverse("trends_goal", args=[falls_goal.pk])).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<desc" in page


def test_pack_csv_has_the_numbers_behind_each_chart(client, governance, ward, falls_goal):
    for n in range(14, 0, -1):
        falls_incident(ward, months_ago(n), harm="moderate" if n % 3 == 0 else "low")
    client.login(username=governance.username, password=PASSWORD)
    response = client.get(reverse("trends_pack"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("chart,month,value")
    goal_rows = [line for line in lines if line.startswith("goal: Falls per month")]
    assert len(goal_rows) == 20 and float(goal_rows[-1].split(",")[2]) == 1
    assert any(line.startswith("theme: falls") for line in lines)


def test_pack_redacts_example_narratives_even_for_handlers(client, handler, ward, falls_goal):
    incident = submit(ward, narrative="Pt NHS 943 476 5919 found on floor", occurred_at=months_ago(1)).incident
    ConfirmedTheme.objects.create(incident=incident, theme=Theme.objects.get(slug="falls"))
    client.login(username=handler.username, password=PASSWORD)
    page = client.get(reverse("trends_pack")).content.decode()
    assert incident.reference in page and "found on floor" in page
    assert "943 476 5919" not in page


def test_administrator_manages_goals_and_bed_days_in_the_admin(client, admin_user, falls_goal):
    client.login(username=admin_user.username, password=PASSWORD)
    assert client.get(reverse("admin:learning_qualitygoal_changelist")).status_code == 200
    assert "Falls per month" in client.get(reverse("admin:learning_qualitygoal_change", args=[falls_goal.pk])).content.decode()
    assert client.get(reverse("admin:learning_occupiedbeddays_changelist")).status_code == 200
