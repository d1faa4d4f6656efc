from django.urls import path

from .views import ProveRunViewSet

urlpatterns = [
    path("prove", ProveRunViewSet.as_view({"post": "create"}), name="prove-run"),
    path("prove/history", ProveRunViewSet.as_view({"get": "list"}), name="prove-history"),
    path("prove/history/<aura_id:pk>", ProveRunViewSet.as_view({"get": "retrieve"}), name="prove-detail"),
]
