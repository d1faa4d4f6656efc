from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.page, {"name": "overview"}, name="overview"),
    path("online/", views.page, {"name": "online"}, name="online"),
    path("intents/", views.page, {"name": "intents"}, name="intents"),
    path("intents/<str:object_id>/", views.page, {"name": "intent"}, name="intent"),
    path("impacts/", views.page, {"name": "impacts"}, name="impacts"),
    path("prove/", views.page, {"name": "prove"}, name="prove"),
    path("snapshots/", views.page, {"name": "snapshots"}, name="snapshots"),
    path("live/", views.page, {"name": "live"}, name="live"),
    path("zones/", views.page, {"name": "zones"}, name="zones"),
    path("help/", views.page, {"name": "help"}, name="help"),
    path("tokens/", views.page, {"name": "tokens"}, name="tokens"),
    path("knowledge/", views.page, {"name": "knowledge"}, name="knowledge"),
    path("invites/", views.page, {"name": "invites"}, name="invites"),
]
