"""The API's docs pages (ReDoc at /docs/, Swagger UI at /docs/swagger/),
served from the vendored bundles of drf-spectacular-sidecar.

Each answer carries a Content-Security-Policy that allows this origin only,
so the pages work with the network cut off and nothing a bundle names
elsewhere (ReDoc's footer logo) is ever fetched: the browser refuses it
before a request leaves."""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",  # the bundles' start-up lines are inline
    "style-src 'self' 'unsafe-inline'",  # both bundles inject their styles
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",  # ReDoc's search index runs in a blob worker
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])


class SameOriginOnly:
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class RedocView(SameOriginOnly, SpectacularRedocView):
    template_name = "aura_api/redoc.html"


class SwaggerView(SameOriginOnly, SpectacularSwaggerView):
    pass
