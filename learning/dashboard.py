"""Governance pages: goals at a glance, theme trends, bed-days upload and the committee pack."""
from __future__ import annotations

import csv
import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from incidents import access, selectors
from incidents.models import Incident, Site

from . import emerging, measures, spc, trends
from .charts import spc_svg
from .trend_models import QualityGoal

PACK_EXAMPLES = 5


def _require_reader(user) -> None:
    if not access.can_browse_all(user):
        raise PermissionDenied("Trends are for safety leads and governance.")


@login_required
def dashboard(request):
    _require_reader(request.user)
    goals = [trends.goal_result(g) for g in QualityGoal.objects.filter(active=True).prefetch_related("themes", "sites", "directorates", "locations", "recalculations")]
    theme_trends = trends.theme_trends(months=24)
    return render(request, "learning/dashboard.html", {"goals": goals, "theme_trends": theme_trends})


@login_required
def goal_detail(request, pk: int):
    _require_reader(request.user)
    goal = get_object_or_404(QualityGoal.objects.prefetch_related("themes", "recalculations"), pk=pk)
    return render(request, "learning/goal_detail.html", {"result": trends.goal_result(goal)})


class BedDaysForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Columns: location, month (YYYY-MM), bed_days. Up to 5 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB; split it by year.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text: save it from your spreadsheet as CSV UTF-8.") from None


@login_required
def bed_days_upload(request):
    if not access.can_triage(request.user):
        raise PermissionDenied("Uploading bed days is for safety leads and administrators.")
    report = None
    form = BedDaysForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = trends.import_bed_days(file_text=form.cleaned_data["file"])
    return render(request, "learning/bed_days.html", {"form": form, "report": report}, status=400 if report and not report.ok else 200)


class PackForm(forms.Form):
    start = forms.DateField(label="From (month)", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m", "%Y-%m-%d"], required=False)
    end = forms.DateField(label="To (month)", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m", "%Y-%m-%d"], required=False)
    site = forms.ModelChoiceField(queryset=Site.objects.all(), required=False, empty_label="Whole trust")

    def clean(self):
        data = super().clean()
        end = trends.month_start(data.get("end") or trends.last_complete_month())
        start = trends.month_start(data.get("start") or trends.add_months(end, -11))
        if start > end:
            self.add_error("start", "The first month must come before the last.")
        data["start"], data["end"] = start, end
        return data


def _pack_context(request, form: PackForm) -> dict:
    start, end, site = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data.get("site")
    filters = measures.IncidentFilter(sites=[site] if site else ())
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    theme_trends = trends.theme_trends(months=max(months, 1), end=trends.add_months(end, 1), filters=filters)
    goals = [trends.goal_result(g, end=end) for g in QualityGoal.objects.filter(active=True)]
    period_end = trends.month_end(end)
    harm = measures.proportion_series(numerator=measures.IncidentFilter(harm="moderate_and_above", sites=filters.sites),
                                      start=start, end=period_end, filters=filters)
    latest = (max(start, trends.add_months(end, -2)), period_end)
    baseline_start = trends.add_months(latest[0], -12)
    try:
        emerging_report = emerging.emerging_terms(latest=latest, baseline=(baseline_start, latest[0] - dt.timedelta(days=1)), filters=filters, limit=10)
    except ValueError:
        emerging_report = None
    examples = []
    scoped = selectors.incident_list(user=request.user, filters={"site": site} if site else {})
    for trend in theme_trends[:5]:
        incident = scoped.filter(confirmed_themes__theme=trend.theme, occurred_at__date__gte=start, occurred_at__date__lte=period_end).order_by("-occurred_at").first()
        if incident:
            # The pack goes to committees: narratives are always redacted, whoever prints it.
            examples.append({"theme": trend.theme, "incident": incident, "text": _redacted(incident)})
    return {
        "form": form, "start": start, "end": end, "site": site, "goals": goals, "theme_trends": theme_trends,
        "harm_series": harm, "harm_chart": _harm_chart(harm), "emerging": emerging_report, "examples": examples,
    }


def _redacted(incident: Incident) -> str:
    from incidents.privacy import redact

    patient = getattr(incident, "patient", None)
    known = [v for v in ((patient.nhs_number, patient.hospital_number) if patient else ()) if v]
    return redact(incident.narrative, known=known)


def _harm_chart(series) -> str:
    try:
        result = series.spc(better="down", complete_only=False)
    except spc.SPCError:
        return ""  # e.g. a month with no incidents at all has no share to chart
    return spc_svg(result, title="Share of incidents with moderate harm or above", unit="share")


@login_required
def committee_pack(request):
    _require_reader(request.user)
    form = PackForm(request.GET or None)
    if not form.is_valid():
        if request.GET:
            return render(request, "learning/pack.html", {"form": form}, status=400)
        form = PackForm({})
        form.is_valid()
    context = _pack_context(request, form)
    if request.GET.get("format") == "csv":
        return _pack_csv(context)
    return render(request, "learning/pack.html", context)


def _pack_csv(context: dict) -> HttpResponse:
    """The numbers behind every chart in the pack, one row per series and month."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vigil-pack-{context["start"]:%Y-%m}-to-{context["end"]:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow(["chart", "month", "value", "mean", "lower_limit", "upper_limit", "special_cause", "rules"])
    for goal in context["goals"]:
        if goal.result:
            _write_points(writer, f"goal: {goal.goal.name}", goal.result)
    for trend in context["theme_trends"]:
        if trend.result:
            _write_points(writer, f"theme: {trend.theme.slug}", trend.result)
        else:
            for period, count in zip(trend.periods, trend.counts):
                writer.writerow([f"theme: {trend.theme.slug}", period.isoformat(), count, "", "", "", "", ""])
    for point in context["harm_series"].points:
        writer.writerow(["share moderate harm or above", point.period.isoformat(), "" if point.proportion is None else round(point.proportion, 4), "", "", "", "", f"{point.numerator}/{point.denominator}"])
    return response


def _write_points(writer, name, result) -> None:
    for point in result.points:
        period = result.periods[point.period]
        writer.writerow([name, point.label, point.value, period.mean, period.lcl, period.ucl, point.special_cause, " ".join(point.rules)])
