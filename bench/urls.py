"""The product's URLs plus /bench/floor: a trivial DRF APIView (no
authentication, no permission, no database) answering {"ok": true} through
the same middleware stack. Mounted by bench/settings.py only."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from aura_site import urls as product


class Floor(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/floor", Floor.as_view()), *product.urlpatterns]

handler404 = product.handler404
handler500 = product.handler500
