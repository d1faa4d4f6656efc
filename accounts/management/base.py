"""Shared pieces of the team/token commands: one-line argument errors."""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser


class OneLineParser(CommandParser):
    def error(self, message):
        # From call_command(): a CommandError, as Django's own parser raises.
        if not getattr(self, "called_from_command_line", False):
            raise CommandError(f"Error: {message}")
        sys.stderr.write(f"error: {message}\n")
        sys.exit(2)


class SubcommandCommand(BaseCommand):
    """A command with sub-actions (``team create``, ``token rotate``…)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = OneLineParser.error.__get__(parser)
        return parser

    def add_actions(self, parser):
        return parser.add_subparsers(dest="action", required=True, parser_class=OneLineParser)

    def handle(self, *args, **options):
        handler = getattr(self, "do_" + options["action"].replace("-", "_"))
        try:
            handler(**options)
        except CommandError:
            raise
        except ValueError as exc:
            raise CommandError(str(exc)) from exc


def team_or_fail(slug):
    from accounts.models import Team

    try:
        return Team.objects.get(slug=slug)
    except Team.DoesNotExist:
        raise CommandError(f"no team {slug!r}") from None


def token_or_fail(token_id):
    from accounts.models import Token

    try:
        return Token.objects.get(pk=token_id)
    except Token.DoesNotExist:
        raise CommandError(f"no token {token_id!r}") from None
