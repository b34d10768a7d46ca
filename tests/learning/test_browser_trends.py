"""Governance journey in a real browser: dashboard, a goal's chart and icons, drill into a signal, the pack.

Screenshots go to docs/screenshots/ when VIGIL_SCREENSHOTS=1 (how the docs' pictures are made).
"""
import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from learning import trends
from learning.models import ConfirmedTheme, Theme
from learning.trend_models import QualityGoal
from tests.factories import PASSWORD, LocationFactory, make_user, submit

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(page, name):
    if os.environ.get("VIGIL_SCREENSHOTS") == "1":
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_governance_reads_a_goal_drills_into_a_signal_and_downloads_the_pack(new_page, taxonomy):
    ward = LocationFactory(name="Ward 12 Elderly Care")
    falls = Theme.objects.get(slug="falls")
    this_month = timezone.localdate().replace(day=1)
    goal = QualityGoal.objects.create(name="Falls per month", measure="count", better="down", target=4,
                                      series_start=trends.add_months(this_month, -20), owner="Falls lead")
    goal.themes.set([falls])
    # Two falls a month for a year, then six a month: a concerning shift.
    for n in range(20, 0, -1):
        month = trends.add_months(this_month, -n)
        for i in range(2 if n > 8 else 6):
            when = timezone.make_aware(dt.datetime(month.year, month.month, 3 + i, 14, 0))
            incident = submit(ward, occurred_at=when, narrative=f"Pt found on floor by bed {i + 1}, unwitnessed fall").incident
            ConfirmedTheme.objects.create(incident=incident, theme=falls)
    member = make_user("governance", first_name="Helen", last_name="Carter")

    page = new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(member.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/trends/")
    card = page.locator(f"#goal-{goal.pk}")
    assert "Special cause variation: concerning (high)" in card.inner_text()
    assert card.get_by_role("img", name="Special cause variation: concerning (high)").count() == 1
    shoot(page, "dashboard.png")

    card.get_by_role("link", name="Falls per month").click()
    chart = page.locator("#goal-chart svg")
    assert chart.get_attribute("role") == "img"
    assert "special-cause points" in chart.locator("desc").text_content()
    signals = page.locator("#signals a")
    assert signals.count() >= 1
    shoot(page, "goal.png")

    signals.last.click()
    page.wait_for_url("**/search/**")
    results = page.locator("body").inner_text()
    assert "found on floor" in results

    page.goto("/trends/pack/")
    assert "Falls per month" in page.locator("#pack").inner_text()
    shoot(page, "committee-pack.png")
    with page.expect_download() as download:
        page.locator("#pack-csv").click()
    csv_text = Path(download.value.path()).read_text()
    assert "goal: Falls per month" in csv_text
