"""Saved searches: name a query, run it again, and hear by e-mail when new incidents match.

`notify_saved_searches` (run by `manage.py search_notify`) only moves a search's watermark after its
e-mail has been sent, so a mail or search failure loses nothing: the next run tries again.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from incidents.models import Incident

from . import indexing
from .backends import get_search_backend
from .criteria import FILTER_KEYS
from .models import SavedSearch
from .services import require_search_access, search_criteria_for

log = logging.getLogger(__name__)
SAVED_FILTER_KEYS = (*FILTER_KEYS, "after", "before")


def clean_filters(params) -> dict[str, list[str]]:
    """The facet choices worth keeping from a query string: known keys, non-empty string values."""
    out = {}
    for key in SAVED_FILTER_KEYS:
        values = params.getlist(key) if hasattr(params, "getlist") else params.get(key, [])
        values = [values] if isinstance(values, str) else values
        values = sorted({str(v).strip() for v in values if str(v).strip()})
        if values:
            out[key] = values
    return out


def saved_search_create(*, owner, name: str, query: str, filters: dict, notify: bool) -> SavedSearch:
    """Save a search for `owner`. Raises ValidationError naming the field on a bad or duplicate name."""
    require_search_access(owner)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the search a name, for example 'Falls on Ward 4'."})
    if SavedSearch.objects.filter(owner=owner, name__iexact=name).exists():
        raise ValidationError({"name": f"You already have a saved search called '{name}'. Choose another name."})
    saved = SavedSearch(owner=owner, name=name, query=(query or "").strip(), filters=clean_filters(filters), notify=notify)
    saved.full_clean()
    saved.save()
    return saved


def saved_search_delete(*, owner, saved_id: int) -> None:
    SavedSearch.objects.filter(owner=owner, pk=saved_id).delete()


def saved_searches_for(*, owner) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(owner=owner)


def saved_search_url(saved: SavedSearch) -> str:
    """The search page with this search's query and filters filled in."""
    pairs = [("q", saved.query)] + [(k, v) for k, values in saved.filters.items() for v in values]
    return reverse("search:search") + "?" + urlencode(pairs)


@dataclass
class NotifyReport:
    sent: int = 0
    nothing_new: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def notify_horizon(now: dt.datetime | None = None) -> dt.datetime:
    """Reports up to this moment are certainly in the index: a settling delay, and nothing still queued."""
    now = now or timezone.now()
    horizon = now - dt.timedelta(seconds=getattr(settings, "SEARCH_NOTIFY_SETTLE_SECONDS", 300))
    oldest = indexing.oldest_pending()
    return min(horizon, oldest - dt.timedelta(microseconds=1)) if oldest else horizon


def notify_saved_searches(*, now: dt.datetime | None = None, backend=None) -> NotifyReport:
    """E-mail each owner about incidents reported since their last e-mail that match their search."""
    backend = backend or get_search_backend()
    horizon = notify_horizon(now)
    report = NotifyReport()
    for saved in SavedSearch.objects.filter(notify=True, notified_up_to__lt=horizon).select_related("owner"):
        try:
            criteria = search_criteria_for(saved, reported_after=saved.notified_up_to, reported_up_to=horizon, per_page=50)
            page = backend.search(criteria)
            if page.count:
                _send(saved, page, horizon)
                report.sent += 1
            else:
                report.nothing_new += 1
        except Exception as exc:  # mail or search down: keep the watermark, try again next run
            saved.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            saved.save(update_fields=["last_error"])
            report.failed += 1
            report.errors.append(f"{saved.name} ({saved.owner}): {saved.last_error}")
            log.warning("saved search %s not notified; will retry: %s", saved.pk, exc)
            continue
        saved.notified_up_to = horizon
        saved.last_error = ""
        if page.count:
            saved.last_notified_at = timezone.now()
        saved.save(update_fields=["notified_up_to", "last_error", "last_notified_at"])
    return report


def _send(saved: SavedSearch, page, horizon: dt.datetime) -> None:
    if not saved.owner.email:
        raise ValueError("the owner has no e-mail address; add one in the admin")
    base = settings.VIGIL.get("BASE_URL", "").rstrip("/")
    ids = [h.incident_id for h in page.hits]
    incidents = Incident.objects.filter(pk__in=ids).select_related("location__directorate__site")
    by_id = {i.pk: i for i in incidents}
    lines = [
        f"{i.reference}  {timezone.localtime(i.occurred_at):%d %b %Y}  {i.location.name}, {i.location.directorate.site.name}"
        f"  ({i.get_event_type_display().split(' (')[0]}, {i.physical_harm} harm)\n    {base}{reverse('incident_detail', args=[i.reference])}"
        for i in (by_id[h] for h in ids if h in by_id)
    ]
    more = page.count - len(lines)
    body = "\n".join(
        [
            f"{page.count} new incident{'s' if page.count != 1 else ''} match your saved search '{saved.name}'.",
            "",
            *lines,
            *([f"... and {more} more."] if more > 0 else []),
            "",
            f"See them all: {base}{saved_search_url(saved)}",
            "You get this because you asked to be told about new matches. Turn it off on the saved searches page.",
        ]
    )
    subject = f"Vigil: {page.count} new incident{'s' if page.count != 1 else ''} for '{saved.name}'"
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [saved.owner.email]).send(fail_silently=False)
