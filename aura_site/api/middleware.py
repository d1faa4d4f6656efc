"""Request-path middleware, outermost first: request id and version headers,
``Aura-API-Version`` negotiation (426), the body size limit (413), and JSON
errors for anything that escapes a view under /v1/."""

import logging
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import WSGIRequest

from . import errors
from .errors import error_response
from .ids import make_id

logger = logging.getLogger("aura.api")
request_logger = logging.getLogger("django.request")


def is_api_path(path):
    return path.startswith("/v1/") or path == "/v1"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = make_id("req")
        response = self.get_response(request)
        response["X-Request-Id"] = request.request_id
        response["X-Aura-Version"] = settings.AURA_VERSION
        if response.status_code == 401:
            # A request without valid credentials is routine, not a warning:
            # one INFO line with the request id, instead of Django's WARNING.
            request_logger.info(
                "Unauthorized: %s %s (request %s)", request.method, request.path, request.request_id
            )
            response._has_been_logged = True
        return response


_VERSION_RE = re.compile(r"^\s*(>=|<=|==|>|<|=)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$")
_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "=": lambda a, b: a == b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def parse_version(text):
    return tuple(int(p) for p in (text.split(".") + ["0", "0"])[:3])


def version_satisfies(requirement, version):
    """``>=1.3`` against ``1.0`` → False. Raises ValueError when unparseable.

    A comma separates several requirements, all of which must hold."""
    server = parse_version(version)
    # Every part is parsed before any is judged: a malformed one is a 400 even
    # after a part the server fails.
    matches = [_VERSION_RE.match(part) for part in requirement.split(",")]
    for part, match in zip(requirement.split(","), matches):
        if not match:
            raise ValueError(part)
    for match in matches:
        op, major, minor, patch = match.groups()
        wanted = (int(major), int(minor or 0), int(patch or 0))
        if op is None:
            # A bare "1.3" means "at least 1.3 within major 1".
            if not (server >= wanted and server[0] == wanted[0]):
                return False
        elif not _OPS[op](server, wanted):
            return False
    return True


def check_api_version(wanted):
    """An ``Aura-API-Version`` header this server fails → 426 ``upgrade_required``;
    one that is not a requirement → 400 ``invalid_parameter`` (REST and the stream)."""
    try:
        ok = version_satisfies(wanted, settings.AURA_API_VERSION)
    except ValueError:
        raise errors.InvalidParameter(
            f"Aura-API-Version {wanted!r} is not a version requirement.",
            hint="Use a form like >=1.0, <2, ==1.0 or 1.0.",
        ) from None
    if not ok:
        raise errors.UpgradeRequired(
            f"This server speaks API {settings.AURA_API_VERSION}, which does not satisfy {wanted.strip()}.",
            hint="Upgrade the mothership or relax Aura-API-Version.",
        )


class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = request.headers.get("Aura-API-Version")
        if wanted is not None and is_api_path(request.path):
            try:
                check_api_version(wanted)
            except errors.ApiError as err:
                return error_response(request, err.code, err.message, err.status_code, err.hint)
        return self.get_response(request)


def max_body_bytes():
    """AURA_MAX_BODY_BYTES, or Django's DATA_UPLOAD_MAX_MEMORY_SIZE if that is
    (mis)configured lower: whichever would refuse first refuses here, up front."""
    limit = settings.AURA_MAX_BODY_BYTES
    django_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if django_limit is not None:
        limit = min(limit, django_limit)
    return limit


class BodySizeLimitMiddleware:
    """Refuse bodies over AURA_MAX_BODY_BYTES before anything reads them; under
    WSGI (gunicorn), refuse a chunked body without a Content-Length: Django
    reads a WSGI body by its length, so it would be taken as empty. (Under
    aura_site.serve a chunked body arrives with its length set.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            isinstance(request, WSGIRequest)
            and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
            and not request.META.get("CONTENT_LENGTH")
        ):
            err = errors.LengthRequired(
                "A chunked request body is not accepted here: send it with a Content-Length.",
                hint="Send the body with a Content-Length header (curl does for --data and --data-binary @file).",
            )
            return error_response(request, err.code, err.message, err.status_code, err.hint)
        length = request.META.get("CONTENT_LENGTH")
        try:
            size = int(length) if length else 0
        except ValueError:
            size = 0
        if size > max_body_bytes():
            return too_large(request)
        return self.get_response(request)


def too_large(request):
    return error_response(
        request,
        "payload_too_large",
        f"The request body exceeds {max_body_bytes()} bytes.",
        413,
        hint="Split the upload or raise AURA_MAX_BODY_BYTES.",
    )


class ApiExceptionMiddleware:
    """Innermost: turns exceptions that escape a view under /v1/ into JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        if not is_api_path(request.path):
            return None
        from .errors import as_api_error

        err = as_api_error(exception)
        if err is None:
            logger.exception("Unhandled error on %s", request.path, exc_info=exception)
            return error_response(request, "internal_error", "Internal server error.", 500)
        return error_response(
            request, err.code, err.message, err.status_code, err.hint, err.headers, **err.extra
        )
