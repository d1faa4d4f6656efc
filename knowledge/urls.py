from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("knowledge", views.KnowledgeViewSet, basename="knowledge")

urlpatterns = router.urls
