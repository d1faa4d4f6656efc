from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("admin/webhooks", views.WebhookViewSet, basename="admin-webhooks")

urlpatterns = [
    path("team/sync", views.TeamSyncView.as_view(), name="team-sync"),
    # The poll only: a router would also mount /v1/events/{seq}, which no
    # contract names and whose scope would fall back to admin.
    path("events", views.EventViewSet.as_view({"get": "list"}), name="events-list"),
    *router.urls,
]
