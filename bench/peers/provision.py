"""Make the peers' teams: T teams of M agent members, one token each (scopes
read_intents, write_intents, read_events; a rate limit no peer reaches), and
print the tokens, one a line.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aura_peers \\
      .venv/bin/python bench/peers/provision.py --teams 90 --members 50 > tokens.txt
    ... --teams 1 --members 500 --prefix big >> tokens.txt     # one team of 500

Uses the provisioning API (accounts.provisioning) in one process, one
transaction per team: the CLI's start-up per call would take hours for 5,000
tokens. The database must be migrated. Team slugs are PREFIX-0, PREFIX-1, …
and must not exist yet.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from accounts import provisioning  # noqa: E402

SCOPES = ["read_intents", "write_intents", "read_events"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--teams", type=int, required=True)
    p.add_argument("--members", type=int, required=True, help="agents per team, one token each")
    p.add_argument("--prefix", default="peers", help="team slugs PREFIX-0 …, members PREFIX<t>-dev<m>")
    a = p.parse_args()
    started = time.monotonic()
    for t in range(a.teams):
        with transaction.atomic():
            team = provisioning.create_team(f"{a.prefix}-{t}", strict_mode=True)
            for m in range(a.members):
                member = provisioning.add_member(team, f"{a.prefix}{t}-dev{m}", kind="agent")
                _, raw = provisioning.create_token(member.user, [team], SCOPES, name="peers",
                                                   per_minute=100000, per_second=10000)
                print(raw)
        sys.stdout.flush()
        print(f"team {t + 1}/{a.teams}", file=sys.stderr)
    print(f"{a.teams * a.members} tokens in {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
