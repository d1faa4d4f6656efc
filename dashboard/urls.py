from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.page, {"name": "overview"}, name="overview"),
    path("impacts/", views.page, {"name": "impacts"}, name="impacts"),
    path("live/", views.page, {"name": "live"}, name="live"),
    path("zones/", views.page, {"name": "zones"}, name="zones"),
    path("help/", views.page, {"name": "help"}, name="help"),
]
