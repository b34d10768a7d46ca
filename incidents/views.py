"""Web pages. Each view adapts HTTP to a service or selector and renders a template."""
from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import access, extensions, selectors, services
from .forms import (
    ActionForm,
    ActionStateForm,
    AssignForm,
    CandourForm,
    DuplicateForm,
    FeedbackForm,
    FollowUpForm,
    GradingForm,
    ReportForm,
    TransitionForm,
    TriageFilterForm,
)
from .models import Incident, IncidentAction

_LAST_SUBMISSION = "vigil_last_submission"
logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.status_counts(user=request.user) if access.can_browse_all(request.user) else None
    return render(request, "incidents/home.html", {"counts": counts})


def report(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    if request.method == "POST":
        form = ReportForm(request.POST, signed_in=signed_in)
        if form.is_valid():
            try:
                submission = services.incident_submit(
                    data=form.submission_data(),
                    reporter=request.user if signed_in else None,
                    anonymous=form.cleaned_data.get("anonymous", False) or not signed_in,
                    nhs_number=form.cleaned_data["nhs_number"],
                    hospital_number=form.cleaned_data["hospital_number"],
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            except DatabaseError:
                logger.exception("report could not be saved")
                form.add_error(
                    None,
                    "Your report could not be saved because the system is briefly unavailable. Nothing was "
                    "saved and what you typed is still below: please submit again in a minute.",
                )
                return render(request, "incidents/report.html", {"form": form}, status=503)
            else:
                # The follow-up code is shown once, from the session, and never put in a URL.
                request.session[_LAST_SUBMISSION] = {
                    "reference": submission.incident.reference,
                    "code": submission.follow_up_code,
                }
                return redirect("report_done")
    else:
        form = ReportForm(signed_in=signed_in)
    return render(request, "incidents/report.html", {"form": form})


def report_done(request: HttpRequest) -> HttpResponse:
    last = request.session.pop(_LAST_SUBMISSION, None)
    if not last:
        return redirect("home")
    return render(request, "incidents/report_done.html", last)


def follow_up(request: HttpRequest) -> HttpResponse:
    incident = None
    not_found = False
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident = selectors.incident_by_follow_up_code(code=form.cleaned_data["code"])
        not_found = incident is None
        if not_found:
            form.add_error("code", "No report matches this code. Check it and try again.")
    return render(request, "incidents/follow_up.html", {"form": form, "incident": incident, "not_found": not_found})


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.own_reports(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "incidents/my_reports.html", {"page": page})


@login_required
def my_report(request: HttpRequest, reference: str) -> HttpResponse:
    incident = selectors.own_report_get(user=request.user, reference=reference)
    return render(request, "incidents/my_report.html", {"incident": incident})


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    """Triage queue for handlers; read-only register for governance."""
    if not access.can_browse_all(request.user):
        raise PermissionDenied("Only safety leads and governance can browse incidents.")
    scoped_locations = selectors.locations_for(user=request.user)
    form = TriageFilterForm(request.GET or None, locations=scoped_locations)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.incident_list(user=request.user, filters=filters)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "incidents/incident_list.html",
        {"form": form, "page": page, "querystring": querystring.urlencode(), "can_triage": access.can_triage(request.user)},
    )


@login_required
def incident_detail(request: HttpRequest, reference: str) -> HttpResponse:
    if not access.can_browse_all(request.user):
        # A reporter's own report has its own page; anything else does not exist for them.
        return redirect("my_report", reference=selectors.own_report_get(user=request.user, reference=reference).reference)
    incident = selectors.incident_get(user=request.user, reference=reference)
    context = _detail_context(request, incident)
    if context["view"].shows_identifiers and selectors.has_identifiers(incident):
        services.record_identifier_view(incident=incident, by=request.user)
    return render(request, "incidents/incident_detail.html", context)


def _triage_forms(incident: Incident, **bound) -> dict:
    forms = {
        "assign_form": AssignForm(initial={"handler": incident.handler_id}, handlers=selectors.handlers_for(incident=incident)),
        "transition_form": TransitionForm(incident=incident),
        "grading_form": GradingForm(instance=incident),
        "candour_form": CandourForm(initial={"verbal_on": incident.candour_verbal_on, "written_on": incident.candour_written_on}),
        "action_form": ActionForm(),
        "feedback_form": FeedbackForm(),
        "duplicate_form": DuplicateForm(initial={"reference": incident.duplicate_of.reference if incident.duplicate_of else ""}),
        "action_states": IncidentAction.State.choices,
    }
    forms.update(bound)
    return forms


def _add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _managed_incident(request: HttpRequest, reference: str) -> Incident:
    incident = selectors.incident_get(user=request.user, reference=reference)
    if not access.can_manage(request.user, incident):
        raise PermissionDenied("Your role can read this incident but not change it.")
    return incident


def _detail_context(request: HttpRequest, incident: Incident, **bound) -> dict:
    manage = access.can_manage(request.user, incident)
    context = {
        "view": selectors.incident_view_for(user=request.user, incident=incident),
        "incident": incident,
        "timeline": selectors.timeline_for(user=request.user, incident=incident),
        "actions": selectors.readable_actions(user=request.user, incident=incident),
        "feedback": selectors.readable_feedback(user=request.user, incident=incident),
        "duplicates": incident.duplicates.all(),
        "can_manage": manage,
    }
    context["panels"] = [
        {"template": panel.template, "context": panel_context}
        for panel in extensions.detail_panels
        if (panel_context := panel.context(request, incident)) is not None
    ]
    if manage:
        context.update(_triage_forms(incident, **bound))
    return context


def _rerender_with(request: HttpRequest, incident: Incident, **bound) -> HttpResponse:
    """Show the incident page again with one bound form carrying its errors, so nothing typed is lost."""
    return render(request, "incidents/incident_detail.html", _detail_context(request, incident, **bound), status=400)


def _triage_post(request, reference, form_name, make_form, apply, success):
    incident = _managed_incident(request, reference)
    form = make_form(incident)
    if form.is_valid():
        try:
            apply(incident, form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("incident_detail", reference=incident.reference)
    return _rerender_with(request, incident, **{form_name: form})


@login_required
@require_POST
def incident_assign(request, reference):
    return _triage_post(
        request,
        reference,
        "assign_form",
        lambda i: AssignForm(request.POST, handlers=selectors.handlers_for(incident=i)),
        lambda i, d: services.incident_assign(incident=i, by=request.user, handler=d["handler"]),
        "Handler updated.",
    )


@login_required
@require_POST
def incident_transition(request, reference):
    return _triage_post(
        request,
        reference,
        "transition_form",
        lambda i: TransitionForm(request.POST, incident=i),
        lambda i, d: services.incident_transition(incident=i, by=request.user, to=d["to"]),
        "Status updated.",
    )


@login_required
@require_POST
def incident_grading(request, reference):
    return _triage_post(
        request,
        reference,
        "grading_form",
        lambda i: GradingForm(request.POST, instance=Incident.objects.get(pk=i.pk)),
        lambda i, d: services.incident_update(incident=i, by=request.user, **d),
        "Grading and learning response saved.",
    )


@login_required
@require_POST
def incident_candour(request, reference):
    return _triage_post(
        request,
        reference,
        "candour_form",
        lambda i: CandourForm(request.POST),
        lambda i, d: services.incident_record_candour(incident=i, by=request.user, verbal_on=d["verbal_on"], written_on=d["written_on"]),
        "Duty of Candour dates saved.",
    )


@login_required
@require_POST
def action_add(request, reference):
    return _triage_post(
        request,
        reference,
        "action_form",
        lambda i: ActionForm(request.POST),
        lambda i, d: services.action_add(incident=i, by=request.user, **d),
        "Action added.",
    )


@login_required
@require_POST
def action_state(request, reference, action_id):
    incident = _managed_incident(request, reference)
    action = get_object_or_404(IncidentAction, pk=action_id, incident=incident)
    form = ActionStateForm(request.POST)
    if form.is_valid():
        services.action_set_state(action=action, by=request.user, state=form.cleaned_data["state"])
        messages.success(request, "Action updated.")
    else:
        messages.error(request, "Choose a valid state for the action.")
    return redirect("incident_detail", reference=incident.reference)


@login_required
@require_POST
def feedback_send(request, reference):
    return _triage_post(
        request,
        reference,
        "feedback_form",
        lambda i: FeedbackForm(request.POST),
        lambda i, d: services.feedback_send(incident=i, by=request.user, message=d["message"]),
        "Feedback sent to the reporter.",
    )


@login_required
@require_POST
def incident_duplicate(request, reference):
    def apply(incident, data):
        original = None
        if data["reference"]:
            try:
                original = selectors.incident_get(user=request.user, reference=data["reference"])
            except Http404:
                raise ValidationError({"reference": "No incident with that reference in your scope."}) from None
        services.incident_link_duplicate(incident=incident, by=request.user, original=original)

    return _triage_post(
        request, reference, "duplicate_form", lambda i: DuplicateForm(request.POST), apply, "Duplicate link saved."
    )
