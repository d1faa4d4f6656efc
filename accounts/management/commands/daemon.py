"""``python manage.py daemon start|stop|status|token`` — local mode."""

import ipaddress
import os
import signal
import socket
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from accounts import local, scopes, tokens
from accounts.management.base import SubcommandCommand
from aura_site.api.ids import make_id

LOOPBACK_NAMES = {"localhost"}


def pid_file():
    return Path(settings.VAR_DIR) / "daemon.pid"


def read_pid():
    try:
        pid = int(pid_file().read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return pid


def parse_http(value):
    """"127.0.0.1:7420" / "localhost:7420" / "[::1]:7420" → (interface, port); loopback only."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--http {value!r}: expected HOST:PORT, e.g. 127.0.0.1:7420")
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return "127.0.0.1", int(port)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise CommandError(f"--http {value!r}: the host must be a loopback address") from None
    if not address.is_loopback:
        raise CommandError(
            f"--http {value!r}: refusing a non-loopback address; local mode serves this machine only"
        )
    return str(address), int(port)


def socket_is_live(path):
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(1)
    try:
        probe.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def prepare_socket(path):
    path = Path(path).absolute()
    if path.exists():
        if socket_is_live(path):
            raise CommandError(f"{path} is in use by a running daemon (python manage.py daemon stop)")
        path.unlink()  # stale: its daemon died
    if not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
        raise CommandError(f"cannot create a socket in {path.parent}: not a writable directory")
    return path


class Command(SubcommandCommand):
    help = "Run the API locally for one developer, on a Unix socket and optionally on loopback HTTP."

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        start = actions.add_parser("start", help="Serve the API (foreground unless --detach).")
        start.add_argument("--socket", default=str(Path(settings.VAR_DIR) / "daemon.sock"))
        start.add_argument("--http", help="Also serve on a loopback HOST:PORT, e.g. 127.0.0.1:7420.")
        start.add_argument("--cors", action="append", default=[], help="Allow this exact browser origin.")
        start.add_argument("--detach", action="store_true", help="Run in the background.")
        actions.add_parser("stop", help="Stop the running daemon.")
        actions.add_parser("status", help="Is a daemon running?")
        token = actions.add_parser("token", help="Print a short-lived token for loopback HTTP.")
        token.add_argument("--ttl", default="12h", help="Lifetime: 12h, 30m, 1d …")

    def do_start(self, socket=None, http=None, cors=(), detach=False, **_):
        if read_pid() is not None:
            raise CommandError(f"a daemon is already running (pid {read_pid()})")
        interface = port = None
        if http:
            interface, port = parse_http(http)
        sock = prepare_socket(socket)
        for origin in cors:
            if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
                raise CommandError(f"--cors {origin!r}: expected an exact origin like http://localhost:3000")
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        local.ensure_owner()

        env = dict(os.environ)
        env.update(
            AURA_MODE="local",
            AURA_LOCAL_SOCKET=str(sock),
            AURA_LOCAL_REPO_DIR=os.getcwd(),
            AURA_LOCAL_SESSION=make_id("ses"),
            AURA_CORS_ORIGINS=",".join(cors),
            AURA_ALLOWED_HOSTS="localhost,127.0.0.1,[::1]",
            AURA_VAR_DIR=str(settings.VAR_DIR),
            PYTHONPATH=os.pathsep.join(filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])),
        )
        # daphne with the request body limits (aura_site/serve.py), daphne's flags.
        args = [sys.executable, "-m", "aura_site.serve", "-e", f"unix:{sock}:mode=600"]
        if port is not None:
            iface = interface.replace(":", "\\:")
            args += ["-e", f"tcp:port={port}:interface={iface}"]
        args += ["aura_site.asgi:application"]
        os.umask(0o177)
        if detach:
            import subprocess

            log = open(Path(settings.VAR_DIR) / "daemon.log", "ab")
            proc = subprocess.Popen(
                args, env=env, stdout=log, stderr=log, start_new_session=True, cwd=settings.BASE_DIR
            )
            pid_file().write_text(f"{proc.pid}\n")
            for _ in range(100):
                if sock.exists():
                    break
                if proc.poll() is not None:
                    pid_file().unlink(missing_ok=True)
                    raise CommandError(f"the daemon exited at start (see {log.name})")
                time.sleep(0.1)
            self.stdout.write(f"daemon started (pid {proc.pid}) on {sock}" + (f" and http://{http}" if http else ""))
            return
        pid_file().write_text(f"{os.getpid()}\n")
        self.stdout.write(f"serving on {sock}" + (f" and http://{http}" if http else ""))
        self.stdout.flush()
        os.chdir(settings.BASE_DIR)
        os.execve(sys.executable, args, env)

    def do_stop(self, **_):
        pid = read_pid()
        if pid is None:
            pid_file().unlink(missing_ok=True)
            raise CommandError("no daemon is running")
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if read_pid() is None:
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
        pid_file().unlink(missing_ok=True)
        self.stdout.write(f"daemon stopped (pid {pid})")

    def do_status(self, **_):
        pid = read_pid()
        if pid is None:
            raise CommandError("no daemon is running")
        self.stdout.write(f"running (pid {pid})")

    def do_token(self, ttl="12h", **_):
        span = tokens.parse_span(ttl)
        team, member = local.ensure_owner()
        from accounts import provisioning

        token, raw = provisioning.create_token(
            member.user, [team], list(scopes.ALL_SCOPES), name="daemon token", expires_in=span
        )
        self.stdout.write(token.id)
        self.stdout.write(raw)
