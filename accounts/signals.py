from django.dispatch import Signal

# Sent when a token stops (or is scheduled to stop) working.
# kwargs: token, effective_at, reason ("revoked" | "rotated")
token_revoked = Signal()

# Sent when someone joins a team by redeeming an invite.
# kwargs: member, invite
member_joined = Signal()
