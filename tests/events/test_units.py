"""Pure modules of the events app: topic rules, the SSRF guard, webhook bodies."""

import json

import pytest

from events import formats, netguard
from events import topics as rules
from events.models import TOPICS

ALL_READ = {"read_events", "read_intents", "read_impacts", "read_messages", "read_snapshots", "read_zones", "read_prove"}


# --- topics -----------------------------------------------------------------------------
def test_every_topic_has_a_read_scope():
    assert set(rules.TOPIC_SCOPES) == set(TOPICS)
    assert rules.TOPIC_SCOPES["token.revoked"] == "admin"
    assert rules.TOPIC_SCOPES["impact.updated"] == "read_impacts"


def test_parse_topics():
    assert rules.parse_topics(None) is None and rules.parse_topics(" ") is None
    assert rules.parse_topics("zone.*, intent.logged") == {"zone.claimed", "zone.released", "zone.blocked", "intent.logged"}
    assert rules.parse_topics("*") == set(TOPICS)
    for bad in ("intent.deleted", "nope.*", "intent"):
        with pytest.raises(rules.UnknownTopic) as exc:
            rules.parse_topics(f"zone.claimed,{bad}")
        assert exc.value.topic == bad


def test_readable_topics_need_read_events_and_the_topic_scope():
    assert rules.readable_topics({"read_intents"}) == frozenset()
    assert rules.readable_topics({"read_events", "read_intents"}) == {
        "intent.logged", "member.joined", "presence.changed"}
    # who joined, who is here: nothing beyond read_events
    assert rules.readable_topics({"read_events"}) == {"member.joined", "presence.changed"}
    assert "knowledge.created" in rules.readable_topics({"read_events", "read_knowledge"})
    assert "token.revoked" not in rules.readable_topics(ALL_READ)
    assert "token.revoked" in rules.readable_topics(ALL_READ | {"admin"})


def test_grants_and_missing_scope():
    scopes = {"t1": ALL_READ, "t2": {"read_events", "read_zones"}}
    members = {"t1": "m1", "t2": "m2"}
    g = rules.grants(scopes, members, ["t1", "t2"], wanted={"zone.claimed", "intent.logged"})
    assert g == {"t1": ({"zone.claimed", "intent.logged"}, "m1"), "t2": ({"zone.claimed"}, "m2")}
    assert rules.grants(scopes, members, ["t2"], wanted={"intent.logged"}) == {}
    assert rules.missing_scope(scopes, ["t2"], {"intent.logged"}) == "read_intents"
    assert rules.missing_scope(scopes, ["t1", "t2"], {"intent.logged"}) is None
    assert rules.missing_scope(scopes, ["t1"], {"token.revoked"}) == "admin"


def test_visible_hides_other_teams_topics_and_direct_messages():
    g = {"t1": (frozenset({"message.posted"}), "m1")}
    assert rules.visible(g, "t1", "message.posted", None, None)
    assert not rules.visible(g, "t2", "message.posted", None, None)
    assert not rules.visible(g, "t1", "intent.logged", None, None)
    assert rules.visible(g, "t1", "message.posted", "m1", "m2")
    assert rules.visible(g, "t1", "message.posted", "m2", "m1")
    assert not rules.visible(g, "t1", "message.posted", "m2", "m3")
    assert not rules.visible({"t1": (frozenset({"message.posted"}), None)}, "t1", "message.posted", "m2", "m3")


# --- the SSRF guard ------------------------------------------------------------------------
@pytest.mark.parametrize("address,reason", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.0.0.5", "private"), ("172.16.3.4", "private"), ("192.168.0.1", "private"), ("fd12::1", "private"),
    ("169.254.10.10", "link-local"), ("fe80::1", "link-local"),
    ("100.64.0.1", "carrier-grade NAT"), ("100.127.255.254", "carrier-grade NAT"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"), ("100.100.100.200", "metadata"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "metadata"), ("::ffff:10.1.1.1", "private"),
    ("64:ff9b::7f00:1", "loopback"), ("2002:a00:1::", "private"),
    ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"),
])
def test_refused_addresses(address, reason):
    assert reason in (netguard.refusal(address) or "")


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "100.128.0.1"])
def test_public_addresses_pass(address):
    assert netguard.refusal(address) is None


def test_allow_list_by_host_and_network():
    allowed = netguard.parse_allowed(["Hooks.Internal", "10.20.0.0/16", "127.0.0.1", " "])
    assert allowed[0] == {"hooks.internal"}
    netguard.check("hooks.internal", "10.9.9.9", allowed)  # named host: any address
    netguard.check("other", "10.20.1.2", allowed)  # inside a listed network
    netguard.check("other", "127.0.0.1", allowed)
    netguard.check("other", "::ffff:127.0.0.1", allowed)  # the mapped form of a listed address
    with pytest.raises(netguard.Refused) as exc:
        netguard.check("other", "10.21.0.1", allowed)
    assert "private" in str(exc.value) and "AURA_WEBHOOK_ALLOWED_HOSTS" in str(exc.value)
    with pytest.raises(netguard.Refused):
        netguard.check("localhost", "127.0.0.2", netguard.parse_allowed([]))


# --- webhook bodies ----------------------------------------------------------------------
EVENT = {
    "seq": 41, "event_id": "evt_01", "topic": "intent.logged", "team": "acme", "created_at": "2026-04-21T14:23:09Z",
    "data": {"summary": "Refactor <!channel> retry_logic [ENG-1]", "branch": "main", "repo": "a/b",
             "author": {"id": "mem_1", "name": "ashiq", "kind": "human"}},
}


def test_raw_body_carries_the_event_and_the_delivery():
    body = json.loads(formats.render("raw", EVENT, "dlv_1", "2026-04-21T14:23:10Z"))
    assert body == {**EVENT, "delivery_id": "dlv_1", "sent_at": "2026-04-21T14:23:10Z"}


def test_slack_body_is_an_incoming_webhook_message():
    body = json.loads(formats.render("slack", EVENT, "dlv_1", "t"))
    assert set(body) == {"text", "blocks"}
    assert body["text"] == "Intent logged in acme by ashiq"
    section, context = body["blocks"]
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    assert "&lt;!channel&gt;" in section["text"]["text"] and "<!channel>" not in section["text"]["text"]
    assert context["type"] == "context" and "evt_01" in context["elements"][0]["text"]
    assert len(section["text"]["text"]) <= 3000


def test_discord_body_is_an_execute_webhook_message():
    long = {**EVENT, "data": {**EVENT["data"], "summary": "x" * 5000}}
    body = json.loads(formats.render("discord", long, "dlv_1", "t"))
    assert set(body) == {"content", "embeds", "allowed_mentions"}
    assert body["allowed_mentions"] == {"parse": []}
    assert len(body["content"]) <= 2000
    embed = body["embeds"][0]
    assert embed["title"] == "intent.logged" and embed["timestamp"] == EVENT["created_at"]
    assert len(embed["description"]) <= 4096 and embed["description"].endswith("…")
