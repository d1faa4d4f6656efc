"""zones.overlap: the pure rules of which paths a zone covers and when two
claims overlap. No database."""

import re

import pytest

from zones import overlap

# (entry, path, covered?)
MATCH_TABLE = [
    # plain file paths match exactly
    ("src/app.py", "src/app.py", True),
    ("src/app.py", "src/app.pyc", False),
    ("src/app.py", "src/app", False),
    ("src/app.py", "lib/src/app.py", False),
    # * stays inside one segment
    ("src/*.py", "src/app.py", True),
    ("src/*.py", "src/.py", True),
    ("src/*.py", "src/sub/app.py", False),
    ("src/*", "src/a", True),
    ("src/*", "src/a/b", False),
    ("*.py", "app.py", True),
    ("*.py", "src/app.py", False),
    ("src/*/models.py", "src/billing/models.py", True),
    ("src/*/models.py", "src/a/b/models.py", False),
    # ** crosses segments
    ("src/**", "src/a", True),
    ("src/**", "src/a/b/c.py", True),
    ("src/**", "srcx/a", False),
    ("src/**", "lib/src/a", False),
    ("**", "anything/at/all.txt", True),
    ("**/*.py", "app.py", True),
    ("**/*.py", "a/b/app.py", True),
    ("**/*.py", "a/b/app.rs", False),
    ("src/**/test_*.py", "src/test_a.py", True),
    ("src/**/test_*.py", "src/x/y/test_a.py", True),
    ("src/**/test_*.py", "src/x/y/a_test.py", False),
    ("a**b", "a/x/b", True),
    # ? is one character, never /
    ("src/?.py", "src/a.py", True),
    ("src/?.py", "src/ab.py", False),
    ("src?app.py", "src/app.py", False),
    # character classes
    ("src/[ab].py", "src/a.py", True),
    ("src/[ab].py", "src/c.py", False),
    ("src/[!ab].py", "src/c.py", True),
    ("src/[!ab].py", "src/a.py", False),
    ("src/[a-c].py", "src/b.py", True),
    ("src[/]x", "src/x", False),
    ("a[b", "a[b", True),  # an unclosed [ is a literal
    # regex metacharacters are literals
    ("src/a+b(1).py", "src/a+b(1).py", True),
    ("src/a.py", "src/aXpy", False),
    ("v1.2/*", "v1.2/x", True),
    ("v1.2/*", "v1x2/x", False),
    # node names (contain ::) match exactly, and never as globs
    ("billing::invoice", "billing::invoice", True),
    ("billing::invoice", "billing::invoice::total", False),
    ("billing::*", "billing::invoice", False),
    ("billing::invoice", "billing/invoice", False),
    ("**", "billing::invoice", False),
]


@pytest.mark.parametrize("entry,path,expected", MATCH_TABLE)
def test_matches(entry, path, expected):
    assert overlap.matches(entry, path) is expected


# (a, b, overlap?) — symmetric
OVERLAP_TABLE = [
    # identical entries
    ("src/app.py", "src/app.py", True),
    ("src/**", "src/**", True),
    # two plain files: equal only (not prefix: a.py vs a.pyc)
    ("src/a.py", "src/a.pyc", False),
    ("src/a.py", "src/b.py", False),
    # a plain file and a glob: the glob must match the file
    ("src/*.py", "src/app.py", True),
    ("src/*.py", "src/app.rs", False),
    ("src/*.py", "src/sub/app.py", False),
    ("src/**", "src/sub/app.py", True),
    ("src/**", "lib/app.py", False),
    # two globs: literal-prefix rule (conservative)
    ("src/*.py", "src/*.rs", True),  # same prefix "src/"
    ("src/**", "src/billing/*.py", True),  # "src/" prefixes "src/billing/"
    ("src/billing/**", "src/*.py", True),
    ("src/a*", "src/b*", False),  # "src/a" vs "src/b"
    ("src/billing/**", "src/auth/**", False),
    ("**", "lib/*.rs", True),  # empty prefix overlaps everything
    ("src/[ab].py", "src/?.py", True),
    ("lib/?.py", "src/*.py", False),
    # node names: exact only, never against globs or files
    ("billing::invoice", "billing::invoice", True),
    ("billing::invoice", "billing::invoice2", False),
    ("billing::invoice", "**", False),
    ("billing::invoice", "billing", False),
    ("a::b", "a::*", False),
]


@pytest.mark.parametrize("a,b,expected", OVERLAP_TABLE)
def test_entries_overlap(a, b, expected):
    assert overlap.entries_overlap(a, b) is expected
    assert overlap.entries_overlap(b, a) is expected


@pytest.mark.parametrize(
    "pattern,prefix",
    [("src/*.py", "src/"), ("src/a?", "src/a"), ("src/[ab]", "src/"), ("**", ""), ("src/app.py", "src/app.py"),
     ("a/b/**/c", "a/b/")],
)
def test_literal_prefix(pattern, prefix):
    assert overlap.literal_prefix(pattern) == prefix


# (repo_a, branch_a, repo_b, branch_b, overlap?) for claims sharing a path
SCOPE_TABLE = [
    (None, None, None, None, True),
    ("r1", None, None, None, True),
    ("r1", None, "r1", None, True),
    ("r1", None, "r2", None, False),
    (None, "main", None, "main", True),
    (None, "main", None, "dev", False),
    (None, "main", None, None, True),
    ("r1", "main", "r1", "dev", False),
    ("r1", "main", None, "main", True),
    ("r1", "main", "r2", "main", False),
]


@pytest.mark.parametrize("repo_a,branch_a,repo_b,branch_b,expected", SCOPE_TABLE)
def test_claims_overlap_repo_and_branch(repo_a, branch_a, repo_b, branch_b, expected):
    a = {"paths": ["src/**"], "repo": repo_a, "branch": branch_a}
    b = {"paths": ["src/app.py"], "repo": repo_b, "branch": branch_b}
    assert overlap.claims_overlap(a, b) is expected
    assert overlap.claims_overlap(b, a) is expected


def test_claims_overlap_needs_an_overlapping_entry():
    a = {"paths": ["docs/**", "billing::invoice"], "repo": None, "branch": None}
    assert not overlap.claims_overlap(a, {"paths": ["src/**", "billing::refund"], "repo": None, "branch": None})
    assert overlap.claims_overlap(a, {"paths": ["src/**", "billing::invoice"], "repo": None, "branch": None})
    assert overlap.overlapping_entries(["docs/**", "src/a.py"], ["docs/x.md", "src/*.py"]) == [
        ("docs/**", "docs/x.md"), ("src/a.py", "src/*.py"),
    ]


@pytest.mark.parametrize(
    "claim,path,repo,branch,expected",
    [
        ({"paths": ["src/**"], "repo": None, "branch": None}, "src/a.py", "r", "b", True),
        ({"paths": ["src/**"], "repo": "r", "branch": None}, "src/a.py", "other", None, False),
        ({"paths": ["src/**"], "repo": "r", "branch": "main"}, "src/a.py", None, None, True),
        ({"paths": ["src/**"], "repo": None, "branch": "main"}, "src/a.py", None, "dev", False),
        ({"paths": ["docs/*", "src/*.py"], "repo": None, "branch": None}, "src/a.py", None, None, True),
        ({"paths": ["docs/*"], "repo": None, "branch": None}, "src/a.py", None, None, False),
    ],
)
def test_covers(claim, path, repo, branch, expected):
    assert overlap.covers(claim, path, repo, branch) is expected


@pytest.mark.parametrize(
    "path,problem",
    [
        ("src/app.py", None),
        ("a", None),
        ("billing::invoice", None),
        ("a..b/c", None),  # .. inside a name is fine
        ("", "must not be empty"),
        ("/etc/passwd", "must be relative (no leading /)"),
        ("../x", "must not contain a .. segment"),
        ("a/../b", "must not contain a .. segment"),
        ("a/..", "must not contain a .. segment"),
        ("a/./b", "must not contain a . segment"),
        ("a//b", "must not contain an empty segment (// or a trailing /)"),
        ("a/", "must not contain an empty segment (// or a trailing /)"),
        ("a\x00b", "must not contain NUL"),
        ("a\nb", "must not contain control characters"),
        ("a\\b", "must use / as the separator (no backslash)"),
        ("x" * 1025, "must be at most 1024 characters"),
        ("src/*.py", "must be a file path, not a pattern (no * ? [)"),
        (42, "must be a string"),
    ],
)
def test_path_error(path, problem):
    assert overlap.path_error(path) == problem


def test_path_error_allows_globs_when_asked():
    assert overlap.path_error("src/**/*.py", allow_glob=True) is None
    assert overlap.path_error("/src/*", allow_glob=True) == "must be relative (no leading /)"


def test_directory_entries_claim_everything_under_them():
    assert overlap.normalize_entry("src/billing/") == "src/billing/**"
    assert overlap.normalize_entry("src/billing") == "src/billing"
    assert overlap.matches(overlap.normalize_entry("src/billing/"), "src/billing/x/y.py")


@pytest.mark.parametrize("pattern", [e for e, _, _ in MATCH_TABLE if overlap.has_wildcards(e) and "::" not in e])
def test_regex_uses_only_constructs_postgres_shares(pattern):
    """glob_to_regex also runs as a PostgreSQL ~ pattern: anchored, no
    Python-only syntax (named groups, lookbehind, inline flags)."""
    regex = overlap.glob_to_regex(pattern)
    assert regex.startswith("^") and regex.endswith("$")
    assert not re.search(r"\(\?[P<=!a-zA-Z]", regex.replace("(?:", ""))
