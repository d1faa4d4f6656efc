"""The capacity bench's pieces work through the production shape's one port:
bench/peers/provision.py makes a team of agents with one token each, and
bench/peers/peers.py, given only the nginx URL, holds their event streams and
sends the dogfood load (sped up) with no error and no lost event — with two
stream processes behind nginx's one upstream (deploy/shape.py --daphnes 2),
each of which must deliver every event to the streams it holds.

peers.py runs in its own venv (bench/peers/requirements.txt), which it makes
on its first run."""

import json
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from events import testing
from tests.conftest import ON_CI

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
from shape import Shape  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PEERS = 10


def test_provisioned_peers_through_nginx(live_db, tmp_path):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if ON_CI:
            pytest.fail("the production shape needs nginx (apt-get install nginx)")
        pytest.skip("needs nginx (apt-get install nginx)")
    env = testing.server_env(live_db, REDIS_URL=None, AURA_EVENT_REREAD_SECONDS="1")
    prefix = f"pt{uuid.uuid4().hex[:8]}"

    made = subprocess.run([sys.executable, str(ROOT / "bench/peers/provision.py"), "--teams", "1",
                           "--members", str(PEERS), "--prefix", prefix],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr[-2000:]
    tokens = made.stdout.split()
    assert len(tokens) == PEERS and len(set(tokens)) == PEERS
    (tmp_path / "tokens.txt").write_text("\n".join(tokens) + "\n")

    with Shape(tmp_path / "run", env=env, workers=1, sender=False, daphnes=2) as shape:
        upstream = re.search(r"upstream streams \{(.*?)\}", (shape.run_dir / "nginx.conf").read_text(), re.S)[1]
        assert re.findall(r"server 127\.0\.0\.1:(\d+);", upstream) == [
            str(shape.daphne_port), str(shape.extra_daphnes["daphne2"])]
        out = tmp_path / "out.json"
        # x60 the dogfood rates: 10 peers send about 8 pushes, 13 pulls and 10 status calls a second.
        run = subprocess.run(["python3", str(ROOT / "bench/peers/peers.py"), "--url", shape.url,
                              "--tokens", str(tmp_path / "tokens.txt"), "--peers", str(PEERS), "--duration", "5",
                              "--ramp", "1", "--rate-scale", "60", "--grace", "3", "--json", str(out), "--quiet"],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:] + shape.log("daphne") + shape.log("gunicorn")
        assert all(shape.procs[name].poll() is None for name in ("daphne", "daphne2"))
    report = json.loads(out.read_text())
    assert report["config"]["url"] == shape.url
    assert report["config"]["teams_seen"] == [f"{prefix}-0"]
    assert report["summary"]["errors"] == 0, run.stdout
    assert report["rate_limited"] == 0, run.stdout
    streams = report["streams"]
    assert streams["open_at_load_start"] == PEERS and streams["open_at_load_end"] == PEERS, run.stdout
    assert streams["not_event_stream"] == 0
    pushes = report["requests"]["push"]
    assert pushes["ok"] > 0 and pushes["ok"] == pushes["sent"], run.stdout
    assert report["requests"]["pull"]["ok"] > 0 and report["requests"]["status"]["ok"] > 0, run.stdout
    events = report["events"]
    # every push reaches every stream of the team that was open before it was sent, through nginx
    assert events["expected"] >= pushes["ok"] * (PEERS - 1), run.stdout
    assert events["missing"] == 0 and events["delivered"] == events["expected"], run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith(f"peers={PEERS} streams_ok={PEERS} ")
