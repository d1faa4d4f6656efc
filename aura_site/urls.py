from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from accounts.signin import throttled
from aura_site.api import handlers
from aura_site.api.middleware import is_api_path
from aura_site.docs import RedocView, SwaggerView
from dashboard import views as dashboard_views

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
    # Both sign-in pages count failures and lock out guessing (accounts/signin.py).
    path("admin/login/", throttled(admin.site.login)),
    path("admin/", admin.site.urls),
    path("accounts/login/", throttled(LoginView.as_view()), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("favicon.ico", dashboard_views.favicon, name="favicon"),
    path("", RedirectView.as_view(url="/dashboard/", permanent=False)),
]

handler400 = handlers.bad_request


# Under /v1/ the API's JSON errors; elsewhere the dashboard's own pages.
def handler404(request, exception=None):
    if is_api_path(request.path):
        return handlers.not_found(request, exception)
    return dashboard_views.not_found(request, exception)


def handler403(request, exception=None):
    if is_api_path(request.path):
        from django.views.defaults import permission_denied

        return permission_denied(request, exception)
    return dashboard_views.forbidden(request, exception)


def handler500(request):
    # The dashboard's pages get its own 500 page; everything else the API's JSON.
    if request.path.startswith("/dashboard/"):
        return dashboard_views.server_error(request)
    return handlers.server_error(request)
