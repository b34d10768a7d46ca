"""Scope has the semantics of incidents.access, and identifiers never reach what governance can read."""
from __future__ import annotations

import dataclasses
import string

from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings, strategies as st

from incidents import access
from incidents.models import Incident, StaffProfile
from search.backends import get_search_backend
from search.backends.base import render_highlight
from search.criteria import build_criteria, scope_for
from search.documents import documents_for
from tests.factories import make_user

from .conftest import HOSPITAL_NUMBER, VALID_NHS_NUMBER
from tests.support.fuzz import examples


def searchable_ids(user):
    page = get_search_backend().search(build_criteria(user=user, per_page=100))
    return {h.incident_id for h in page.hits}


def test_search_scope_matches_scope_incidents_for_every_role(world):
    site_handler = make_user(StaffProfile.Role.HANDLER, sites=[world.south_ward.directorate.site])
    mixed = make_user(StaffProfile.Role.HANDLER, sites=[world.south_ward.directorate.site], directorates=[world.north_ward.directorate])
    nobody = make_user(StaffProfile.Role.HANDLER)
    for user in (world.handler, site_handler, mixed, nobody, world.governance, world.admin, world.reporter):
        expected = set(access.scope_incidents(user, Incident.objects.all()).values_list("pk", flat=True))
        assert searchable_ids(user) == expected, access.role_of(user)


def test_anonymous_and_reporters_have_empty_scope(world):
    assert scope_for(AnonymousUser()).nothing and scope_for(world.reporter).nothing
    assert scope_for(world.governance).redacted and not scope_for(world.handler).redacted
    assert not scope_for(world.admin).redacted


def test_a_stale_index_never_widens_scope(world, client):
    """Move an incident out of the handler's scope without telling the index: the page still hides it."""
    incident = world.incidents["insulin"]
    Incident.objects.filter(pk=incident.pk).update(location=world.south_ward)
    client.force_login(world.handler)
    assert incident.reference not in client.get("/search/", {"q": "insulin"}).content.decode()


def test_documents_keep_identifiers_out_of_every_redacted_and_shared_field(world):
    (document,) = documents_for([world.incidents["identifiers"].pk])
    shared = dataclasses.asdict(document)
    for name in ("narrative_raw", "actions_raw"):
        shared.pop(name)
    text = repr(shared) + document.meta + document.body_redacted
    for secret in (VALID_NHS_NUMBER, HOSPITAL_NUMBER, world.reporter.username, world.reporter.last_name):
        assert secret not in text
    assert VALID_NHS_NUMBER in document.body_raw


def test_render_highlight_escapes_everything_but_the_marks():
    assert render_highlight('<img src=x onerror=1> \x02fall\x03 & "q"') == "&lt;img src=x onerror=1&gt; <mark>fall</mark> &amp; &quot;q&quot;"


_pieces = st.sampled_from(['"', "-", ":", "OR", "AND", "NOT", " ", "NEAR(", ")", "*", "^", "{", "}", "harm:", "theme:", "\u00e9", "'", "\\", "&", "|", "!", "fall", "pt"])
queries = st.lists(_pieces | st.text(alphabet=string.printable, max_size=5), max_size=20).map("".join) | st.text(max_size=40)


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_the_engine_answers_any_query_string(world, q):
    """Whatever is typed, the database engine gets valid syntax (FTS5 MATCH or tsquery) and answers."""
    for user in (world.governance, world.handler):
        page = get_search_backend().search(build_criteria(user=user, q=q, per_page=5))
        assert page.count >= len(page.hits)
