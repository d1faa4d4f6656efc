"""The docs pages are served from this origin's files, and their
Content-Security-Policy keeps the browser from fetching anything elsewhere
(tests/dashboard/test_browser.py loads them in Chromium with the network cut off)."""

import re

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/docs/", "/docs/swagger/"])
def test_docs_pages_allow_only_their_own_origin(db, path):
    r = Client().get(path)
    assert r.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in r["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["connect-src"] == "'self'"
    # Every script and stylesheet the page names is a local file.
    html = r.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
