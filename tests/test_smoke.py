from tests.conftest import assert_error


def test_status(api, world):
    r = api(world.alice_token).get("/v1/status")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["team"]["slug"] == "acme"
    assert r["X-Aura-Version"] == "0.1.0"
    assert r["X-RateLimit-Limit"]


def test_unknown_url_is_json(api, world):
    assert_error(api(world.alice_token).get("/v1/nope"), 404, "not_found")


def test_members(api, world):
    r = api(world.alice_token).get("/v1/team/members")
    assert r.status_code == 200, r.content
    assert {m["name"] for m in r.json()["data"]} == {"alice", "bob", "rita", "robo"}
