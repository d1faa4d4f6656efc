from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo team's seeding: the ``demo`` command and its data.

    It sits above every resource app (it writes through their domain
    functions), so nothing below may import it."""

    name = "demo"
    verbose_name = "Demo team"
