"""JSON answers for requests no view claims."""

from django.views.decorators.csrf import csrf_exempt

from .errors import error_response
from .middleware import is_api_path


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return error_response(
        request, "not_found", f"No endpoint at {request.path}.", 404,
        hint="See /openapi.json for the endpoints this server has.",
    )


def not_found(request, exception=None):
    if is_api_path(request.path):
        return api_not_found(request)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def bad_request(request, exception=None):
    """Django's 400 for what it refuses before any view runs — above all a
    Host header not in AURA_ALLOWED_HOSTS."""
    if is_api_path(request.path):
        return error_response(
            request, "invalid_parameter", "The request was refused before reaching the API.", 400,
            hint="Send a Host header this server answers to (AURA_ALLOWED_HOSTS).",
        )
    from django.views.defaults import bad_request as html_bad_request

    return html_bad_request(request, exception)


def server_error(request):
    return error_response(request, "internal_error", "Internal server error.", 500)
