"""The production shape on one machine, behind one origin:

    nginx :PORT ─┬─ /v1/events → daphne  (the event stream)
                 ├─ /mcp       → daphne  (the MCP endpoint, a process of its own)
                 ├─ /static/   → files   (collectstatic)
                 └─ everything → gunicorn (REST API, admin, dashboard)
    + the webhook sender (manage.py deliver_webhooks)

    python deploy/shape.py [--port 8080] [--workers 2] [--daphnes 1] [--run-dir var/shape]

``--daphnes N`` runs N daphne processes for /v1/events behind nginx (one
upstream, round robin); they share events over Redis (REDIS_URL), so more
than one needs it.

Runs in the foreground until interrupted (SIGINT/SIGTERM stop every
process). Reads the same environment as every process of the server
(DATABASE_URL, REDIS_URL, …); the database must be migrated. ``make prod``
runs it on the local PostgreSQL and Redis; the test suite and the benchmarks
start it the same way (``Shape`` below).
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(template: str, values: dict) -> str:
    """Fill ``${NAME}`` placeholders (upper-case names only: nginx's own
    ``$variables`` are left alone); an unknown placeholder is an error."""

    def sub(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for ${{{name}}} in {TEMPLATE.name}")
        return str(values[name])

    return re.sub(r"\$\{([A-Z_]+)\}", sub, template)


class Shape:
    """nginx + gunicorn + daphne (streams) + daphne (/mcp) + the webhook sender; ``start()``, ``stop()``."""

    def __init__(self, run_dir, port=None, workers=2, env=None, sender=True, access_log=False, daphnes=1):
        self.run_dir = Path(run_dir).resolve()
        self.port = port or free_port()
        self.gunicorn_port, self.daphne_port, self.mcp_port = free_port(), free_port(), free_port()
        self.workers = workers
        # Event-stream processes beyond the first: names daphne2, daphne3, … and their ports.
        self.extra_daphnes = {f"daphne{i}": free_port() for i in range(2, max(1, daphnes) + 1)}
        self.env = dict(os.environ if env is None else env)
        # nginx is the only peer the application trusts for X-Real-IP.
        self.env.setdefault("AURA_TRUSTED_PROXIES", "127.0.0.1")
        self.sender = sender
        self.access_log = access_log
        self.procs = {}

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def nginx_conf(self):
        return render(TEMPLATE.read_text(), {
            "USER_LINE": "user root;" if os.geteuid() == 0 else "",
            "RUN": self.run_dir,
            "ACCESS_LOG": f"{self.run_dir}/access.log" if self.access_log else "off",
            "MAX_BODY": "64m",
            "GUNICORN_PORT": self.gunicorn_port,
            "DAPHNE_PORT": self.daphne_port,
            "MORE_DAPHNES": "".join(f"\n        server 127.0.0.1:{port};" for port in self.extra_daphnes.values()),
            "MCP_PORT": self.mcp_port,
            "LISTEN": f"127.0.0.1:{self.port}",
            "STATIC_ROOT": self.static_root,
        })

    def _spawn(self, name, cmd):
        log = open(self.run_dir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def _wait_listening(self, name, port, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs[name]
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log(name)}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{name} did not listen on {port} within {timeout} s:\n{self.log(name)}")

    def log(self, name):
        path = self.run_dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def start(self):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.static_root = self.env.get("AURA_STATIC_ROOT") or str(self.run_dir / "static")
        self.env["AURA_STATIC_ROOT"] = self.static_root
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=self.env,
                       check=True)
        try:
            self._spawn("gunicorn", [str(BIN / "gunicorn"), "aura_site.wsgi:application", "-c",
                                     str(ROOT / "deploy" / "gunicorn.conf.py"), "--workers", str(self.workers),
                                     "--bind", f"127.0.0.1:{self.gunicorn_port}"])
            # daphne through our entry point: request bodies are limited as they arrive.
            self._spawn("daphne", [sys.executable, "-m", "aura_site.serve", "-b", "127.0.0.1",
                                   "-p", str(self.daphne_port), "aura_site.asgi:application"])
            for name, port in self.extra_daphnes.items():
                self._spawn(name, [sys.executable, "-m", "aura_site.serve", "-b", "127.0.0.1",
                                   "-p", str(port), "aura_site.asgi:application"])
            self._spawn("mcp", [sys.executable, "-m", "aura_site.serve", "-b", "127.0.0.1",
                                "-p", str(self.mcp_port), "aura_site.asgi:application"])
            if self.sender:
                self._spawn("sender", [sys.executable, "manage.py", "deliver_webhooks"])
            conf = self.run_dir / "nginx.conf"
            conf.write_text(self.nginx_conf())
            self._spawn("nginx", [NGINX, "-p", str(self.run_dir), "-c", str(conf), "-g", "daemon off;"])
            self._wait_listening("gunicorn", self.gunicorn_port)
            self._wait_listening("daphne", self.daphne_port)
            for name, port in self.extra_daphnes.items():
                self._wait_listening(name, port)
            self._wait_listening("mcp", self.mcp_port)
            self._wait_listening("nginx", self.port)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        for name in ("nginx", "sender", "mcp", *self.extra_daphnes, "daphne", "gunicorn"):
            proc = self.procs.pop(name, None)
            if proc is None or proc.poll() is not None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    parser = argparse.ArgumentParser(description="nginx + gunicorn + daphne + the webhook sender, one origin.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--daphnes", type=int, default=1, help="daphne processes for /v1/events (default 1)")
    parser.add_argument("--run-dir", default=str(ROOT / "var" / "shape"), help="configs, logs and pid files")
    parser.add_argument("--access-log", action="store_true", help="write nginx's access log to the run dir")
    args = parser.parse_args()
    shape = Shape(args.run_dir, port=args.port, workers=args.workers, access_log=args.access_log,
                  daphnes=args.daphnes)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    shape.start()
    print(f"Serving {shape.url} (nginx → gunicorn ×{args.workers} :{shape.gunicorn_port}, "
          f"daphne ×{1 + len(shape.extra_daphnes)} :{shape.daphne_port}); logs in {shape.run_dir}. Ctrl-C stops.", flush=True)
    try:
        while not stopping:
            for name, proc in shape.procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}:\n{shape.log(name)}", file=sys.stderr)
                    stopping.append(True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        shape.stop()


if __name__ == "__main__":
    main()
