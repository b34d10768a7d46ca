from django.urls import path

from . import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="trends_dashboard"),
    path("goals/<int:pk>/", dashboard.goal_detail, name="trends_goal"),
    path("bed-days/", dashboard.bed_days_upload, name="trends_bed_days"),
    path("pack/", dashboard.committee_pack, name="trends_pack"),
]
