"""prove.evaluator on plain values: requirement derivation and verdicts.

No database: these tests do not ask for it, so any query would fail them."""

import pytest

from prove import evaluator
from prove.evaluator import derive_requirements, evaluate, requirement


def fact(kind="function", path="src/app.py", hash="h1", calls=()):
    return {"kind": kind, "path": path, "hash": hash, "calls": list(calls)}


# --- derive_requirements ---------------------------------------------------------


def test_each_kind_of_identifier_in_order_of_appearance():
    goal = "RetryPolicy wraps `send` and retry_logic inside auth::Session::refresh"
    assert derive_requirements(goal) == ["RetryPolicy", "send", "retry_logic", "auth::Session::refresh"]


def test_duplicates_are_kept_once_at_their_first_place():
    goal = "retry_logic calls backoff_delay; retry_logic again, and `backoff_delay` and `retry_logic`"
    assert derive_requirements(goal) == ["retry_logic", "backoff_delay"]


def test_punctuation_around_names_is_not_part_of_them():
    goal = "(retry_logic), \"RetryPolicy\"; 'auth::login'? [send_mail]! {HttpClient}: retry_logic."
    assert derive_requirements(goal) == ["retry_logic", "RetryPolicy", "auth::login", "send_mail", "HttpClient"]


@pytest.mark.parametrize(
    "goal",
    [
        "Retries respect the Retry-After header",
        "",
        "   ",
        "APIs and IDs in HTTP are UPPER case; Retry once",
        "the 10_000 limit holds at 3.5 s",
        "ENG-123 is done [ENG-124]",
        "see https://example.com/retry_logic?x=a_b and src/retry_logic/backoff.py",
        "`make test` and `git commit -m fix` pass",
        "`` empty ticks",
        "ünïcödé_wörds are not ASCII identifiers: Ünïcödé, müller_weg, straße_nummer, ÄrgerNis",
    ],
)
def test_goals_without_identifiers_derive_nothing(goal):
    assert derive_requirements(goal) == []


def test_snake_case_needs_an_underscore_between_letters_or_digits():
    assert derive_requirements("retry_logic MAX_RETRIES v2_api a__b") == ["retry_logic", "MAX_RETRIES", "v2_api", "a__b"]
    assert derive_requirements("_private trailing_ __dunder__ _") == []


def test_camel_case_needs_two_humps():
    assert derive_requirements("RetryPolicy sendRequest Base64Encoder GitHub") == [
        "RetryPolicy", "sendRequest", "Base64Encoder", "GitHub",
    ]
    # One hump (or none) is an ordinary word or an acronym.
    assert derive_requirements("Retry retry RETRY HTTPClient API IDs iOS") == []


def test_a_path_is_taken_whole_not_also_its_parts():
    assert derive_requirements("billing::Invoice_total::RetryPolicy works") == ["billing::Invoice_total::RetryPolicy"]
    assert derive_requirements("a::b and c::d::e") == ["a::b", "c::d::e"]
    # A dangling :: is not part of the path.
    assert derive_requirements("std:: and ::root::thing") == []


def test_backticks_mark_a_name_even_without_underscore_or_humps():
    assert derive_requirements("`login` calls `auth::check` then `Client.send`") == [
        "login", "auth::check", "Client.send",
    ]


def test_a_call_in_backticks_names_the_function():
    assert derive_requirements("`send()` and `auth::login(ctx, retries=3)` and `f(g(x))`") == [
        "send", "auth::login", "f",
    ]


def test_backticked_text_that_is_no_name_hides_its_words():
    # The words inside a quoted command are not identifiers of the goal.
    assert derive_requirements("`run retry_logic now` then RetryPolicy") == ["RetryPolicy"]
    assert derive_requirements("`src/retry_logic.py` holds retry_logic") == ["retry_logic"]


def test_urls_and_file_paths_hold_no_names():
    goal = "retry_logic per https://docs.example.com/Retry_After#RetryPolicy and lib/http_client.rs"
    assert derive_requirements(goal) == ["retry_logic"]


def test_unclosed_backtick_is_plain_text():
    assert derive_requirements("`retry_logic is quoted badly") == ["retry_logic"]


def test_names_on_several_lines():
    assert derive_requirements("first_step\nSecondStep\r\n\tthird::step") == ["first_step", "SecondStep", "third::step"]


def test_a_long_goal_stays_linear_and_complete():
    goal = " ".join(f"step_{i}" for i in range(300))
    derived = derive_requirements(goal)
    assert derived == [f"step_{i}" for i in range(300)]


@pytest.mark.parametrize("goal", [
    "a" * 2000, ":" * 2000, "a::" * 666, "`" * 2000, "`" + "(" * 1998 + "`", "/" * 2000, "a_" * 1000, "aB" * 1000,
])
def test_adversarial_goals_of_the_maximum_length_derive_quickly(goal):
    import time

    started = time.perf_counter()
    derive_requirements(goal)
    assert time.perf_counter() - started < 0.5


# --- requirement ------------------------------------------------------------------


def test_requirement_deduplicates_must_call_in_order():
    assert requirement("a", "function", ["x", "y", "x"]) == {"node": "a", "kind": "function", "must_call": ["x", "y"]}
    assert requirement("a") == {"node": "a", "kind": None, "must_call": []}


# --- evaluate -----------------------------------------------------------------------


def test_all_satisfied_is_proved_and_pass():
    reqs = [requirement("auth::login", "function", ["auth::check"]), requirement("RetryPolicy")]
    facts = {
        "auth::login": fact(calls=["auth::check", "log"], hash="abc"),
        "RetryPolicy": fact(kind="class", path="src/retry.py", hash="def"),
    }
    out = evaluate(reqs, facts)
    assert (out["verdict"], out["result"]) == ("proved", "pass")
    assert out["requirements"] == [
        {"node": "auth::login", "kind": "function", "must_call": ["auth::check"], "satisfied": True,
         "found": {"path": "src/app.py", "kind": "function", "hash": "abc"}, "missing_calls": [], "reason": None},
        {"node": "RetryPolicy", "kind": None, "must_call": [], "satisfied": True,
         "found": {"path": "src/retry.py", "kind": "class", "hash": "def"}, "missing_calls": [], "reason": None},
    ]


def test_some_satisfied_is_partial():
    out = evaluate([requirement("a"), requirement("b")], {"a": fact()})
    assert (out["verdict"], out["result"]) == ("partial", "partial")
    assert [r["satisfied"] for r in out["requirements"]] == [True, False]
    assert out["requirements"][1]["found"] is None and out["requirements"][1]["reason"] == "not_found"


def test_none_satisfied_is_unproved_and_fail():
    out = evaluate([requirement("a"), requirement("b", must_call=["c"])], {})
    assert (out["verdict"], out["result"]) == ("unproved", "fail")
    assert out["requirements"][1] == {
        "node": "b", "kind": None, "must_call": ["c"], "satisfied": False, "found": None,
        # a node that is not there calls nothing: every required call is missing
        "missing_calls": ["c"], "reason": "not_found",
    }


def test_a_missing_call_fails_the_requirement_and_is_named():
    reqs = [requirement("auth::login", must_call=["auth::check", "audit::log", "rate::limit"])]
    out = evaluate(reqs, {"auth::login": fact(calls=["audit::log"])})
    item = out["requirements"][0]
    assert item["satisfied"] is False and item["reason"] == "missing_calls"
    assert item["missing_calls"] == ["auth::check", "rate::limit"]
    assert item["found"] == {"path": "src/app.py", "kind": "function", "hash": "h1"}
    assert out["result"] == "fail"


def test_a_different_kind_fails_and_shows_the_kind_found():
    out = evaluate([requirement("Session", "struct")], {"Session": fact(kind="class")})
    item = out["requirements"][0]
    assert item["satisfied"] is False and item["reason"] == "kind_mismatch"
    assert item["kind"] == "struct" and item["found"]["kind"] == "class"
    assert out["verdict"] == "unproved"


def test_the_same_kind_passes():
    assert evaluate([requirement("Session", "class")], {"Session": fact(kind="class")})["result"] == "pass"


def test_a_deleted_node_is_not_in_the_facts_so_it_is_not_found():
    # The graph read hands in live nodes only; a tombstone never reaches here.
    before = evaluate([requirement("old_fn")], {"old_fn": fact()})
    after = evaluate([requirement("old_fn")], {})
    assert before["result"] == "pass"
    assert after["result"] == "fail" and after["requirements"][0]["found"] is None


def test_facts_without_calls_mean_no_calls():
    out = evaluate([requirement("a", must_call=["b"])], {"a": {"kind": "function", "path": None, "hash": None}})
    assert out["requirements"][0]["missing_calls"] == ["b"]
    assert out["requirements"][0]["found"] == {"path": None, "kind": "function", "hash": None}


def test_order_of_requirements_is_kept():
    names = ["z", "a", "m"]
    out = evaluate([requirement(n) for n in names], {n: fact() for n in names})
    assert [r["node"] for r in out["requirements"]] == names


def test_no_requirement_is_an_error_not_a_verdict():
    with pytest.raises(ValueError):
        evaluate([], {})


def test_evaluate_does_not_change_its_inputs():
    reqs = [requirement("a", must_call=["b"])]
    facts = {"a": fact(calls=["b"])}
    snapshot = (repr(reqs), repr(facts))
    evaluate(reqs, facts)
    assert (repr(reqs), repr(facts)) == snapshot


def test_result_of_every_verdict():
    assert evaluator.RESULT_OF == {"proved": "pass", "partial": "partial", "unproved": "fail"}
    assert set(evaluator.RESULT_OF) == set(evaluator.VERDICTS)
    assert set(evaluator.RESULT_OF.values()) == set(evaluator.RESULTS)
