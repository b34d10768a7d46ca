from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("saved/", views.saved_list, name="saved"),
    path("saved/new/", views.saved_create, name="saved_create"),
    path("saved/<int:pk>/delete/", views.saved_delete, name="saved_delete"),
    path("similar/<str:reference>/", views.similar, name="similar"),
]
