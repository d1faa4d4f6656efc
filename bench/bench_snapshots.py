"""Snapshot transfer: a raw-body upload and its download, against curl moving
the same bytes to and from a static file server over loopback; and the
server's peak memory as the file grows (streamed, so it should not grow).

Starts, with a scratch blob store and a fresh PostgreSQL database
(``aura_bench_snapshots``; ``--db sqlite`` for a scratch SQLite file, the
embedded default):
  - the mothership under gunicorn (one sync worker, the production shape for
    the REST API) or daphne (--server daphne, the embedded default);
  - a static file server (Python's http.server: GET serves files, PUT writes
    the body to a file in 256 KiB chunks).
Every transfer is made by curl (a fresh process each time), with distinct
random content per run so that no upload is deduplicated; ours and the
reference alternate, so both see the same machine load. For each size the
uploads and then the downloads each run on a freshly started, warmed-up
mothership whose peak RSS (VmHWM) is read before and after: streaming means
the growth does not depend on the size.

    .venv/bin/python bench/bench_snapshots.py [--server gunicorn|daphne] [--db pg|sqlite] [--sizes 1,4,10] [--runs 7]
"""

import argparse
import hashlib
import http.server
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
MIB = 1024 * 1024
CHUNK = 256 * 1024
DB = "aura_bench_snapshots"


# --- the static file server (run as a child process) --------------------------------


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    def do_PUT(self):
        length = int(self.headers["Content-Length"])
        target = Path(self.directory) / "uploads" / Path(self.path).name
        with open(target, "wb") as out:
            while length:
                chunk = self.rfile.read(min(CHUNK, length))
                if not chunk:
                    break
                out.write(chunk)
                length -= len(chunk)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve_static(directory, port):
    (Path(directory) / "uploads").mkdir(exist_ok=True)
    handler = lambda *a, **kw: StaticHandler(*a, directory=directory, **kw)  # noqa: E731
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()


# --- helpers ----------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    out = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return out.stdout


def wait_http(url, headers=None, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2):
                return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def get_json(server, token, path):
    out = subprocess.run(["curl", "-sS", "-H", f"Authorization: Bearer {token}", server.url + path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def curl(*args):
    out = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-H", "Expect:", *args],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    return int(out[0]), float(out[1])


class Mothership:
    def __init__(self, kind, env, workdir):
        self.kind, self.env, self.port = kind, env, free_port()
        self.log = open(Path(workdir) / f"{kind}.log", "ab")
        if kind == "gunicorn":
            cmd = [str(ROOT / ".venv/bin/gunicorn"), "aura_site.wsgi:application", "-w", "1",
                   "-b", f"127.0.0.1:{self.port}", "--timeout", "120"]
        else:
            cmd = [PY, "-m", "aura_site.serve", "-b", "127.0.0.1", "-p", str(self.port), "aura_site.asgi:application"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self, token):
        wait_http(self.url + "/v1/status", {"Authorization": f"Bearer {token}"})

    @property
    def worker_pid(self):
        if self.kind == "gunicorn":
            for _ in range(50):
                kids = children(self.proc.pid)
                if kids:
                    return kids[0]
                time.sleep(0.1)
            raise RuntimeError("no gunicorn worker")
        return self.proc.pid

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# --- the benchmark ------------------------------------------------------------------------


def database_url(kind, work):
    if kind == "sqlite":
        return f"sqlite:///{work / 'var' / 'aura.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    from bench.common import PG, create_database

    create_database(DB, fresh=True)
    return f"{PG}/{DB}"



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["gunicorn", "daphne"], default="gunicorn")
    parser.add_argument("--db", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--sizes", default="1,4,10", help="MiB, comma-separated (10 is the default limit)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--static-server", nargs=2, metavar=("DIR", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    if args.static_server:
        serve_static(args.static_server[0], int(args.static_server[1]))
        return

    sizes = [int(float(s) * MIB) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="aura-bench-snapshots-"))
    limit = max(max(sizes), 10 * MIB)
    env = {
        **os.environ,
        "AURA_VAR_DIR": str(work / "var"),
        "DATABASE_URL": database_url(args.db, work),
        "AURA_RATE_LIMIT_PER_MINUTE": "100000000",
        "AURA_RATE_LIMIT_PER_SECOND": "100000000",
        "AURA_SNAPSHOT_MAX_BYTES": str(limit),
        "AURA_MAX_BODY_BYTES": str(max(limit + MIB, 16 * MIB)),
        "DJANGO_SETTINGS_MODULE": "aura_site.settings",
    }
    static_dir = work / "static"
    static_dir.mkdir()
    files_dir = work / "files"
    files_dir.mkdir()
    static = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "team", "create", "bench", "--no-strict")
        manage(env, "team", "add-member", "bench", "benchbot", "--kind", "agent")
        token = manage(env, "token", "create", "--team", "bench", "--member", "benchbot",
                       "--scope", "read_snapshots,write_snapshots").strip().splitlines()[-1]
        auth = ["-H", f"Authorization: Bearer {token}"]
        static_port = free_port()
        static = subprocess.Popen([PY, __file__, "--static-server", str(static_dir), str(static_port)])
        wait_http(f"http://127.0.0.1:{static_port}/")
        static_url = f"http://127.0.0.1:{static_port}"

        print(f"server: {args.server} (1 process), database: {args.db}, curl {subprocess.run(['curl', '--version'], capture_output=True, text=True).stdout.split()[1]}, "
              f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
              f"median of {args.runs} runs\n")
        rows = []
        for size in sizes:
            paths = []
            for i in range(args.runs):
                path = files_dir / f"{int(size)}-{i}.bin"
                path.write_bytes(os.urandom(size))
                paths.append(path)
                shutil.copy(path, static_dir / path.name)

            def fresh_server():
                server = Mothership(args.server, env, work)
                server.wait(token)
                warm = files_dir / "warm.bin"
                warm.write_bytes(os.urandom(64 * 1024))
                for _ in range(3):  # load every module of both paths before measuring
                    code, _ = curl("-X", "POST", "-T", str(warm), "-H", "Content-Type: application/octet-stream",
                                   *auth, f"{server.url}/v1/snapshots?path=warm.bin")
                    assert code == 201, code
                snap = get_json(server, token, "/v1/snapshots?file=warm.bin&limit=1")["data"][0]
                curl(*auth, f"{server.url}/v1/snapshots/{snap['id']}/content")
                return server, server.worker_pid

            # Uploads, on a fresh server: its peak RSS before and after.
            server, pid = fresh_server()
            try:
                up_before = status_kib(pid, "VmHWM")
                up, up_ref = [], []
                for path in paths:
                    code, t = curl("-X", "POST", "-T", str(path), "-H", "Content-Type: application/octet-stream",
                                   *auth, f"{server.url}/v1/snapshots?path=bench/{path.name}")
                    assert code == 201, (code, path)
                    up.append(t)
                    code, t = curl("-X", "PUT", "-T", str(path), f"{static_url}/{path.name}")
                    assert code == 201, code
                    up_ref.append(t)
                up_after = status_kib(pid, "VmHWM")
                listing = get_json(server, token, f"/v1/snapshots?file=bench/{int(size)}-*.bin&limit=500")["data"]
            finally:
                server.stop()
            by_path = {s["path"]: s for s in listing}
            for path in paths:
                assert by_path[f"bench/{path.name}"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()

            # Downloads, on another fresh server.
            server, pid = fresh_server()
            try:
                down_before = status_kib(pid, "VmHWM")
                down, down_ref = [], []
                for path in paths:
                    code, t = curl(*auth, f"{server.url}/v1/snapshots/{by_path['bench/' + path.name]['id']}/content")
                    assert code == 200, code
                    down.append(t)
                    code, t = curl(f"{static_url}/{path.name}")
                    assert code == 200, code
                    down_ref.append(t)
                down_after = status_kib(pid, "VmHWM")
                check = work / "check.bin"  # one download checked byte for byte
                subprocess.run(["curl", "-sS", "-o", str(check), "-H", f"Authorization: Bearer {token}",
                                f"{server.url}/v1/snapshots/{by_path['bench/' + paths[0].name]['id']}/content"],
                               check=True)
                assert check.read_bytes() == paths[0].read_bytes()
            finally:
                server.stop()
            for path in paths:
                path.unlink()
                (static_dir / path.name).unlink()
            for leftover in (static_dir / "uploads").iterdir():
                leftover.unlink()
            rows.append({
                "size": size / MIB,
                "up": statistics.median(up) * 1000, "up_ref": statistics.median(up_ref) * 1000,
                "down": statistics.median(down) * 1000, "down_ref": statistics.median(down_ref) * 1000,
                "up_mem": (up_after - up_before) / 1024, "down_mem": (down_after - down_before) / 1024,
                "base_mem": up_before / 1024,
            })

        print(f"(load average at the end: {os.getloadavg()[0]:.1f})\n")
        print("| size | upload | curl → static | ratio | download | static → curl | ratio | peak RSS growth: upload / download |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(
                f"| {r['size']:g} MiB | {r['up']:.1f} ms | {r['up_ref']:.1f} ms | {r['up'] / r['up_ref']:.2f}× | "
                f"{r['down']:.1f} ms | {r['down_ref']:.1f} ms | {r['down'] / r['down_ref']:.2f}× | "
                f"+{r['up_mem']:.1f} MiB / +{r['down_mem']:.1f} MiB (of {r['base_mem']:.0f} MiB) |"
            )
    finally:
        if static is not None:
            static.terminate()
            static.wait()
        if args.keep:
            print(f"\nscratch directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
