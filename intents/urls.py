from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("intents", views.IntentViewSet, basename="intents")

urlpatterns = [
    path("intents:batch", views.IntentViewSet.as_view({"post": "batch"}), name="intents-batch"),
    path(
        "intents/<aura_id:id>/nodes",
        views.IntentNodeViewSet.as_view({"get": "list"}),
        name="intent-nodes",
    ),
    *router.urls,
]
