"""A small, believable history for the demo team (``manage.py demo``).

Four weeks in the life of a team working on one repo, ``acme/shop``: three
people and two agents logging intents on four branches; a signature change
and a deletion on one branch that break callers on others (so impacts are
raised, and the sentinel says so); Prove runs that pass on one branch and
fail on another; two zone claims; a few messages on the team channel.

Everything is written through the same domain functions the API calls, so
the events, impacts and sentinel messages are the real ones. The history is
written once, when the demo team is created (or reset): ``make run`` can run
again without touching it (only expired zone claims are renewed).
"""

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts import provisioning
from accounts.models import Member

REPO = "acme/shop"

MEMBERS = [
    # name, kind, role, display name
    ("jamie", "human", "member", "Jamie Rivera"),
    ("priya", "human", "member", "Priya Nair"),
    ("lee", "human", "read-only", "Lee Park"),
    ("claude-agent", "agent", "member", "Coding agent"),
    ("ci-bot", "agent", "member", "CI"),
]


def fn(name, path, calls=(), change="added", kind="function", signature=None, before=None):
    node = {"path": path, "kind": kind, "name": name, "change": change, "after": {"calls": list(calls)}}
    if signature:
        node["after"]["signature"] = signature
    node["after"]["hash"] = hashlib.sha256(f"{name}|{change}|{signature}".encode()).hexdigest()[:12]
    if before:
        node["before"] = before
    return node


# The code base as it stands on main four weeks ago.
BASELINE = [
    fn("billing::charge", "src/billing/charge.rs", ["payments::authorize", "billing::invoice"],
       signature="fn charge(order: &Order) -> Result<Receipt>"),
    fn("billing::invoice", "src/billing/invoice.rs", ["cart::total"], signature="fn invoice(order: &Order) -> Invoice"),
    fn("payments::authorize", "src/payments/authorize.rs", signature="fn authorize(amount: Money) -> Result<AuthId>"),
    fn("cart::total", "src/cart/total.rs", signature="fn total(cart: &Cart) -> Money"),
    fn("cart::checkout", "src/cart/checkout.rs", ["cart::total", "billing::charge"],
       signature="fn checkout(cart: Cart) -> Result<Order>"),
    fn("auth::Session::refresh", "src/auth/session.rs", kind="method",
       signature="fn refresh(&mut self) -> Result<()>"),
    fn("auth::login", "src/auth/login.rs", ["auth::Session::refresh"], signature="fn login(creds: Creds) -> Result<Session>"),
]

# (days ago, author, branch, summary, nodes) — the intents that shape the graph.
STORY = [
    (28, "ashiq", "main", "Import the shop's billing, cart and auth modules [SHOP-1]", BASELINE),
    (12, "jamie", "feat/checkout-v2", "Add one-page checkout calling billing::charge [SHOP-212]",
     [fn("checkout::pay", "src/checkout/pay.rs", ["billing::charge", "cart::total"],
         signature="fn pay(cart: Cart, card: Card) -> Result<Receipt>")]),
    (9, "claude-agent", "feat/session-refresh", "Keep sessions alive with a refresh timer [SHOP-230]",
     [fn("auth::Session::keepalive", "src/auth/session.rs", ["auth::Session::refresh"], kind="method")]),
    (3, "priya", "fix/invoice-rounding", "Charge in the order's currency, round per line [SHOP-241]",
     [fn("billing::charge", "src/billing/charge.rs", ["payments::authorize", "billing::invoice"],
         change="signature_changed", signature="fn charge(order: &Order, currency: Currency) -> Result<Receipt>"),
      fn("billing::invoice", "src/billing/invoice.rs", ["cart::total"], change="modified")]),
    (1, "claude-agent", "feat/session-refresh", "Replace Session::refresh with token rotation [SHOP-230]",
     [fn("auth::Session::refresh", "src/auth/session.rs", kind="method", change="deleted"),
      fn("auth::Session::rotate", "src/auth/session.rs", kind="method", signature="fn rotate(&mut self) -> Result<Token>")]),
    (0, "jamie", "feat/checkout-v2", "Show cart totals with tax on the pay step [SHOP-219]",
     [fn("cart::total", "src/cart/total.rs", change="modified")]),
]

# Everyday intents without graph changes, spread over the month.
CHATTER = {
    "ashiq": ["Review checkout copy with design", "Tidy CI cache keys", "Bump the Rust toolchain",
              "Write the billing runbook", "Triage flaky login test"],
    "jamie": ["Split checkout form into steps", "Validate card expiry client-side", "Add checkout analytics events",
              "Fix focus order on pay button", "Empty-cart state for checkout"],
    "priya": ["Add currency column to invoices", "Backfill invoice currencies", "Round tax per line item",
              "Document rounding rules"],
    "claude-agent": ["Generate session fixtures", "Add tests for token rotation", "Migrate session store to v2",
                     "Refactor auth error types", "Remove dead login flags", "Add rotation metrics"],
    "ci-bot": ["Nightly dependency update", "Regenerate OpenAPI client", "Nightly dependency update"],
}
BRANCHES = {
    "ashiq": ["main"], "jamie": ["feat/checkout-v2"], "priya": ["fix/invoice-rounding", "main"],
    "claude-agent": ["feat/session-refresh"], "ci-bot": ["main"],
}


def _members(team):
    found = {m.name: m for m in Member.objects.filter(team=team)}
    for name, kind, role, display in MEMBERS:
        if name not in found:
            found[name] = provisioning.add_member(team, name, kind=kind, role=role, display_name=display)
    return found


def _log(team, member, summary, branch, nodes, when):
    """Log an intent as the API would, then move it (and what it raised) back to ``when``."""
    from impacts.models import Impact
    from intents.models import Intent
    from intents.recorder import log_intent
    from intents.serializers import IntentCreateSerializer
    from messages.models import Message

    data = IntentCreateSerializer(data={"summary": summary, "repo": REPO, "branch": branch, "nodes": nodes})
    data.is_valid(raise_exception=True)
    intent = log_intent(team, member, data.validated_data)
    Intent.objects.filter(pk=intent.pk).update(created_at=when)
    raised = list(Impact.objects.filter(team=team, intent=intent).values_list("pk", flat=True))
    if raised:
        Impact.objects.filter(pk__in=raised, occurrences=1).update(detected_at=when, first_detected_at=when)
        Impact.objects.filter(pk__in=raised, occurrences__gt=1).update(detected_at=when)
        Message.objects.filter(team=team, subject_type="impact", subject_id__in=raised).update(created_at=when)
    return intent


def _intents(team, members, now):
    rng = random.Random(7)
    planned = [(days, author, branch, summary, nodes) for days, author, branch, summary, nodes in STORY]
    ticket = 300
    for author, summaries in CHATTER.items():
        for summary in summaries:
            ticket += 1
            planned.append((rng.randint(0, 27), author, rng.choice(BRANCHES[author]), f"{summary} [SHOP-{ticket}]", []))
    # Oldest first, so ids (time-sortable) follow the story's clock.
    planned.sort(key=lambda p: (-p[0], p[3]))
    for days, author, branch, summary, nodes in planned:
        when = now - timedelta(days=days, hours=rng.randint(1, 9), minutes=rng.randint(0, 59))
        if when > now:
            when = now
        _log(team, members[author], summary, branch, nodes, when)


def _zones(team, members):
    from zones.claims import claim

    claim(team, members["jamie"], paths=["src/billing/**"], mode="block", reason="Refactoring invoice totals",
          repo=REPO, branch=None, ttl_seconds=2 * 3600)
    claim(team, members["claude-agent"], paths=["src/auth/session.rs", "auth::Session::rotate"], mode="warn",
          reason="Token rotation in progress", repo=REPO, branch="feat/session-refresh", ttl_seconds=45 * 60)


# (minutes ago, sender, recipient or None for the whole team, body, read by)
CHANNEL = [
    (71 * 60, "priya", None, "Heads up: billing::charge will take the order's currency. Callers on other "
     "branches need a second argument [SHOP-241].", ["ashiq", "jamie"]),
    (23 * 60, "claude-agent", None, "Session refresh is being replaced by token rotation on "
     "feat/session-refresh. auth::login on main still calls Session::refresh.", ["ashiq"]),
    (5 * 60, "jamie", None, "Refactoring billing::invoice for the next couple of hours; I hold a block zone "
     "on src/billing/**.", []),
    (95, "ci-bot", None, "Nightly build on main: 412 tests passed, 0 failed.", []),
    (50, "priya", "ashiq", "Could you review the rounding change before Friday?", []),
    (25, "claude-agent", None, "Token rotation tests are green; ready for review.", ["jamie"]),
]


def _messages(team, members, now):
    from messages.models import Message
    from messages.posting import mark_read, post

    for minutes, sender, recipient, body, readers in CHANNEL:
        message = post(team, members[sender], body, recipient=members[recipient] if recipient else None)
        Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(minutes=minutes))
        for reader in readers:
            mark_read(message, members[reader])


# (hours ago, author, branch, goal, requirements or None to derive them from the goal)
PROVE_RUNS = [
    (70, "ashiq", "main", "`auth::login` refreshes the session through `auth::Session::refresh`",
     [{"node": "auth::login", "must_call": ["auth::Session::refresh"]}]),
    (52, "jamie", "feat/checkout-v2", "`checkout::pay` charges through `billing::charge`",
     [{"node": "checkout::pay", "must_call": ["billing::charge", "cart::total"]}]),
    (40, "priya", "fix/invoice-rounding", "`billing::charge` rounds each line with `billing::round_line`", None),
    (30, "priya", "fix/invoice-rounding", "`billing::charge` invoices through `billing::invoice`",
     [{"node": "billing::charge", "must_call": ["billing::invoice", "payments::authorize"]}]),
    (20, "claude-agent", "feat/session-refresh", "Sessions rotate their token with `auth::Session::rotate`", None),
    (18, "claude-agent", "feat/session-refresh", "`auth::Session::keepalive` still calls `auth::Session::refresh`",
     [{"node": "auth::Session::keepalive", "must_call": ["auth::Session::refresh"]},
      {"node": "auth::Session::refresh"}]),
    (6, "claude-agent", "feat/session-refresh", "`auth::login` keeps working after `auth::Session::refresh` is gone",
     [{"node": "auth::login"}, {"node": "auth::Session::refresh"}]),
    (3, "ci-bot", "main", "Checkout still reaches `payments::authorize` via `billing::charge`",
     [{"node": "cart::checkout", "must_call": ["billing::charge"]}, {"node": "billing::charge", "must_call": ["payments::authorize"]}]),
]


def _prove(team, members, now):
    from prove.models import ProveRun
    from prove.runner import run

    for hours, author, branch, goal, requirements in PROVE_RUNS:
        prove_run = run(team, members[author], goal=goal, repo=REPO, branch=branch, requirements=requirements)
        ProveRun.objects.filter(pk=prove_run.pk).update(created_at=now - timedelta(hours=hours))


def _triage(team, members):
    """Someone already dealt with one impact: the history shows a resolution."""
    from impacts.models import Impact
    from impacts.resolution import change_status

    impact = Impact.objects.filter(team=team, status="open", severity="info").order_by("pk").first()
    if impact is not None:
        change_status(impact, members["priya"], status="resolved",
                      note="Tax is added after cart::total on this branch; nothing to change.")


def seed(team, history=True):
    """Seed ``team`` with the demo history, unless it already has intents
    (or ``history`` is False: a demo run again keeps what it finds). Either
    way, claims are renewed once the last ones have expired, so the Zones
    page of a demo started again the next day is not empty.
    Returns True when the history was written."""
    from intents.models import Intent
    from zones.models import Zone

    now = timezone.now()
    with transaction.atomic():
        if history:
            members = _members(team)
        else:  # the members as they are now: none is added back
            members = {m.name: m for m in Member.objects.filter(team=team)}
        fresh = history and not Intent.objects.filter(team=team).exists()
        if fresh:
            _intents(team, members, now)
            _triage(team, members)
            _prove(team, members, now)
            _messages(team, members, now)
        if not Zone.objects.filter(team=team, expires_at__gt=now).exists() and {"jamie", "claude-agent"} <= set(members):
            _zones(team, members)
    return fresh
