"""``manage.py openapi``: write the OpenAPI document this server serves at
/openapi.json to docs/openapi.json (``make openapi``); ``--check`` only
compares, and fails when the committed copy is out of date."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def served_schema():
    response = Client().get("/openapi.json", HTTP_HOST="127.0.0.1")
    if response.status_code != 200:
        raise CommandError(f"/openapi.json answered {response.status_code}")
    return response.json()


def render(schema):
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the served OpenAPI document to docs/openapi.json (or --check it)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_PATH), help="Where to write (default: docs/openapi.json).")
        parser.add_argument("--check", action="store_true", help="Only compare; exit 1 when it differs.")

    def handle(self, *args, file, check, **options):
        text = render(served_schema())
        path = Path(file)
        if check:
            current = path.read_text() if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} is not the served schema: run make openapi")
            self.stdout.write(f"{path} is up to date")
            return
        path.write_text(text)
        self.stdout.write(f"wrote {path}")
