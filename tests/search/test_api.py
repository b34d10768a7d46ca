"""GET /api/v1/search/ through a URLconf that mounts it where api/urls.py will."""
from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from api.models import ApiToken

from .conftest import HOSPITAL_NUMBER, VALID_NHS_NUMBER

pytestmark = pytest.mark.urls("tests.search.urls")
URL = "/api/v1/search/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_answers_count_results_and_facets(world):
    response = api(world.admin).get(URL, {"q": "fall"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["results"][0]
    assert {"reference", "highlight", "themes", "url", "status"} <= set(first)
    assert {t["slug"] for r in body["results"] for t in r["themes"]} == {"falls"}
    assert "<mark>" in first["highlight"]
    assert body["facets"]["theme"] == [{"value": "falls", "label": "Falls", "count": 2}]
    assert sum(m["count"] for m in body["histogram"]) == 2


def test_filter_params_and_paging(world):
    body = api(world.admin).get(URL, {"q": "", "harm": ["none", "severe"], "sort": "date", "page_size": 2, "page": 2}).json()
    assert body["count"] == 3 and body["page"] == 2 and body["num_pages"] == 2 and len(body["results"]) == 1
    site = world.south_ward.directorate.site_id
    assert api(world.admin).get(URL, {"site": site}).json()["count"] == 2


def test_bad_syntax_is_a_warning_not_an_error(world):
    body = api(world.admin).get(URL, {"q": '"wrong patient'}).json()
    assert body["warnings"] and body["count"] >= 1


def test_invalid_parameters_are_400(world):
    response = api(world.admin).get(URL, {"harm": "banana", "page": 0})
    assert response.status_code == 400


def test_unauthenticated_is_refused(world):
    response = api().get(URL, {"q": "fall"})
    assert response.status_code in (401, 403)


def test_token_authentication_works(world):
    token = ApiToken.objects.issue(user=world.governance, name="t", scopes=["search"])[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(URL, {"q": "fall"}).status_code == 200


@pytest.mark.parametrize("who, status, count", [("reporter", 403, None), ("handler", 200, 4), ("governance", 200, 7), ("admin", 200, 7)])
def test_role_matrix(world, who, status, count):
    response = api(getattr(world, who)).get(URL)
    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count


def test_governance_answers_carry_no_identifiers(world):
    for q in ("wristband", "", "wrong patient", VALID_NHS_NUMBER):
        text = json.dumps(api(world.governance).get(URL, {"q": q}).json())
        assert VALID_NHS_NUMBER not in text and HOSPITAL_NUMBER not in text, q
        assert world.reporter.username not in text and world.reporter.last_name not in text


def test_search_down_is_503(world, settings):
    from search.backends import backends

    from .flaky import FlakyBackend

    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "tests.search.flaky.FlakyBackend"}}
    backends.reset()
    FlakyBackend.down = True
    try:
        assert api(world.admin).get(URL, {"q": "fall"}).status_code == 503
    finally:
        FlakyBackend.down = False


def test_openapi_schema_describes_the_endpoint():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="tests.search.urls").get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/search/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "sort", "page", "page_size", "theme", "harm", "site", "after", "before"} <= names
    assert "SearchOut" in schema["components"]["schemas"]
