from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("report/done/", views.report_done, name="report_done"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("my-reports/", views.my_reports, name="my_reports"),
    path("my-reports/<str:reference>/", views.my_report, name="my_report"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/<str:reference>/", views.incident_detail, name="incident_detail"),
    path("incidents/<str:reference>/assign/", views.incident_assign, name="incident_assign"),
    path("incidents/<str:reference>/status/", views.incident_transition, name="incident_transition"),
    path("incidents/<str:reference>/grading/", views.incident_grading, name="incident_grading"),
    path("incidents/<str:reference>/candour/", views.incident_candour, name="incident_candour"),
    path("incidents/<str:reference>/actions/", views.action_add, name="action_add"),
    path("incidents/<str:reference>/actions/<int:action_id>/", views.action_state, name="action_state"),
    path("incidents/<str:reference>/feedback/", views.feedback_send, name="feedback_send"),
    path("incidents/<str:reference>/duplicate/", views.incident_duplicate, name="incident_duplicate"),
]
