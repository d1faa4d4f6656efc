from django.db import models

from accounts.models import Member, Team
from aura_site.api.ids import id_field


class Message(models.Model):
    """A message on the team channel (from a member) or the sentinel channel
    (from the server). ``recipient`` null: a broadcast; set: a direct message,
    visible only to its sender and recipient."""

    CHANNELS = [("team", "team"), ("sentinel", "sentinel")]

    id = id_field("msg")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="messages", db_index=False)
    channel = models.CharField(max_length=10, choices=CHANNELS, default="team")
    sender = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_messages",
        help_text="Empty for messages the server posts (sentinel) and after the member was removed.",
    )
    sender_name = models.CharField(
        max_length=150, blank=True, default="",
        help_text="The sender's handle when posted (sentinel for the server); kept if the member is removed.",
    )
    recipient = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="received_messages",
        help_text="Empty for a broadcast to the whole team.",
    )
    body = models.TextField()
    subject_type = models.CharField(max_length=20, blank=True, default="", help_text="impact or zone (sentinel).")
    subject_id = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["team", "id"], name="message_team_id"),
            models.Index(fields=["team", "channel", "id"], name="message_team_channel"),
            models.Index(fields=["team", "sender", "id"], name="message_team_sender"),
            models.Index(fields=["team", "recipient", "id"], name="message_team_recipient"),
        ]

    def __str__(self):
        return f"{self.id} [{self.channel}]"

    @property
    def is_direct(self):
        return self.recipient_id is not None


class MessageRead(models.Model):
    """Who read what: one row per (message, member)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="message_reads")
    read_at = models.DateTimeField()

    class Meta:
        ordering = ["read_at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "member"], name="messageread_message_member"),
        ]
        indexes = [models.Index(fields=["team", "member", "message"], name="messageread_team_member")]

    def __str__(self):
        return f"{self.member_id} read {self.message_id}"
