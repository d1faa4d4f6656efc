"""One error class per code: the codes docs/api.md documents are exactly the
codes of the classes in aura_site.api.errors, each with its documented status,
and no module builds an error with a code of its own."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework import exceptions as drf_exceptions

from aura_site.api import errors
from tests.conftest import assert_error, token_row

ROOT = Path(__file__).resolve().parents[2]
ERRORS_MODULE = ROOT / "aura_site" / "api" / "errors.py"
SKIPPED_DIRS = {"tests", "migrations", "node_modules", "var"}


def documented_table():
    """{code: status} from the status/codes table of docs/api.md's "Errors"."""
    text = (ROOT / "docs" / "api.md").read_text()
    section = re.search(r"^## Errors\n(.*?)^## ", text, re.S | re.M)
    assert section, "docs/api.md has no Errors section"
    table = {}
    rows = re.findall(r"^\|\s*(\d{3})\s*\|(.*)\|\s*$", section.group(1), re.M)
    assert rows, "the Errors section of docs/api.md has no status/codes table"
    for status, cell in rows:
        for code in re.findall(r"`([a-z][a-z_]*)`", cell):
            assert code not in table, f"{code} is listed twice in docs/api.md's table"
            table[code] = int(status)
    return table


def documented_mentions():
    """(file, status or None, code) for each code the docs name: "409
    `zone_conflict`" in prose, or "code": "…" in an example."""
    found = []
    for path in [ROOT / "docs" / "api.md", *sorted((ROOT / "docs" / "api").glob("*.md"))]:
        text = path.read_text()
        name = str(path.relative_to(ROOT))
        for status, code in re.findall(r"\b([1-5]\d\d)\b[\s*(]*`([a-z][a-z_]*)`", text):
            found.append((name, int(status), code))
        for code in re.findall(r'"code":\s*"([a-z][a-z_]*)"', text):
            found.append((name, None, code))
    return found


def error_classes():
    """{code: [classes]} of the public classes in aura_site.api.errors."""
    by_code = {}
    for name, value in vars(errors).items():
        if isinstance(value, type) and issubclass(value, errors.ApiError) and not name.startswith("_"):
            if value.code is not None:
                by_code.setdefault(value.code, []).append(value)
    return by_code


def test_every_documented_code_has_exactly_one_class_with_its_status():
    table = documented_table()
    classes = error_classes()
    assert sorted(table) == sorted(set(table) | set(classes)), (
        f"codes with a class but not in docs/api.md's table: {sorted(set(classes) - set(table))}"
    )
    assert sorted(classes) == sorted(set(table) | set(classes)), (
        f"documented codes without a class in aura_site.api.errors: {sorted(set(table) - set(classes))}"
    )
    for code, status in table.items():
        assert len(classes[code]) == 1, f"{code}: several classes {[c.__name__ for c in classes[code]]}"
        cls = classes[code][0]
        assert cls.status_code == status, f"{cls.__name__}: {cls.status_code}, documented {status}"


def test_codes_named_in_the_api_docs_are_in_the_table_with_that_status():
    table = documented_table()
    for name, status, code in documented_mentions():
        assert code in table, f"{name} names {code!r}, which docs/api.md's table does not list"
        if status is not None:
            assert table[code] == status, f"{name} gives {code} status {status}; the table says {table[code]}"


@pytest.mark.parametrize("cls", sorted({c for cs in error_classes().values() for c in cs}, key=lambda c: c.code))
def test_each_class_answers_its_own_code_and_status(cls):
    err = cls("A message.", hint="A hint.", parameter="x")
    assert (err.code, err.status_code, err.message, err.hint, err.extra) == (
        cls.code, cls.status_code, "A message.", "A hint.", {"parameter": "x"}
    )
    assert cls().message == cls.default_message
    assert errors.as_api_error(err) is err


def test_default_headers_are_merged_with_the_raisers_and_not_shared():
    revoked = errors.TokenRevoked(headers={"X-Extra": "1"})
    assert revoked.headers == {"WWW-Authenticate": 'Bearer error="invalid_token"', "X-Extra": "1"}
    assert errors.TokenRevoked.default_headers == {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    assert errors.RateLimited(headers={"Retry-After": "3"}).headers == {"Retry-After": "3"}
    assert errors.RateLimited().headers == {}


@pytest.mark.django_db
@pytest.mark.parametrize("how, code", [("revoked", "token_revoked"), ("expired", "token_expired"),
                                       ("deactivated", "token_revoked")])
def test_a_dead_token_is_answered_with_the_header_of_its_code(api, world, how, code):
    """token_revoked and token_expired always carry WWW-Authenticate with
    error="invalid_token", from their class."""
    row = token_row(world.bob_token)
    if how == "revoked":
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    elif how == "expired":
        row.expires_at = timezone.now()
        row.save(update_fields=["expires_at"])
    else:
        world.bob.user.is_active = False
        world.bob.user.save(update_fields=["is_active"])
    response = api(world.bob_token).get("/v1/status")
    assert_error(response, 401, code)
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_the_base_class_has_no_code_and_cannot_be_raised_as_is():
    with pytest.raises(TypeError):
        errors.ApiError("no code")


@pytest.mark.parametrize("name", ["code", "status", "status_code", "message", "request_id"])
def test_a_raiser_cannot_override_the_code_or_the_body_fields(name):
    with pytest.raises(TypeError):
        errors.Conflict("A message.", **{name: "made_up"})


def test_a_drf_exception_without_a_class_keeps_its_status_and_code():
    class Teapot(drf_exceptions.APIException):
        status_code = 418
        default_code = "teapot"
        default_detail = "I am a teapot."

    err = errors.as_api_error(Teapot())
    assert (err.status_code, err.code, err.message) == (418, "teapot", "I am a teapot.")
    assert (errors.ValidationFailed.status_code, errors.ValidationFailed.code) == (400, "validation_failed")


# The source: nothing outside aura_site/api/errors.py picks a code itself.


def source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(".") or p in SKIPPED_DIRS for p in parts) or path == ERRORS_MODULE:
            continue
        yield path


def error_names(tree):
    """(module aliases, class names) by which this module reaches aura_site.api.errors."""
    modules, names = set(), {"ApiError"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")
            for alias in node.names:
                if alias.name == "errors" and (module[-1:] == ["api"] or node.level and not node.module):
                    modules.add(alias.asname or "errors")
                elif module[-1:] == ["errors"] and (node.level or module[:2] == ["aura_site", "api"]):
                    names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "aura_site.api.errors":
                    modules.add(alias.asname or alias.name)
    return modules, names


def is_error_class(expr, modules, names):
    if isinstance(expr, ast.Name):
        return expr.id in names
    if isinstance(expr, ast.Attribute):
        return ast.unparse(expr.value) in modules
    return False


def ad_hoc_errors(source, where):
    tree = ast.parse(source, filename=str(where))
    modules, names = error_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_error_class(node.func, modules, names):
            for keyword in node.keywords:
                if keyword.arg in ("code", "status", "status_code"):
                    yield f"{where}:{node.lineno}: {ast.unparse(node.func)}(..., {keyword.arg}=...)"
        if isinstance(node, ast.ClassDef) and any(is_error_class(b, modules, names) for b in node.bases):
            for statement in node.body:
                targets = statement.targets if isinstance(statement, ast.Assign) else (
                    [statement.target] if isinstance(statement, ast.AnnAssign) else []
                )
                for target in targets:
                    if isinstance(target, ast.Name) and target.id in ("code", "status_code"):
                        yield f"{where}:{statement.lineno}: class {node.name} sets its own {target.id}"


def literal_codes(path):
    """Codes written out as strings: error_response(request, "…", …),
    error_body("…", …) and {"code": "…"} answers built by hand."""
    tree = ast.parse(path.read_text(), filename=str(path))
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            callee = ast.unparse(node.func).rsplit(".", 1)[-1]
            position = {"error_response": 1, "error_body": 0}.get(callee)
            if position is not None and len(node.args) > position:
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield f"{where}:{node.lineno}", arg.value
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if (
                    isinstance(key, ast.Constant) and key.value == "code"
                    and isinstance(value, ast.Constant) and isinstance(value.value, str)
                ):
                    yield f"{where}:{node.lineno}", value.value


def test_the_source_scan_finds_ad_hoc_codes():
    """The scan itself: it sees the forms it must forbid."""
    sample = (
        "from aura_site.api import errors\n"
        "from aura_site.api.errors import Conflict as C\n"
        "raise errors.Conflict('x', code='zone_conflict')\n"
        "raise errors.ApiError('x', status=422, code='intent_missing_ticket')\n"
        "raise C('x', code='last_admin')\n"
        "class Mine(errors.ApiError):\n"
        "    code = 'mine'\n"
        "raise errors.Conflict('x', fields={'code': 'fine'})\n"
    )
    found = list(ad_hoc_errors(sample, "sample.py"))
    assert sorted(int(line.split(":")[1]) for line in found) == [3, 4, 4, 5, 7], found


def test_no_module_outside_errors_gives_an_error_its_own_code_or_status():
    found = [line for path in source_files() for line in ad_hoc_errors(path.read_text(), path.relative_to(ROOT))]
    assert found == [], "raise the class of the code from aura_site.api.errors instead:\n" + "\n".join(found)


def test_codes_written_out_in_the_source_are_codes_of_an_error_class():
    known = set(error_classes())
    found = [f"{where}: {code!r}" for path in source_files() for where, code in literal_codes(path) if code not in known]
    assert found == [], "codes with no class in aura_site.api.errors:\n" + "\n".join(found)
