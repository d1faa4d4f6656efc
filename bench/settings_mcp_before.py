"""Bench-only settings: the product's, with the MCP reminders as they were
before the skip (bench/mcp_before.py). Never used by the product or the
test suite."""

from aura_site.settings import *  # noqa: F401,F403
from aura_site.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.mcp_before_app.BeforeConfig"]
