from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("events", views.EventViewSet, basename="events")
router.register("admin/webhooks", views.WebhookViewSet, basename="admin-webhooks")

urlpatterns = [
    path("team/sync", views.TeamSyncView.as_view(), name="team-sync"),
    *router.urls,
]
