from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("impacts", views.ImpactViewSet, basename="impacts")

urlpatterns = [
    path("impacts:batch", views.ImpactViewSet.as_view({"post": "batch"}), name="impacts-batch"),
    *router.urls,
]
