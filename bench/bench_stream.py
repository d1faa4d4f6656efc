"""SSE fan-out latency, from the commit to each subscriber, on PostgreSQL.

Scenario "one": one daphne process holds N subscribers; this process commits
``intent.logged`` events (record(), woken over Redis).
Scenario "split": writes are POST /v1/intents through gunicorn (2 workers);
two daphne processes share the N subscribers and are woken over Redis.

Latency = when a subscriber read the frame − the event row's created_at (set
inside the writer's transaction, just before its commit: the figures are
upper bounds). The subscribers are non-blocking sockets in two client
processes (niced) that share the 2 cores with the servers; a frame's arrival
is the kernel's receive timestamp (SO_TIMESTAMPNS), not when the client got
round to reading it.

    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/bench_stream.py \
        [--sizes 10,100,500,1000] [--events 30] [--scenario one,split]
"""

import argparse
import os
import queue
import selectors
import socket
import struct
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import create_database, setup_django  # noqa: E402

DB = "aura_bench_events"


def percentile(samples, p):
    samples = sorted(samples)
    return samples[min(int(len(samples) * p), len(samples) - 1)]


SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def _open_stream(port, token):
    """A blocking connect and the response head, then the socket made
    non-blocking with kernel receive timestamps (SO_TIMESTAMPNS) switched on."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.sendall(
        f"GET /v1/events?subscribe=true HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError(f"stream closed during its head: {head!r}")
        head += chunk
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(f"stream refused: {head[:500]!r}")
    sock.setblocking(False)
    return sock


def _kernel_time(ancdata):
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            sec, nsec = struct.unpack("qq", data[:16])
            return sec + nsec / 1e9
    return None


def _hold(conns, arrivals, ready_q, stop_q):
    """Hold the streams; record (seq, arrival) per frame. The arrival is the
    kernel's receive time of the segment that carried the frame's id, so the
    figure is when the frame reached the subscriber's socket, however long
    this process (sharing the cores) takes to get round to reading it."""
    selector = selectors.DefaultSelector()
    for i, (port, token) in enumerate(conns):
        selector.register(_open_stream(port, token), selectors.EVENT_READ)
        if i % 50 == 49:
            time.sleep(0.05)
    ready_q.put(len(conns))
    anc = socket.CMSG_SPACE(16)
    while True:
        try:
            stop_q.get_nowait()
            break
        except queue.Empty:
            pass
        for key, _ in selector.select(0.2):
            try:
                chunk, ancdata, _flags, _addr = key.fileobj.recvmsg(65536, anc)
            except BlockingIOError:
                continue
            if not chunk:
                selector.unregister(key.fileobj)
                continue
            now = _kernel_time(ancdata) or time.time()
            start = chunk.find(b"id: ")
            while start != -1:
                end = chunk.find(b"\n", start)
                arrivals.append((int(chunk[start + 4:end]), now))
                start = chunk.find(b"id: ", end)
    for key in list(selector.get_map().values()):
        key.fileobj.close()


def _subscriber_process(conns, ready_q, stop_q, out_q):
    os.nice(10)  # the servers come first on the shared cores; arrivals are kernel times anyway
    arrivals = []
    _hold(conns, arrivals, ready_q, stop_q)
    out_q.put(arrivals)


def run_size(ports, tokens, n, write, events, gap, processes=2):
    """N subscribers spread over ``processes`` client processes (each its own
    GIL), then ``events`` writes from this process; returns (arrivals, seqs)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    ready_q, out_q = ctx.Queue(), ctx.Queue()
    stop_qs = [ctx.Queue() for _ in range(processes)]
    conns = [(ports[i % len(ports)], tokens[i // 5]) for i in range(n)]
    procs = [ctx.Process(target=_subscriber_process, args=(conns[k::processes], ready_q, stop_qs[k], out_q))
             for k in range(processes)]
    for p in procs:
        p.start()
    try:
        assert sum(ready_q.get(timeout=180) for _ in procs) == n
        time.sleep(1.5)  # every hub has read once
        write()  # warm-up (the writer's first publish opens its Redis connection): not measured
        time.sleep(0.5)
        seqs = []
        for _ in range(events):
            seqs.append(write())
            time.sleep(gap)
        time.sleep(1.0)
        for q in stop_qs:
            q.put(None)
        arrivals = []
        for _ in procs:
            arrivals += out_q.get(timeout=60)
    finally:
        for p in procs:
            p.join(10)
            if p.is_alive():
                p.kill()
    return arrivals, seqs


def created_times(seqs):
    from events.models import Event

    return {s: c.timestamp() for s, c in Event.objects.filter(seq__in=seqs).values_list("seq", "created_at")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,500,1000")
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.1)
    parser.add_argument("--scenario", default="one,split")
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    os.environ["REDIS_URL"] = redis_url
    create_database(DB, fresh=True)
    setup_django(DB)
    from django.core.management import call_command

    from accounts import provisioning
    from events import testing
    from events.log import record

    call_command("migrate", verbosity=0)
    team = provisioning.create_team("bench", name="Bench", strict_mode=False)
    member = provisioning.add_member(team, "bencher", role="admin")
    sizes = [int(s) for s in args.sizes.split(",")]
    # Every size of every scenario gets tokens of its own (5 streams per token).
    per_run = [(n + 4) // 5 for n in sizes] * len(args.scenario.split(","))
    pool = [provisioning.create_token(member.user, [team], ["admin"])[1] for _ in range(sum(per_run) + 1)]
    writer_token = pool.pop()
    env = testing.server_env(testing.database_url(), REDIS_URL=redis_url, AURA_DB_POOL_MAX="10")
    print(f"PostgreSQL, channels-redis, {os.cpu_count()} cores; {args.events} events per size, {args.gap}s apart")

    def direct_write():
        return record(team, "intent.logged", {"summary": "bench"}).seq

    for scenario in args.scenario.split(","):
        servers = [testing.Server(env)] if scenario == "one" else [testing.Server(env), testing.Server(env)]
        gunicorn = testing.Server(env, kind="gunicorn") if scenario == "split" else None
        try:
            for s in servers + ([gunicorn] if gunicorn else []):
                s.start()
            if gunicorn:
                import http.client
                import json

                conn = http.client.HTTPConnection("127.0.0.1", gunicorn.port, timeout=10)

                def write():
                    conn.request("POST", "/v1/intents", body=json.dumps({"summary": "bench write"}),
                                 headers={"Authorization": f"Bearer {writer_token}", "Content-Type": "application/json"})
                    r = conn.getresponse()
                    r.read()
                    if r.status != 201:
                        raise RuntimeError(r.status)
                    from events.models import Event

                    return Event.objects.order_by("-seq").values_list("seq", flat=True).first()
            else:
                write = direct_write
            label = "1 daphne, writes in-process" if scenario == "one" else "gunicorn writes, 2 daphne"
            for n in sizes:
                tokens, pool = pool[: (n + 4) // 5], pool[(n + 4) // 5:]
                arrivals, seqs = run_size([s.port for s in servers], tokens, n, write, args.events, args.gap)
                created = created_times(seqs)
                lat = [(t - created[s]) * 1000 for s, t in arrivals if s in created]
                got = len(lat)
                print(f"{label:<28} {n:>5} subscribers: p50 {statistics.median(lat):6.1f} ms  "
                      f"p99 {percentile(lat, 0.99):6.1f} ms  max {max(lat):6.1f} ms  "
                      f"({got}/{n * args.events} frames)", flush=True)
        finally:
            for s in servers + ([gunicorn] if gunicorn else []):
                s.stop()


if __name__ == "__main__":
    main()
