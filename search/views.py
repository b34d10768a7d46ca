"""The search pages: /search/, saved searches and similar incidents. Each adapts HTTP to services."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import saved as saved_searches
from . import services
from .criteria import FACETS
from .forms import SaveSearchForm, SearchForm
from .models import SavedSearch
from .query import FIELD_ALIASES

FACET_TITLES = {
    "theme": "Theme",
    "harm": "Harm (highest)",
    "status": "Status",
    "event_type": "Type",
    "site": "Site",
    "directorate": "Directorate",
}


def facet_params(request: HttpRequest) -> dict[str, list[str]]:
    """The facet choices (checkboxes and dates) in the query string."""
    params = {key: request.GET.getlist(key) for key in FACETS if request.GET.getlist(key)}
    for key in ("after", "before"):
        if request.GET.get(key):
            params[key] = [request.GET[key]]
    return params


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    services.require_search_access(request.user)
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    q = data.get("q") or request.GET.get("q", "")
    params = facet_params(request)
    results = services.incident_search(
        user=request.user, q=q, params=params, sort=data.get("sort") or "relevance", page=data.get("page") or 1
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    sort_query = querystring.copy()
    sort_query.pop("sort", None)
    biggest = max((n for _, n in results.histogram), default=0)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "q": q,
            "results": results,
            "facet_groups": [(key, FACET_TITLES[key], results.facets.get(key, [])) for key in FACETS],
            "querystring": querystring.urlencode(),
            "sort_querystring": sort_query.urlencode(),
            "histogram": [(month, n, biggest) for month, n in results.histogram],
            "save_form": SaveSearchForm(),
            "saved_filters": [(k, v) for k, values in params.items() for v in values],
            "scope_description": services.scope_description(request.user),
            "field_names": sorted(set(FIELD_ALIASES.values())),
        },
    )


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    services.require_search_access(request.user)
    saved = [(s, saved_searches.saved_search_url(s)) for s in saved_searches.saved_searches_for(owner=request.user)]
    return render(request, "search/saved_list.html", {"saved": saved})


@login_required
@require_POST
def saved_create(request: HttpRequest) -> HttpResponse:
    services.require_search_access(request.user)
    form = SaveSearchForm(request.POST)
    back = request.POST.get("next_query", "")
    if form.is_valid():
        try:
            saved = saved_searches.saved_search_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                query=request.POST.get("q", ""),
                filters=request.POST,
                notify=form.cleaned_data["notify"],
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("name", exc.messages):
                messages.error(request, message)
        else:
            messages.success(request, f"Saved '{saved.name}'.")
            return redirect("search:saved")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("search:search") + (f"?{back}" if back else ""))


@login_required
@require_POST
def saved_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    saved_searches.saved_search_delete(owner=request.user, saved_id=saved.pk)
    messages.success(request, f"Deleted '{saved.name}'.")
    return redirect("search:saved")


@login_required
def similar(request: HttpRequest, reference: str) -> HttpResponse:
    results = services.similar_incidents(user=request.user, reference=reference, limit=20)
    return render(request, "search/similar.html", {"results": results, "reference": reference})
