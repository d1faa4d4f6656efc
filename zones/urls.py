from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("zones", views.ZoneViewSet, basename="zones")

urlpatterns = router.urls
