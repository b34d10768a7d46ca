"""The /search/ page and the similar-incidents pages, for every role."""
from __future__ import annotations

import pytest

from .conftest import HOSPITAL_NUMBER, VALID_NHS_NUMBER


def get(client, user, path="/search/", **params):
    if user is not None:
        client.force_login(user)
    return client.get(path, params)


@pytest.mark.parametrize(
    "who, status, visible",
    [
        ("handler", 200, {"fall", "fall_again", "insulin", "identifiers"}),
        ("governance", 200, {"fall", "fall_again", "insulin", "identifiers", "ng_tube", "pressure", "markup"}),
        ("admin", 200, {"fall", "fall_again", "insulin", "identifiers", "ng_tube", "pressure", "markup"}),
        ("reporter", 403, set()),
    ],
)
def test_role_matrix(client, world, who, status, visible):
    response = get(client, getattr(world, who), q="", sort="date")
    assert response.status_code == status
    html = response.content.decode()
    for key, incident in world.incidents.items():
        assert (incident.reference in html) == (key in visible), key


def test_handler_out_of_scope_finds_nothing_of_other_sites(client, world):
    html = get(client, world.handler, q="sacrum").content.decode()
    assert world.incidents["pressure"].reference not in html and "0 incidents" in html


def test_anonymous_visitor_is_sent_to_sign_in(client, world):
    response = client.get("/search/", {"q": "fall"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_results_link_highlight_and_show_themes(client, world):
    html = get(client, world.admin, q="fall").content.decode()
    fall = world.incidents["fall"]
    assert f'href="/incidents/{fall.reference}/"' in html
    assert "<mark>fall</mark>" in html.lower()
    assert "Falls" in html  # confirmed theme tag


def test_page_escapes_what_people_typed(client, world):
    html = get(client, world.admin, q='alert "<b>x</b>').content.decode()
    assert "<b>x</b>" not in html
    assert "<script>alert(1)</script>" not in html


def test_bad_syntax_is_explained_not_an_error(client, world):
    response = get(client, world.admin, q='"wrong patient')
    assert response.status_code == 200
    assert "quotation mark was not closed" in response.content.decode()


def test_facets_are_checkboxes_that_filter(client, world):
    html = get(client, world.admin, q="").content.decode()
    assert 'name="harm" type="checkbox" value="moderate"' in html
    filtered = get(client, world.admin, q="", harm="moderate").content.decode()
    assert world.incidents["fall_again"].reference in filtered and world.incidents["insulin"].reference not in filtered
    assert 'value="moderate" checked' in filtered
    assert "2 incidents" in filtered


def test_histogram_and_query_help_are_on_the_page(client, world):
    html = get(client, world.admin, q="").content.decode()
    assert "by month they happened" in html and "<meter" in html
    assert "How to search" in html and "type:near_miss" in html


def test_pagination(client, world):
    from search import services

    first = get(client, world.admin, q="", sort="date", page=1)
    assert "Page 1 of 1" not in first.content.decode()  # 7 results fit on one page of 20
    results = services.incident_search(user=world.admin, q="", sort="date", page=2, per_page=5)
    assert results.num_pages == 2 and len(results.items) == 2 and results.has_previous


def test_governance_page_never_shows_identifiers(client, world):
    for q in ("wristband", "wrong patient", "", "nhs number"):
        html = get(client, world.governance, q=q).content.decode()
        assert VALID_NHS_NUMBER not in html and HOSPITAL_NUMBER not in html and "943 476 5919" not in html, q
    for q in (VALID_NHS_NUMBER, HOSPITAL_NUMBER):  # typed identifiers are echoed back, but match nothing
        assert "0 incidents" in get(client, world.governance, q=q).content.decode()


def test_handler_sees_identifiers_in_highlights(client, world):
    html = get(client, world.handler, q="wristband").content.decode()
    assert VALID_NHS_NUMBER in html


def test_similar_page_and_panel(client, world):
    fall = world.incidents["fall"]
    html = get(client, world.admin, f"/search/similar/{fall.reference}/").content.decode()
    assert world.incidents["fall_again"].reference in html
    detail = get(client, world.admin, f"/incidents/{fall.reference}/").content.decode()
    assert "Similar incidents" in detail and world.incidents["fall_again"].reference in detail


def test_similar_to_an_incident_out_of_scope_is_not_found(client, world):
    response = get(client, world.handler, f"/search/similar/{world.incidents['pressure'].reference}/")
    assert response.status_code == 404


def test_similar_for_governance_never_shows_identifiers(client, world):
    html = get(client, world.governance, f"/search/similar/{world.incidents['insulin'].reference}/").content.decode()
    assert VALID_NHS_NUMBER not in html and HOSPITAL_NUMBER not in html
