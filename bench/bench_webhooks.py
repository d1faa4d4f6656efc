"""Webhook delivery latency to a local receiver, on PostgreSQL.

``python manage.py deliver_webhooks`` runs as its own process, woken over
Redis by each commit; this process commits ``intent.logged`` events one at a
time and a receiver thread here notes when each signed body arrives.
Latency = arrival − the event row's created_at (just before the commit).

    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/bench_webhooks.py [--events 200] [--gap 0.05]
"""

import argparse
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import create_database, setup_django  # noqa: E402

DB = "aura_bench_webhooks"
SECRET = "bench-secret-bench-secret"


def receiver(arrivals):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            now = time.time()
            good = hmac.compare_digest(
                self.headers["X-Aura-Signature"], "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            )
            arrivals.append((json.loads(body)["seq"], now, good))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.05)
    args = parser.parse_args()
    redis_url = os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    create_database(DB, fresh=True)
    setup_django(DB)
    from django.core.management import call_command

    from accounts import provisioning
    from events import testing
    from events.log import record
    from events.models import Event, Webhook

    call_command("migrate", verbosity=0)
    team = provisioning.create_team("bench", name="Bench", strict_mode=False)
    arrivals = []
    rx = receiver(arrivals)
    Webhook.objects.create(team=team, url=f"http://127.0.0.1:{rx.server_address[1]}/hook", secret=SECRET, topics=["*"])
    env = testing.server_env(testing.database_url(), REDIS_URL=redis_url, AURA_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
                             DJANGO_SETTINGS_MODULE="aura_site.settings")
    sender = subprocess.Popen([sys.executable, "manage.py", "deliver_webhooks"], cwd=testing.ROOT, env=env)
    try:
        time.sleep(3)  # the sender is up and listening
        seqs = []
        for i in range(args.events):
            seqs.append(record(team, "intent.logged", {"summary": f"bench {i}"}).seq)
            time.sleep(args.gap)
        deadline = time.monotonic() + 15
        while len(arrivals) < len(seqs) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sender.terminate()
        sender.wait(20)
        rx.shutdown()
    created = {s: c.timestamp() for s, c in Event.objects.filter(seq__in=seqs).values_list("seq", "created_at")}
    lat = sorted((t - created[s]) * 1000 for s, t, _ in arrivals)
    print(f"webhook delivery, 1 sender (--concurrency 4), Redis wake-up: {len(arrivals)}/{len(seqs)} delivered, "
          f"all signatures valid: {all(g for *_, g in arrivals)}")
    print(f"  p50 {statistics.median(lat):.1f} ms  p90 {lat[int(len(lat) * 0.9)]:.1f} ms  "
          f"p99 {lat[min(int(len(lat) * 0.99), len(lat) - 1)]:.1f} ms  max {lat[-1]:.1f} ms")


if __name__ == "__main__":
    main()
