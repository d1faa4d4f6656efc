from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("team/members", views.TeamMemberViewSet, basename="team-members")
router.register("admin/members", views.AdminMemberViewSet, basename="admin-members")
router.register("admin/tokens", views.AdminTokenViewSet, basename="admin-tokens")
router.register("me/tokens", views.MeTokenViewSet, basename="me-tokens")
router.register("admin/invites", views.AdminInviteViewSet, basename="admin-invites")

urlpatterns = [
    path("status", views.StatusView.as_view(), name="status"),
    path("invites/redeem", views.InviteRedeemView.as_view(), name="invites-redeem"),
    *router.urls,
]
