#!/usr/bin/env bash
# Capacity of the production shape through its one nginx URL, from a fresh clone of this
# checkout's HEAD (uncommitted changes are not measured): a new venv with requirements.txt,
# then bench/peers/capacity.py (a fresh PostgreSQL database, a private Redis, the peers'
# teams, deploy/shape.py, peers.py; see bench/README.md, "Peers and capacity").
#
#   bench/capacity.sh                                    # PEERS=2000, DURATION=60
#   PEERS=5000 BIG=500 GENERATORS=2 bench/capacity.sh    # 90 teams of 50 + 1 of 500, two simulators
#
# env: PEERS (2000), BIG (0), GENERATORS (1), DURATION (60 s measured), RAMP (30 s), RATE_SCALE (1),
#      WORKERS (2 gunicorn workers), DAPHNES (1), JSON (write every figure there), KEEP=1 (keep the
#      temp dirs and database), REDIS_URL (use that Redis instead of a private one),
#      AURA_BENCH_PG (postgres://postgres@127.0.0.1:5432), FRESH=0 (measure this checkout in place
#      with $PYTHON, default .venv/bin/python, instead of a fresh clone).
# Exit 0 when the capacity targets hold, 1 when one is missed, 2 when it could not measure.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${FRESH:-1}" = 0 ]; then
  cd "$root" && exec "${PYTHON:-.venv/bin/python}" bench/peers/capacity.py "$@"
fi
work=$(mktemp -d /tmp/aura-capacity-clone.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
fail() { echo "capacity: could not measure: $*" >&2; exit 2; }
git clone -q "$root" "$work/p" || fail "git clone"
cd "$work/p" || fail "cd"
python3 -m venv .venv || fail "python3 -m venv"
.venv/bin/pip install -q -r requirements.txt >"$work/pip.log" 2>&1 || fail "pip install ($(tail -3 "$work/pip.log"))"
echo "capacity: measuring $(git log -1 --format='%h %s' | cut -c1-80)"
.venv/bin/python bench/peers/capacity.py "$@"
