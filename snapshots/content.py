"""Serving snapshot content: ``Accept`` negotiation, ``ETag`` /
``If-None-Match``, and a streamed response with the safety headers.

``negotiate`` and ``etag_matches`` are pure (plain values in and out)."""

from asgiref.sync import sync_to_async
from django.http import FileResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

OCTET = "application/octet-stream"
TEXT = "text/plain; charset=utf-8"
# What a browser must never do with a snapshot: render it as a page of this origin.
SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
}
CACHE_CONTROL = "private, max-age=31536000, immutable"  # a snapshot id's content never changes
GENERIC_UPLOAD_TYPES = {"", OCTET, "application/x-www-form-urlencoded", "multipart/form-data"}


def media_type(value):
    """``Text/Plain; charset=x`` → ``text/plain``."""
    return (value or "").split(";", 1)[0].strip().lower()


def is_generic(value):
    """A transport default rather than a statement about the bytes
    (``application/octet-stream``, the form types, none)."""
    return media_type(value) in GENERIC_UPLOAD_TYPES


def bytes_type(is_text):
    """What the bytes are: UTF-8 text without NUL, or not."""
    return TEXT if is_text else OCTET


def default_content_type(declared, is_text):
    """The content type to record: the one the client declared, as given,
    else what the bytes are (``text/plain; charset=utf-8`` or
    ``application/octet-stream``). Never a guess from the file name: a
    host's mimetypes tables say things like ``application/rls-services+xml``
    for a ``.rs`` file."""
    if declared and declared.strip():
        return declared.strip()
    return bytes_type(is_text)


def offers(stored_type, is_text):
    """What this snapshot can be sent as, in order of preference: what the
    bytes are, ``application/octet-stream``, and the recorded type (sent only
    to a client whose Accept names it)."""
    out = [bytes_type(is_text), OCTET, stored_type]
    seen, unique = set(), []
    for offer in out:
        if offer and media_type(offer) not in seen:
            seen.add(media_type(offer))
            unique.append(offer)
    return unique


def _ranges(accept):
    """Parse an Accept header into [(type, subtype, q)], skipping malformed
    ranges (an Accept with none left counts as absent)."""
    out = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        kind = pieces[0].lower()
        if kind.count("/") != 1:
            continue
        main, sub = kind.split("/")
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = None
        if q is not None:
            out.append((main, sub, q))
    return out


def _quality(offer, ranges):
    """q of the most specific range matching ``offer`` (None: none matches)."""
    main, sub = media_type(offer).split("/", 1)
    best = None
    for r_main, r_sub, q in ranges:
        if (r_main, r_sub) == (main, sub):
            specificity = 2
        elif r_main == main and r_sub == "*":
            specificity = 1
        elif r_main == "*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, q)
    return None if best is None else best[1]


def _named(offer, ranges):
    """q of a range that names ``offer`` exactly (None: none does)."""
    wanted = tuple(media_type(offer).split("/", 1))
    for r_main, r_sub, q in ranges:
        if (r_main, r_sub) == wanted:
            return q
    return None


def negotiate(accept, stored_type, is_text):
    """The Content-Type to send for ``Accept``, or None when nothing fits (406).

    Absent (or nothing but malformed ranges) and wildcards get what the bytes
    are; the recorded type, when it is another, only when Accept names it —
    and then it wins ties, the client having asked for it by name."""
    available = offers(stored_type, is_text)
    ranges = _ranges(accept or "")
    if not ranges:
        return available[0]
    plain = {media_type(TEXT), OCTET}
    recorded = [o for o in available if media_type(o) not in plain]
    candidates = [(o, _named(o, ranges)) for o in recorded]
    candidates += [(o, _quality(o, ranges)) for o in available if media_type(o) in plain]
    best, best_q = None, 0.0
    for offer, q in candidates:
        if q is not None and q > best_q:
            best, best_q = offer, q
    return best


def etag_for(sha256):
    return f'"{sha256}"'


def etag_matches(if_none_match, etag):
    """Weak comparison, as If-None-Match asks for; ``*`` matches anything."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def _headers(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    for name, value in SAFETY_HEADERS.items():
        response[name] = value
    patch_vary_headers(response, ["Accept", "Authorization"])
    return response


def not_modified(etag):
    return _headers(HttpResponseNotModified(), etag)


async def _aiter_file(fileobj, block_size):
    try:
        while True:
            chunk = await sync_to_async(fileobj.read, thread_sensitive=False)(block_size)
            if not chunk:
                break
            yield chunk
    finally:
        await sync_to_async(fileobj.close, thread_sensitive=False)()


def file_response(fileobj, *, filename, content_type, etag, size, asgi=False, block_size=512 * 1024):
    """Stream ``fileobj``: sendfile under a WSGI server that offers it, chunks
    otherwise; under ASGI an async iterator, so the file is never read whole."""
    response = FileResponse(fileobj, as_attachment=True, filename=filename, content_type=content_type)
    response.block_size = block_size
    response["Content-Length"] = str(size)
    if asgi:
        response.streaming_content = _aiter_file(fileobj, block_size)
    return _headers(response, etag)
