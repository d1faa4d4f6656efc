from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("snapshots", views.SnapshotViewSet, basename="snapshots")

urlpatterns = [
    path("snapshots:batch", views.SnapshotViewSet.as_view({"post": "batch"}), name="snapshots-batch"),
    *router.urls,
]
