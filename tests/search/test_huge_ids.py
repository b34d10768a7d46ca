"""Ids beyond what a database column holds are a clear error (API) or ignored (page), never a crash."""
import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
HUGE = "6793942058668764692480"


def test_api_answers_400_for_an_id_too_large():
    client = APIClient()
    client.force_authenticate(make_user("admin"))
    response = client.get(f"/api/v1/search/?q=fall&site={HUGE}&directorate={HUGE}")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"site.0", "directorate.0"}


def test_search_page_survives_an_id_too_large(client):
    user = make_user("admin")
    client.login(username=user.username, password=PASSWORD)
    for param in ("site", "directorate", "location"):
        assert client.get(f"/search/?q=fall&{param}={HUGE}").status_code in (200, 400)
