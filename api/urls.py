"""/api/v1/: the versioned API. A later version gets its own module and prefix; this one stays as it is."""
from django.urls import include, path, re_path

from .views import incidents, meta, reference, reporter, trends, triage

app_name = "api"

urlpatterns = [
    path("ping/", reference.PingView.as_view(), name="ping"),
    path("incidents/", incidents.IncidentCollectionView.as_view(), name="incidents"),
    path("incidents/<str:reference>/", incidents.IncidentDetailView.as_view(), name="incident"),
    path("incidents/<str:reference>/timeline/", incidents.IncidentTimelineView.as_view(), name="incident-timeline"),
    path("incidents/<str:reference>/lfpse/", incidents.IncidentLfpseView.as_view(), name="incident-lfpse"),
    path("incidents/<str:reference>/handlers/", triage.HandlersView.as_view(), name="incident-handlers"),
    path("incidents/<str:reference>/assign/", triage.AssignView.as_view(), name="incident-assign"),
    path("incidents/<str:reference>/status/", triage.TransitionView.as_view(), name="incident-status"),
    path("incidents/<str:reference>/grading/", triage.GradingView.as_view(), name="incident-grading"),
    path("incidents/<str:reference>/candour/", triage.CandourView.as_view(), name="incident-candour"),
    path("incidents/<str:reference>/duplicate/", triage.DuplicateView.as_view(), name="incident-duplicate"),
    path("incidents/<str:reference>/actions/", triage.ActionCollectionView.as_view(), name="incident-actions"),
    path("incidents/<str:reference>/actions/<int:action_id>/", triage.ActionDetailView.as_view(), name="incident-action"),
    path("incidents/<str:reference>/feedback/", triage.FeedbackView.as_view(), name="incident-feedback"),
    path("me/reports/", reporter.MyReportsView.as_view(), name="my-reports"),
    path("me/reports/<str:reference>/", reporter.MyReportDetailView.as_view(), name="my-report"),
    path("follow-up/", reporter.FollowUpView.as_view(), name="follow-up"),
    path("locations/", reference.LocationsView.as_view(), name="locations"),
    path("specialties/", reference.SpecialtiesView.as_view(), name="specialties"),
    path("themes/", reference.ThemesView.as_view(), name="themes"),
    path("goals/", trends.GoalsView.as_view(), name="goals"),
    path("goals/<int:pk>/", trends.GoalDetailView.as_view(), name="goal"),
    path("measures/counts/", trends.MeasureView.as_view(), name="measures-counts"),
    path("spc/", trends.SpcView.as_view(), name="spc"),
    path("search/", include("search.api_urls")),
    path("schema/", meta.SchemaView.as_view(), name="schema"),
    path("docs/", meta.SwaggerView.as_view(), name="docs"),
    path("redoc/", meta.redoc_view(), name="redoc"),
    path("docs/assets/<path:path>", meta.docs_asset, name="docs-asset"),
    # Anything else under this API's own prefixes (a reference with a slash, a non-numeric action id...) gets a
    # 404 in the error shape. Only these prefixes, so that other apps can add endpoints under /api/v1/.
    re_path(r"^(incidents|me|follow-up|locations|specialties|themes|ping)(/.*)?$", meta.NotFoundView.as_view()),
]
