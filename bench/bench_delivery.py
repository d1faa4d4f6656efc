"""Event delivery: daphne's CPU per delivered event, latency, and what idle
streams cost — two daphne processes side by side (e.g. two checkouts of the
code), on PostgreSQL and the Redis channel layer, in one run.

Streams sit in teams of ``--team-size`` (50, as in the peers load); each
event is recorded by this process in one team (round-robin), so it reaches
``--team-size`` streams of each server. Daphne's CPU (user + system, from
/proc) over the publishing phase divided by the frames its
streams received is the CPU per delivery; it includes the heartbeats and
re-reads of that phase, not the opening of the streams. Latency is the
kernel's receive time of the frame at the subscriber minus the event's
``created_at`` (set just before the commit).

Idle: the streams of one server at a time stay open ``--idle`` seconds
with no events; the CPU of that daphne, of the PostgreSQL backends it holds
and of the Redis server over the window, and the daphne's resident memory.

    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/bench_delivery.py \
        --code A=/path/to/checkout-a --code B=. --sizes 200,1000 --events 40 [--idle 60 --idle-size 5000]
"""

import argparse
import multiprocessing as mp
import os
import queue
import selectors
import socket
import statistics
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import PG, cmdline, create_database, setup_django

DB = "aura_bench_delivery"
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def percentile(samples, p):
    samples = sorted(samples)
    return samples[min(int(len(samples) * p), len(samples) - 1)] if samples else float("nan")


def _open_batch(port, tokens):
    socks = []
    for token in tokens:
        sock = socket.create_connection(("127.0.0.1", port), timeout=300)
        sock.sendall(
            f"GET /v1/events?subscribe=true HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        )
        socks.append(sock)
    for sock in socks:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                raise RuntimeError(f"stream closed during its head: {head!r}")
            head += chunk
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"stream refused: {head[:300]!r}")
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        sock.setblocking(False)
    return socks


def _kernel_time(ancdata):
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            sec, nsec = struct.unpack("qq", data[:16])
            return sec + nsec / 1e9
    return None


def _client(conns, cmd_q, out_q):
    """Holds streams: ("open", label, port, tokens) opens them; ("close", label)
    closes them; ("stop",) ends, sending back the arrivals [(label, seq, t)]."""
    os.nice(10)
    selector = selectors.DefaultSelector()
    by_label = {}
    arrivals = []
    writes = {}
    anc = socket.CMSG_SPACE(16)
    while True:
        try:
            cmd = cmd_q.get_nowait()
        except queue.Empty:
            cmd = None
        if cmd is not None:
            if cmd[0] == "open":
                _, label, port, tokens = cmd
                socks = []
                for i in range(0, len(tokens), 40):
                    socks += _open_batch(port, tokens[i:i + 40])
                for s in socks:
                    selector.register(s, selectors.EVENT_READ, label)
                by_label.setdefault(label, []).extend(socks)
                out_q.put(("opened", label, len(socks)))
            elif cmd[0] == "close":
                for s in by_label.pop(cmd[1], []):
                    selector.unregister(s)
                    s.close()
                out_q.put(("closed", cmd[1], 0))
            elif cmd[0] == "stop":
                break
        for key, _ in selector.select(0.05):
            try:
                chunk, ancdata, _flags, _addr = key.fileobj.recvmsg(262144, anc)
            except BlockingIOError:
                continue
            if not chunk:
                selector.unregister(key.fileobj)
                continue
            writes[key.data] = writes.get(key.data, 0) + 1
            now = _kernel_time(ancdata) or time.time()
            start = chunk.find(b"id: ")
            while start != -1:
                end = chunk.find(b"\n", start)
                arrivals.append((key.data, int(chunk[start + 4:end]), now))
                start = chunk.find(b"id: ", end)
    out_q.put(("arrivals", arrivals, writes))


class Clients:
    def __init__(self, processes=2):
        ctx = mp.get_context("fork")
        self.out_q = ctx.Queue()
        self.cmd_qs = [ctx.Queue() for _ in range(processes)]
        self.procs = [ctx.Process(target=_client, args=(None, q, self.out_q)) for q in self.cmd_qs]
        for p in self.procs:
            p.start()

    def _wait(self, kind, timeout=900):
        total = 0
        for _ in self.procs:
            msg = self.out_q.get(timeout=timeout)
            assert msg[0] == kind, msg
            total += msg[2]
        return total

    def open(self, label, port, tokens):
        k = len(self.procs)
        for i, q in enumerate(self.cmd_qs):
            q.put(("open", label, port, tokens[i::k]))
        return self._wait("opened")

    def close(self, label):
        for q in self.cmd_qs:
            q.put(("close", label))
        self._wait("closed")

    def stop(self):
        for q in self.cmd_qs:
            q.put(("stop",))
        arrivals, writes = [], {}
        for _ in self.procs:
            msg = self.out_q.get(timeout=120)
            arrivals += msg[1]
            for k, v in msg[2].items():
                writes[k] = writes.get(k, 0) + v
        for p in self.procs:
            p.join(10)
        return arrivals, writes


TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu(pid):
    """User + system CPU seconds of a process (0 once it is gone), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def rss(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except OSError:
        return 0


def pg_backends():
    """The PostgreSQL backends connected to the benchmark's database."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and cmdline(p).startswith("postgres:")
            and f" {DB} " in cmdline(p)]


def redis_server():
    for p in os.listdir("/proc"):
        if p.isdigit() and cmdline(p).split(" ", 1)[0].endswith("redis-server"):
            return int(p)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", action="append", required=True, help="LABEL=checkout directory (two of them)")
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.05)
    parser.add_argument("--team-size", type=int, default=50)
    parser.add_argument("--idle", type=float, default=0)
    parser.add_argument("--idle-size", type=int, default=5000)
    parser.add_argument("--heartbeat", default="15")
    args = parser.parse_args()
    codes = [c.split("=", 1) for c in args.code]
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"
    os.environ["REDIS_URL"] = redis_url
    create_database(DB, fresh=True)
    setup_django(DB)
    from django.core.management import call_command

    from accounts import provisioning
    from events import testing
    from events.log import record

    call_command("migrate", verbosity=0)
    sizes = [int(s) for s in args.sizes.split(",")]
    biggest = max(sizes + ([args.idle_size] if args.idle else []))
    n_teams = (biggest + args.team_size - 1) // args.team_size
    per_team = (args.team_size + 4) // 5  # tokens per team and server (5 streams each)
    teams, tokens = [], {label: [] for label, _ in codes}
    t0 = time.time()
    for t in range(n_teams):
        team = provisioning.create_team(f"d{t}", name=f"D{t}", strict_mode=False)
        teams.append(team)
        for m in range(per_team):
            member = provisioning.add_member(team, f"m{m}", role="admin")
            for label, _ in codes:
                tok = provisioning.create_token(member.user, [team], ["admin"])[1]
                tokens[label] += [tok] * 5  # five streams per token, in the team's order
    print(f"seeded {n_teams} teams, {sum(map(len, tokens.values())) // 5} tokens in {time.time() - t0:.0f}s", flush=True)

    env = testing.server_env(
        f"{PG}/{DB}", REDIS_URL=redis_url, AURA_DB_POOL_MAX="10", AURA_EVENT_HEARTBEAT_SECONDS=args.heartbeat,
        DJANGO_SETTINGS_MODULE="aura_site.settings",
    )
    servers = {}
    for label, path in codes:
        s = testing.Server(env)
        s.start_in = os.path.abspath(path)
        servers[label] = s
    # testing.Server runs from this checkout; point each at its own.
    import subprocess

    for label, s in servers.items():
        cmd = [sys.executable, "-m", "aura_site.serve", "-b", "127.0.0.1", "-p", str(s.port), "aura_site.asgi:application"]
        s.proc = subprocess.Popen(cmd, cwd=s.start_in, env={**env, "PYTHONPATH": s.start_in},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for s in servers.values():
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", s.port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
    procs = {label: s.proc.pid for label, s in servers.items()}
    print(f"PostgreSQL + channels-redis, {os.cpu_count()} cores; servers "
          + ", ".join(f"{label}={path}" for label, path in codes), flush=True)
    try:
        for n in sizes:
            clients = Clients()
            try:
                for label, s in servers.items():
                    t0, c0 = time.time(), cpu(procs[label])
                    opened = clients.open(label, s.port, tokens[label][:n])
                    print(f"  {label}: {opened} streams open in {time.time() - t0:.1f}s, "
                          f"daphne CPU {(cpu(procs[label]) - c0) / max(opened, 1) * 1000:.1f} ms per stream opened", flush=True)
                time.sleep(2)
                record(teams[0], "intent.logged", {"summary": "warm-up"})
                time.sleep(1)
                before = {label: cpu(p) for label, p in procs.items()}
                start = time.time()
                seqs = []
                for i in range(args.events):
                    seqs.append(record(teams[i % ((n + args.team_size - 1) // args.team_size)], "intent.logged",
                                       {"summary": f"bench {i}", "branch": "main"}).seq)
                    time.sleep(args.gap)
                time.sleep(2)
                after = {label: cpu(p) for label, p in procs.items()}
                elapsed = time.time() - start
            finally:
                arrivals, writes = clients.stop()
            from events.models import Event

            created = {s: c.timestamp() for s, c in Event.objects.filter(seq__in=seqs).values_list("seq", "created_at")}
            for label in servers:
                lat = [(t - created[s]) * 1000 for lb, s, t in arrivals if lb == label and s in created]
                got = len(lat)
                dt = after[label] - before[label]
                per = dt / got * 1e6 if got else float("nan")
                print(f"{label} {n:>5} streams: {got} deliveries ({len({s for lb, s, _ in arrivals if lb == label and s in created})}"
                      f"/{len(seqs)} events), daphne CPU {dt:.2f}s over {elapsed:.1f}s = {per:.0f} µs/delivery; "
                      f"{writes.get(label, 0)} reads by the clients; latency p50 {statistics.median(lat) if lat else float('nan'):.1f} ms p99 {percentile(lat, 0.99):.1f} ms",
                      flush=True)
        if args.idle:
            n = args.idle_size
            from django.db import connections

            redis = redis_server()
            for label, s in servers.items():
                clients = Clients()
                try:
                    t0 = time.time()
                    opened = clients.open(label, s.port, tokens[label][:n])
                    print(f"idle {label}: {opened} streams open in {time.time() - t0:.1f}s", flush=True)
                    time.sleep(3)
                    proc = procs[label]
                    connections.close_all()  # the benchmark's own backend leaves
                    time.sleep(1)
                    backends = {b: cpu(b) for b in pg_backends()}
                    c0 = cpu(proc)
                    r0 = cpu(redis) if redis else 0
                    w0 = time.time()
                    time.sleep(args.idle)
                    w = time.time() - w0
                    d = cpu(proc) - c0
                    now = {b: cpu(b) for b in pg_backends()}
                    b = sum(v - backends.get(k, 0) for k, v in now.items())
                    r = (cpu(redis) - r0) if redis else float("nan")
                    total_rss = rss(proc) + sum(rss(k) for k in now)
                    print(f"idle {label} {opened} streams, {w:.0f}s: daphne {d / w * 100:.2f}% of a core, "
                          f"its PostgreSQL backends {b / w * 100:.2f}%, redis-server {r / w * 100:.2f}% "
                          f"(whole server), total {(d + b + (r if redis else 0)) / w * 100:.2f}%; "
                          f"RSS daphne {rss(proc) / 2**20:.0f} MiB, daphne + {len(now)} backends {total_rss / 2**20:.0f} MiB",
                          flush=True)
                finally:
                    clients.stop()
                time.sleep(2)
    finally:
        for s in servers.values():
            s.stop()


if __name__ == "__main__":
    main()
