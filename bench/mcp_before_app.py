"""The bench-only app of bench/settings_mcp_before.py: puts the MCP
reminders as they were (bench/mcp_before.py) in place of the current ones."""

from django.apps import AppConfig


class BeforeConfig(AppConfig):
    name = "bench"
    label = "bench_mcp_before"

    def ready(self):
        import agents.reminders

        from . import mcp_before

        agents.reminders.reminders = mcp_before.reminders
