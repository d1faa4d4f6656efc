"""The MCP reminders' raw SQL, by name.

Every tool result carries the reminders, so their database work is one
statement written out here: the ORM would spend more Python building it than
the database spends answering. One text serves PostgreSQL and SQLite.
"""

from django.db import connection

from events.models import Event
from messages.models import Message, MessageRead


def _q(name):
    return connection.ops.quote_name(name)


def _in(values):
    return ", ".join(["%s"] * len(values))


def reminder_numbers(team_ids, *, message_teams, impact_teams, mine, kept_seq, seen):
    """(latest, unread, first_new) in one statement:

    - latest: the latest event sequence of ``team_ids`` (per team a backward
      read of the (team, seq) index);
    - unread: the count of ``mine``'s unread messages in ``message_teams``
      (None without any);
    - first_new: the first ``impact.detected`` of ``impact_teams`` after
      ``seen`` (None without ``seen`` or any).

    When latest equals ``kept_seq`` (None: never), the other two are not
    computed (a CASE evaluates only the branch it takes) and come back None.

    Raw: one round trip, and the skip inside the statement, for what the ORM
    writes as two."""
    event = _table(Event)
    one = f"SELECT MAX({_q('seq')}) AS m FROM {event} WHERE {_q('team_id')} = %s"
    latest = f"(SELECT COALESCE(MAX(m), 0) FROM ({' UNION ALL '.join([one] * len(team_ids))}) AS per_team)"
    params = list(team_ids)
    skip = -1 if kept_seq is None else kept_seq
    columns = ["l.latest"]
    if message_teams and mine:
        msg, read = _table(Message), _table(MessageRead)
        unread = (
            f"SELECT COUNT(*) FROM {msg} m WHERE m.{_q('team_id')} IN ({_in(message_teams)}) "
            f"AND (m.{_q('recipient_id')} IS NULL OR m.{_q('recipient_id')} IN ({_in(mine)}) "
            f"OR m.{_q('sender_id')} IN ({_in(mine)})) "
            f"AND (m.{_q('sender_id')} IS NULL OR m.{_q('sender_id')} NOT IN ({_in(mine)})) "
            f"AND NOT EXISTS (SELECT 1 FROM {read} r WHERE r.{_q('message_id')} = m.{_q('id')} "
            f"AND r.{_q('member_id')} IN ({_in(mine)}))"
        )
        columns.append(f"CASE WHEN l.latest = %s THEN NULL ELSE ({unread}) END")
        params += [skip, *message_teams, *mine, *mine, *mine, *mine]
    else:
        columns.append("NULL")
    if impact_teams and seen is not None:
        first = (
            f"SELECT MIN({_q('seq')}) FROM {event} WHERE {_q('team_id')} IN ({_in(impact_teams)}) "
            f"AND {_q('topic')} = 'impact.detected' AND {_q('seq')} > %s"
        )
        columns.append(f"CASE WHEN l.latest = %s THEN NULL ELSE ({first}) END")
        params += [skip, *impact_teams, seen]
    else:
        columns.append("NULL")
    # The latest's parameters come first in the text: the FROM clause is written last.
    sql = f"SELECT {', '.join(columns)} FROM (SELECT {latest} AS latest) AS l"
    params = params[len(team_ids):] + params[:len(team_ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        latest_value, unread_count, first_new = cursor.fetchone()
    return latest_value or 0, unread_count, first_new


def _table(model):
    return _q(model._meta.db_table)
