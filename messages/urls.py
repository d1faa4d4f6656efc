from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("messages", views.MessageViewSet, basename="messages")

urlpatterns = router.urls
