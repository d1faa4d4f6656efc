"""Events that other apps signal without importing this one, and the
subscribers this app keeps inside writers' transactions."""

from django.dispatch import receiver

from accounts.signals import member_joined, token_revoked
from aura_site.api.times import rfc3339

from .log import on_sequenced, record
from .sync import note_pushes


@receiver(token_revoked)
def record_token_revoked(sender, token, effective_at, reason, **kwargs):
    for team in token.teams.all():
        record(
            team,
            "token.revoked",
            {
                "token_id": token.pk,
                "prefix": token.prefix,
                "reason": reason,
                "effective_at": rfc3339(effective_at),
            },
        )


@receiver(member_joined)
def record_member_joined(sender, member, invite, **kwargs):
    record(
        member.team,
        "member.joined",
        {
            "member": {**member.as_ref(), "role": member.role, "display_name": member.display_name},
            "invite_id": invite.pk,
            "joined_at": rfc3339(member.created_at),
        },
        actor=member,
    )


on_sequenced(note_pushes)
