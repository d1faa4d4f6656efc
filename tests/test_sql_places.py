"""Raw SQL lives in named places (docs/architecture.md): each app's
``sql.py``, the shared database machinery (``aura_site/db/``) and
migrations. Everywhere else the ORM writes the SQL: no cursor, no
``execute``, no ``.raw()`` / ``RawSQL`` / ``.extra()``, and no statement
text. Read from the source, like the import floors."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "tests", "bench", "clients", "var", "node_modules"}
RAW_CALLS = {"execute", "executemany", "cursor", "raw", "extra"}  # as methods: x.execute(...), connection.cursor()
RAW_NAMES = {"RawSQL"}
STATEMENT = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\b.*\bSET|DELETE\s+FROM|WITH\b.*\bAS\s*\()", re.S)


def sql_place(rel):
    return rel.name == "sql.py" or rel.parts[:2] == ("aura_site", "db") or "migrations" in rel.parts


def source_files():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in SKIPPED:
            yield rel


def docstrings(tree):
    """The string constants that are docstrings (module, class, function)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                yield body[0].value


def string_texts(tree):
    """(line, text) of every string in ``tree`` but docstrings; an f-string
    whole, ``{}`` for each of its values."""
    skip = {id(node) for node in docstrings(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(value) for value in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node.lineno, text
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def raw_sql_uses(source, name="<source>"):
    """Where ``source`` (a module's text) runs or writes SQL itself:
    ["line: what"], in line order."""
    tree = ast.parse(source, name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in RAW_CALLS:
                found.append((node.lineno, f".{func.attr}("))
            elif isinstance(func, ast.Name) and func.id in RAW_NAMES:
                found.append((node.lineno, f"{func.id}("))
        elif isinstance(node, ast.ImportFrom) and any(alias.name in RAW_NAMES for alias in node.names):
            found.append((node.lineno, "import " + ", ".join(a.name for a in node.names if a.name in RAW_NAMES)))
        elif isinstance(node, ast.Attribute) and node.attr in RAW_NAMES:
            found.append((node.lineno, node.attr))
    # Strings are walked apart from the rest: an f-string's parts are checked
    # as one text, not each alone.
    found += [(line, f"SQL text {text.strip()[:40]!r}") for line, text in string_texts(tree) if STATEMENT.search(text)]
    return [f"{line}: {what}" for line, what in sorted(found)]


def test_the_sources_are_read():
    names = {str(rel) for rel in source_files()}
    assert {"events/log.py", "intents/graph.py", "intents/sql.py", "accounts/tokens.py"} <= names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


@pytest.mark.parametrize("rel", [rel for rel in source_files() if not sql_place(rel)], ids=str)
def test_no_raw_sql_outside_its_places(rel):
    found = raw_sql_uses((ROOT / rel).read_text(), str(rel))
    assert not found, f"raw SQL in {rel} (it belongs in the app's sql.py):\n" + "\n".join(found)


def test_the_check_sees_each_kind_of_raw_sql():
    """What the check flags in a module, and what it leaves (docstrings, prose)."""
    source = (
        '"""A docstring may say INSERT INTO t SELECT a FROM r."""\n'
        "from django.db import connection\n"
        "from django.db.models.expressions import RawSQL\n"
        "def f(qs, table):\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute(f'SELECT a FROM {table}')\n"
        "        cursor.executemany('x', [])\n"
        "    qs.raw('q')\n"
        "    qs.extra(where=['1'])\n"
        "    RawSQL('1', [])\n"
        "    message = 'select the rows from the list'\n"
        "    return f'UPDATE {table} SET a = 1'\n"
    )
    assert raw_sql_uses(source) == [
        "3: import RawSQL", "5: .cursor(", "6: .execute(", "6: SQL text 'SELECT a FROM {}'", "7: .executemany(",
        "8: .raw(", "9: .extra(", "10: RawSQL(", "12: SQL text 'UPDATE {} SET a = 1'",
    ]


def test_the_places():
    assert not sql_place(Path("intents/graph.py")) and not sql_place(Path("aura_site/api/views.py"))
    assert sql_place(Path("intents/sql.py")) and sql_place(Path("aura_site/db/rows.py"))
    assert sql_place(Path("impacts/migrations/0003_refresh_in_place.py"))
