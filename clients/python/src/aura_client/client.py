"""``Client`` (sync) and ``AsyncClient`` (asyncio), over httpx.

    aura = Client(base_url="http://127.0.0.1:7420", token="aura_…")  # or AURA_URL / AURA_TEAM_TOKEN
    for intent in aura.intents.list(branch="feat/login"):
        print(intent.id, intent.summary)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time

import httpx

from . import errors, resources
from ._core import DEFAULT_SOCKET, SSEParser, Settings, StreamState, clean_params, model, should_retry

logger = logging.getLogger("aura_client")


def _socket_path(socket):
    return socket or os.environ.get("AURA_SOCKET") or DEFAULT_SOCKET


class ContentStream:
    """A snapshot's content as it arrives: ``read()``, ``iter_bytes()``, ``content_type``."""

    def __init__(self, response: httpx.Response):
        self.response = response
        self.content_type = response.headers.get("content-type")
        self.size = int(response.headers["content-length"]) if "content-length" in response.headers else None
        self._chunks = None
        self._buffer = b""

    def iter_bytes(self, chunk_size: int = 65536):
        yield from self.response.iter_bytes(chunk_size)

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            rest = b"".join(self.response.iter_bytes()) if self._chunks is None else b"".join(self._chunks)
            data, self._buffer = self._buffer + rest, b""
            return data
        if self._chunks is None:
            self._chunks = self.response.iter_bytes()
        while len(self._buffer) < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data


class AsyncContentStream:
    def __init__(self, response: httpx.Response):
        self.response = response
        self.content_type = response.headers.get("content-type")

    async def read(self) -> bytes:
        return await self.response.aread()

    def iter_bytes(self, chunk_size: int = 65536):
        return self.response.aiter_bytes(chunk_size)


class _Base:
    def __init__(self, base_url=None, token=None, *, timeout=30.0, max_retries=3, backoff=0.5, max_backoff=30.0,
                 headers=None, transport=None):
        self.settings = Settings.from_args(base_url, token, timeout=timeout, max_retries=max_retries,
                                           backoff=backoff, max_backoff=max_backoff, headers=dict(headers or {}))
        self._http = self._make_http(transport)
        resources.attach(self)

    def _error_for(self, response, content):
        return errors.from_response(response.status_code, content, response.headers)


class Client(_Base):
    """The synchronous client. Every namespace method returns its result."""

    def _make_http(self, transport):
        return httpx.Client(base_url=self.settings.base_url, timeout=self.settings.timeout, transport=transport)

    @classmethod
    def local(cls, socket=None, **options):
        """The local daemon over its Unix socket (no token needed there)."""
        transport = httpx.HTTPTransport(uds=_socket_path(socket))
        return cls(base_url="http://localhost", token=None, transport=transport, **options)

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def status(self):
        return self._call("GET", "/v1/status", parse=model("Status"))

    # --- the transport --------------------------------------------------------------------------
    def _send(self, method, path, *, params=None, json=None, content=None, headers=None, idempotency_key=None,
              stream=False):
        extra = dict(headers or {})
        if idempotency_key:
            extra["Idempotency-Key"] = idempotency_key
        hdrs = self.settings.request_headers(method, extra)
        params = clean_params(params)
        attempt = 0
        while True:
            try:
                request = self._http.build_request(method, path, params=params, json=json, content=content,
                                                   headers=hdrs)
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if attempt >= self.settings.max_retries:
                    raise errors.ConnectionFailed(f"{method} {path}: {exc}") from exc
                time.sleep(self.settings.delay(attempt, None))
                attempt += 1
                continue
            if response.status_code < 400:
                return response
            body = response.read()
            if attempt < self.settings.max_retries and should_retry(response.status_code, body):
                response.close()
                time.sleep(self.settings.delay(attempt, errors.retry_after_seconds(response.headers)))
                attempt += 1
                continue
            response.close()
            raise self._error_for(response, body)

    def _call(self, method, path, *, params=None, json=None, content=None, headers=None, parse=None,
              idempotency_key=None):
        response = self._send(method, path, params=params, json=json, content=content, headers=headers,
                              idempotency_key=idempotency_key)
        if parse is None or response.status_code == 204 or not response.content:
            return None
        return parse(response.json())

    def _pages(self, path, params, parse):
        params = dict(params)
        while True:
            body = self._send("GET", path, params=params).json()
            for row in body["data"]:
                yield parse(row)
            if not body.get("has_more") or not body.get("next_cursor"):
                return
            params["cursor"] = body["next_cursor"]

    @contextlib.contextmanager
    def _open(self, path, accept=None):
        response = self._send("GET", path, headers={"Accept": accept or "*/*"}, stream=True)
        try:
            yield ContentStream(response)
        finally:
            response.close()

    def _events(self, params, since, max_reconnects):
        state = StreamState(since)
        reconnects = 0
        params = dict(clean_params(params), subscribe="true")
        while True:
            try:
                response = self._send("GET", "/v1/events", params=params, headers=state.headers(), stream=True)
            except errors.ConnectionFailed:
                if max_reconnects is not None and reconnects >= max_reconnects:
                    raise
                reconnects += 1
                # A server that is down (restarting) is waited for with the
                # same backoff as a dropped stream, not asked again at once.
                time.sleep(self.settings.delay(min(reconnects, 5), None))
                continue
            parser = SSEParser()
            try:
                for line in response.iter_lines():
                    frame = parser.feed(line)
                    if frame is None:
                        continue
                    event = state.handle(frame)
                    if event is not None:
                        reconnects = 0
                        yield event
            except (httpx.TransportError, httpx.StreamError) as exc:
                logger.info("event stream dropped (%s); resuming after %s", exc, state.last_id)
            finally:
                response.close()
            if max_reconnects is not None and reconnects >= max_reconnects:
                raise errors.ConnectionFailed("the event stream kept dropping")
            reconnects += 1
            time.sleep(self.settings.delay(min(reconnects, 5), None))


class AsyncClient(_Base):
    """The asyncio client: the same namespaces; calls are awaited, lists and
    the event stream are async iterators."""

    def _make_http(self, transport):
        return httpx.AsyncClient(base_url=self.settings.base_url, timeout=self.settings.timeout, transport=transport)

    @classmethod
    def local(cls, socket=None, **options):
        transport = httpx.AsyncHTTPTransport(uds=_socket_path(socket))
        return cls(base_url="http://localhost", token=None, transport=transport, **options)

    async def aclose(self):
        await self._http.aclose()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.aclose()

    async def status(self):
        return await self._call("GET", "/v1/status", parse=model("Status"))

    async def _send(self, method, path, *, params=None, json=None, content=None, headers=None,
                    idempotency_key=None, stream=False):
        extra = dict(headers or {})
        if idempotency_key:
            extra["Idempotency-Key"] = idempotency_key
        hdrs = self.settings.request_headers(method, extra)
        params = clean_params(params)
        attempt = 0
        while True:
            try:
                request = self._http.build_request(method, path, params=params, json=json, content=content,
                                                   headers=hdrs)
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if attempt >= self.settings.max_retries:
                    raise errors.ConnectionFailed(f"{method} {path}: {exc}") from exc
                await asyncio.sleep(self.settings.delay(attempt, None))
                attempt += 1
                continue
            if response.status_code < 400:
                return response
            body = await response.aread()
            if attempt < self.settings.max_retries and should_retry(response.status_code, body):
                await response.aclose()
                await asyncio.sleep(self.settings.delay(attempt, errors.retry_after_seconds(response.headers)))
                attempt += 1
                continue
            await response.aclose()
            raise self._error_for(response, body)

    async def _call(self, method, path, *, params=None, json=None, content=None, headers=None, parse=None,
                    idempotency_key=None):
        response = await self._send(method, path, params=params, json=json, content=content, headers=headers,
                                    idempotency_key=idempotency_key)
        if parse is None or response.status_code == 204 or not response.content:
            return None
        return parse(response.json())

    async def _pages(self, path, params, parse):
        params = dict(params)
        while True:
            body = (await self._send("GET", path, params=params)).json()
            for row in body["data"]:
                yield parse(row)
            if not body.get("has_more") or not body.get("next_cursor"):
                return
            params["cursor"] = body["next_cursor"]

    @contextlib.asynccontextmanager
    async def _open(self, path, accept=None):
        response = await self._send("GET", path, headers={"Accept": accept or "*/*"}, stream=True)
        try:
            yield AsyncContentStream(response)
        finally:
            await response.aclose()

    async def _events(self, params, since, max_reconnects):
        state = StreamState(since)
        reconnects = 0
        params = dict(clean_params(params), subscribe="true")
        while True:
            try:
                response = await self._send("GET", "/v1/events", params=params, headers=state.headers(), stream=True)
            except errors.ConnectionFailed:
                if max_reconnects is not None and reconnects >= max_reconnects:
                    raise
                reconnects += 1
                await asyncio.sleep(self.settings.delay(min(reconnects, 5), None))
                continue
            parser = SSEParser()
            try:
                async for line in response.aiter_lines():
                    frame = parser.feed(line)
                    if frame is None:
                        continue
                    event = state.handle(frame)
                    if event is not None:
                        reconnects = 0
                        yield event
            except (httpx.TransportError, httpx.StreamError) as exc:
                logger.info("event stream dropped (%s); resuming after %s", exc, state.last_id)
            finally:
                await response.aclose()
            if max_reconnects is not None and reconnects >= max_reconnects:
                raise errors.ConnectionFailed("the event stream kept dropping")
            reconnects += 1
            await asyncio.sleep(self.settings.delay(min(reconnects, 5), None))
