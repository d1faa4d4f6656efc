"""End-to-end test support: real servers on free ports, an SSE client, and a
SQLite file database the test process shares with the servers it starts.

Used by tests/events/test_stream.py, tests/events/test_webhooks.py and bench/."""

import contextlib
import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url, **overrides):
    """The environment of a child process that shares this process's database,
    secrets and token pepper."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        AURA_SECRET_KEY=settings.SECRET_KEY,
        AURA_TOKEN_PEPPER=settings.AURA_TOKEN_PEPPER,
        AURA_RATE_LIMIT_PER_MINUTE="100000",
        AURA_RATE_LIMIT_PER_SECOND="100000",
        PYTHONUNBUFFERED="1",
    )
    env.pop("AURA_TEST_DB_NAME", None)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def database_url():
    """A URL for the database this process is connected to right now."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Server:
    """A daphne (ASGI, through aura_site.serve) or gunicorn (WSGI) process on a free port; always stop it."""

    def __init__(self, env, kind="daphne", port=None, log_path=None, workers=2):
        self.port = port or free_port()
        self.kind = kind
        self.workers = workers
        self.env = env
        self.log_path = log_path
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=20):
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("already running")
        if self.kind == "daphne":
            cmd = [sys.executable, "-m", "aura_site.serve", "-b", "127.0.0.1", "-p", str(self.port),
                   "aura_site.asgi:application"]
        else:
            cmd = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "--log-level", "warning",
                   "--timeout", "60", "aura_site.wsgi:application"]
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.kind} did not listen on {self.port} within {timeout}s")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)

    def __enter__(self):
        return self if self.proc is not None else self.start()

    def __exit__(self, *exc):
        self.stop()


class SSEClient:
    """Opens GET /v1/events?subscribe=true and parses frames on a thread.

    ``status``, ``headers`` and (for refusals) ``json`` as answered; frames are
    dicts with ``id``/``event``/``data``/``retry``/``comment``; ``None`` on a
    closed stream."""

    def __init__(self, port, token=None, params=None, headers=None, timeout=15, path="/v1/events", conn=None):
        """``conn``: an HTTPConnection of the caller's (e.g. over a Unix socket) instead of one to ``port``."""
        self.frames = queue.Queue()
        self.conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        query = {"subscribe": "true", **(params or {})}
        self.conn.request("GET", f"{path}?{urlencode(query)}", headers=hdrs)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.headers = {k.lower(): v for k, v in self.response.getheaders()}
        self.json = None
        if self.status != 200 or not self.headers.get("content-type", "").startswith("text/event-stream"):
            self.json = json.loads(self.response.read() or b"null")
            self.conn.close()
            return
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        frame = {}
        try:
            while True:
                line = self.response.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line == "":
                    if frame:
                        if "data" in frame and frame.get("event") not in (None, "message"):
                            frame["json"] = json.loads(frame["data"])
                        frame["at"] = time.time()
                        self.frames.put(frame)
                    frame = {}
                elif line.startswith(":"):
                    self.frames.put({"comment": line[1:].strip(), "at": time.time()})
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    frame[name] = frame[name] + "\n" + value if name == "data" and name in frame else value
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass
        self.frames.put(None)

    def next(self, timeout=5.0, skip_comments=True):
        """The next frame (comments and retry hints skipped unless asked)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no frame in time")
            frame = self.frames.get(timeout=remaining)
            if frame is None:
                self.frames.put(None)
                return None
            if skip_comments and ("comment" in frame or set(frame) <= {"retry", "at"}):
                continue
            return frame

    def events(self, n, timeout=5.0):
        out = []
        deadline = time.monotonic() + timeout
        while len(out) < n:
            frame = self.next(max(deadline - time.monotonic(), 0.001))
            if frame is None:
                raise EOFError(f"stream ended after {len(out)} of {n} events")
            out.append(frame)
        return out

    def quiet(self, seconds):
        """Frames (not comments) that arrive within ``seconds``; [] is what a filter test wants."""
        got = []
        with contextlib.suppress(TimeoutError, queue.Empty):
            while True:
                frame = self.next(seconds)
                if frame is None:
                    break
                got.append(frame)
        return got

    def close(self):
        with contextlib.suppress(OSError):
            if self.response is not None and self.response.fp is not None:
                sock = self.response.fp.raw._sock if hasattr(self.response.fp, "raw") else None
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.conn.close()


@contextlib.contextmanager
def shared_database(directory):
    """A URL of this process's test database that a server process can open:
    the PostgreSQL test database as it is, or (SQLite, whose test database
    lives in memory) a migrated file in ``directory``."""
    from django.db import connection

    if connection.vendor == "postgresql":
        yield database_url()
    else:
        with sqlite_file_database(Path(directory) / "aura.sqlite3") as url:
            yield url


@contextlib.contextmanager
def sqlite_file_database(path):
    """Point this process's default connection at a migrated SQLite file, so a
    server process can share it; put the previous database back afterwards.

    (The test database of an SQLite run lives in memory, where no other
    process can reach it.)"""
    from django.core.management import call_command
    from django.db import connections

    conn = connections["default"]
    saved_name, saved_connection = conn.settings_dict["NAME"], conn.connection
    conn.connection = None  # keep the in-memory database alive, untouched
    conn.settings_dict["NAME"] = str(path)
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield f"sqlite:///{path}"
    finally:
        if conn.connection is not None:
            conn.connection.close()
        conn.connection = saved_connection
        conn.settings_dict["NAME"] = saved_name
