from django.dispatch import Signal

# Sent when a token stops (or is scheduled to stop) working.
# kwargs: token, effective_at, reason ("revoked" | "rotated")
token_revoked = Signal()
