from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from aura_site.api import handlers
from aura_site.docs import RedocView, SwaggerView

v1 = [
    path("", include("accounts.urls")),
    path("", include("events.urls")),
    path("", include("intents.urls")),
    path("", include("impacts.urls")),
    path("", include("messages.urls")),
    path("", include("snapshots.urls")),
    path("", include("zones.urls")),
    path("", include("prove.urls")),
    path("", include("knowledge.urls")),
    path("", include("presence.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"^v1(/.*)?$", handlers.api_not_found),
    # JSON whatever the Accept header says (the YAML view would answer YAML by default).
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", RedocView.as_view(url_name="openapi"), name="docs"),
    path("docs/swagger/", SwaggerView.as_view(url_name="openapi"), name="swagger"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("", RedirectView.as_view(url="/dashboard/", permanent=False)),
]

handler400 = handlers.bad_request
handler404 = handlers.not_found
handler500 = handlers.server_error
