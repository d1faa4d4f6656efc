"""The batch helper every ``POST /v1/<resource>:batch`` uses: one answer per
item, partial success, bounds, per-item idempotency keys."""

import pytest
from django.db import OperationalError
from django.urls import path

from accounts import provisioning
from accounts.models import Team
from aura_site import urls as site_urls
from aura_site.api import errors
from aura_site.api.batch import run_batch
from aura_site.api.models import IdempotencyRecord
from aura_site.api.views import AuraAPIView
from tests.conftest import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.test_batch")]


class Deadlocked(Exception):
    sqlstate = "40P01"


DEADLOCKS = {}  # slug → how many more times its item deadlocks


def make_team(item):
    slug = item.get("slug")
    if DEADLOCKS.get(slug):
        DEADLOCKS[slug] -= 1
        provisioning.create_team(f"{slug}-partial")  # undone with the item's savepoint
        raise OperationalError("deadlock detected") from Deadlocked()
    if slug == "explode":
        provisioning.create_team("half-made")
        raise RuntimeError("a bug in one item")
    if not isinstance(slug, str) or not slug.isidentifier():
        raise errors.ValidationFailed("slug must be an identifier.", fields={"slug": "Not an identifier."})
    try:
        team = provisioning.create_team(slug)
    except provisioning.ProvisioningError as exc:
        raise errors.Conflict(str(exc)) from exc
    return {"id": team.id, "slug": team.slug}


class TeamsBatch(AuraAPIView):
    scope_map = {"POST": None}

    def post(self, request):
        return run_batch(self, request, "teams", make_team)


urlpatterns = [path("v1/teams:batch", TeamsBatch.as_view()), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def batch(client, items, **kw):
    return client.post("/v1/teams:batch", {"teams": items}, **kw)


def test_partial_success_keeps_order_and_length(api, world):
    r = batch(api(world.alice_token), [{"slug": "one"}, {"slug": "not a slug"}, "not an object", {"slug": "acme"},
                                       {"slug": "two"}])
    assert r.status_code == 200
    results = r.json()
    assert len(results) == 5
    assert results[0]["ok"]["slug"] == "one" and results[4]["ok"]["slug"] == "two"
    assert results[1] == {"err": {"code": "validation_failed", "message": "slug must be an identifier.",
                                  "fields": {"slug": "Not an identifier."}}}
    assert results[2]["err"]["code"] == "validation_failed"
    assert results[3]["err"]["code"] == "conflict"
    assert all(set(item) in ({"ok"}, {"err"}) for item in results)
    assert set(Team.objects.values_list("slug", flat=True)) == {"acme", "globex", "one", "two"}


def test_an_unexpected_failure_stays_in_its_item(api, world):
    results = batch(api(world.alice_token), [{"slug": "one"}, {"slug": "explode"}, {"slug": "two"}]).json()
    assert [list(item) for item in results] == [["ok"], ["err"], ["ok"]]
    assert results[1]["err"] == {"code": "internal_error", "message": "Internal server error."}
    assert not Team.objects.filter(slug="half-made").exists()  # its savepoint rolled back
    assert Team.objects.filter(slug__in=["one", "two"]).count() == 2


def test_an_item_that_deadlocks_once_runs_again(api, world, monkeypatch):
    # Two batches locking overlapping rows in opposite orders: PostgreSQL
    # aborts one item (SQLSTATE 40P01); rolled back to its savepoint, it is
    # run once more. A second deadlock counts as a failure of that item only.
    monkeypatch.setitem(DEADLOCKS, "once", 1)
    monkeypatch.setitem(DEADLOCKS, "twice", 2)
    results = batch(api(world.alice_token), [{"slug": "once"}, {"slug": "twice"}, {"slug": "fine"}]).json()
    assert results[0]["ok"]["slug"] == "once"
    assert results[1]["err"]["code"] == "internal_error"
    assert results[2]["ok"]["slug"] == "fine"
    assert not Team.objects.filter(slug__endswith="-partial").exists()
    assert DEADLOCKS == {"once": 0, "twice": 0}


@pytest.mark.parametrize(
    "body",
    [{"teams": []}, {"teams": [{"slug": f"t{n}"} for n in range(501)]}, {"teams": {"slug": "x"}}, {"items": [{}]}, [{}]],
)
def test_bounds(api, world, body):
    err = assert_error(api(world.alice_token).post("/v1/teams:batch", body), 400, "validation_failed")
    assert "1 to 500" in err["message"]
    assert Team.objects.count() == 2


def test_500_items_is_the_maximum(api, world):
    results = batch(api(world.alice_token), [{"slug": f"t{n}"} for n in range(500)]).json()
    assert len(results) == 500 and all("ok" in item for item in results)


def test_per_item_idempotency_keys(api, world):
    client = api(world.alice_token)
    first = batch(client, [{"slug": "one", "idempotency_key": "a"}, {"slug": "two", "idempotency_key": "b"},
                           {"slug": "bad slug", "idempotency_key": "c"}]).json()
    # A retry of the whole batch: the same answers, nothing made twice.
    again = batch(client, [{"slug": "one", "idempotency_key": "a"}, {"slug": "two", "idempotency_key": "b"},
                           {"slug": "bad slug", "idempotency_key": "c"}, {"slug": "three"}]).json()
    assert again[:3] == first
    assert again[3]["ok"]["slug"] == "three"
    assert Team.objects.filter(slug__in=["one", "two", "three"]).count() == 3
    # The same key with another item is refused for that item only.
    other = batch(client, [{"slug": "four", "idempotency_key": "a"}, {"slug": "five"}]).json()
    assert other[0]["err"]["code"] == "idempotency_key_reused" and "ok" in other[1]
    # A bad key is that item's error.
    bad = batch(client, [{"slug": "six", "idempotency_key": ""}, {"slug": "seven", "idempotency_key": 7}]).json()
    assert [item["err"]["code"] for item in bad] == ["validation_failed", "validation_failed"]
    assert not Team.objects.filter(slug__in=["four", "six", "seven"]).exists()


def test_a_key_repeated_inside_one_batch_runs_once(api, world):
    results = batch(api(world.alice_token), [{"slug": "one", "idempotency_key": "k"},
                                             {"slug": "one", "idempotency_key": "k"}]).json()
    assert results[0] == results[1] and "ok" in results[0]
    assert Team.objects.filter(slug="one").count() == 1


def test_a_failed_item_frees_its_key(api, world):
    client = api(world.alice_token)
    assert "err" in batch(client, [{"slug": "explode", "idempotency_key": "boom"}]).json()[0]
    assert not IdempotencyRecord.objects.filter(key="item:boom").exists()


def test_a_whole_batch_replays_with_a_request_key(api, world):
    client = api(world.alice_token)
    first = batch(client, [{"slug": "one"}, {"slug": "bad slug"}], headers={"Idempotency-Key": "whole"})
    second = batch(client, [{"slug": "one"}, {"slug": "bad slug"}], headers={"Idempotency-Key": "whole"})
    assert second.content == first.content and second["Idempotent-Replayed"] == "true"
    assert Team.objects.filter(slug="one").count() == 1
