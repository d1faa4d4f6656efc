"""What a routine start and a routine refusal write to the logs: the SQLite
default starts without system-check warnings, and a request without valid
credentials is one INFO line with its request id, not a WARNING."""

import logging

import pytest

from tests.conftest import ApiClient, assert_error, run_manage, subprocess_env

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("token", [None, "aura_aaaaaaaa_" + "b" * 30])
def test_an_unauthenticated_request_logs_one_info_line(caplog, token):
    caplog.set_level(logging.DEBUG)
    r = ApiClient(token).get("/v1/status")
    assert_error(r, 401, "unauthorized")
    records = [rec for rec in caplog.records if rec.name == "django.request"]
    assert not [rec for rec in caplog.records if rec.levelno >= logging.WARNING], caplog.text
    assert len(records) == 1
    line = records[0].getMessage()
    assert records[0].levelno == logging.INFO
    assert "\n" not in line and r["X-Request-Id"] in line and "/v1/status" in line


def test_a_revoked_token_is_an_info_line_too(caplog, world):
    from accounts import tokens
    from tests.conftest import token_row

    tokens.revoke(token_row(world.bob_token))
    caplog.set_level(logging.DEBUG)
    r = ApiClient(world.bob_token).get("/v1/intents")
    assert_error(r, 401, "token_revoked")
    assert [(rec.levelno, rec.name) for rec in caplog.records if rec.name == "django.request"] == [
        (logging.INFO, "django.request")
    ]


def test_other_client_errors_still_warn(caplog, world):
    caplog.set_level(logging.DEBUG)
    assert_error(ApiClient(world.bob_token).get("/v1/intents/itn_nope"), 404, "not_found")
    assert [rec.levelno for rec in caplog.records if rec.name == "django.request"] == [logging.WARNING]


def test_the_embedded_sqlite_default_starts_without_w040(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    done = run_manage("check", "--database", "default", env=subprocess_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "W040" not in done.stderr + done.stdout
    assert "System check identified no issues" in done.stdout
