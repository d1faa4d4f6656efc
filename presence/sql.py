"""Presence's raw SQL: the heartbeat's answer, by name.

A heartbeat comes about once a minute from every active member (83/s for
5,000 peers), so its database work is kept to at most two short statements
(the other: ``events.sql.latest_seq``), written out: the ORM would spend more Python building them than the
database spends answering. Where PostgreSQL and SQLite differ, both texts
stand side by side, picked by ``connection.vendor``.
"""

from django.db import connection

from accounts.models import Member
from impacts.models import ACTIVE, Impact
from messages.models import Message, MessageRead
from zones.models import Zone, ZonePath


def _q(name):
    return connection.ops.quote_name(name)


def _table(model):
    return _q(model._meta.db_table)


def _epoch(column):
    """Seconds since the epoch of a timestamp column, as a double."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})"
    return f"CAST(strftime('%%s', {column}) AS DOUBLE PRECISION)"


def answer_rows(team_id, member_id, *, impacts, messages, zones, repo, branch, now, max_ids):
    """What a heartbeat answers, in one statement (``UNION ALL`` of the parts
    asked for). Rows of (kind, id, number, mode, owner_id, owner_name,
    owner_kind, reason, repo, branch, pattern, position):

    - ``i``: an open impact's id on ``branch``/``repo`` (at most ``max_ids``,
      newest first) and ``c``: their count (number);
    - ``w``: when the next snoozed one of them wakes (number: epoch, or NULL);
    - ``u``: the member's unread messages (number);
    - ``z``: one entry (pattern, position) of an active zone of another
      member (number: when it expires).

    Raw: one round trip for what the ORM writes as four queries (a
    ``UNION`` of sliced or aggregated querysets is not portable to SQLite)."""
    at = connection.ops.adapt_datetimefield_value(now)
    parts, params = [], []
    # Typed nulls: the first part, a subquery, fixes the columns' types on PostgreSQL.
    empty = ", ".join(["CAST(NULL AS VARCHAR(1))"] * 8 + ["CAST(NULL AS INTEGER)"])
    if impacts:
        imp = _table(Impact)
        where = (f"{_q('team_id')} = %s AND {_q('status')} IN (%s, %s) "
                 f"AND ({_q('status')} = 'open' OR {_q('snooze_until')} <= %s)")
        where_params = [team_id, *ACTIVE, at]
        narrow, narrow_params = "", []
        if branch:
            narrow += f" AND {_q('your_branch')} = %s"
            narrow_params.append(branch)
        if repo:
            narrow += f" AND {_q('repo')} = %s"
            narrow_params.append(repo)
        parts.append(
            f"SELECT * FROM (SELECT 'i' AS k, {_q('id')} AS id, CAST(NULL AS DOUBLE PRECISION) AS n, {empty} "
            f"FROM {imp} WHERE {where}{narrow} ORDER BY {_q('id')} DESC LIMIT %s) AS open_ids"
        )
        params += [*where_params, *narrow_params, max_ids]
        parts.append(f"SELECT 'c', NULL, COUNT(*), {empty} FROM {imp} WHERE {where}{narrow}")
        params += [*where_params, *narrow_params]
        parts.append(
            f"SELECT 'w', NULL, MIN({_epoch(_q('snooze_until'))}), {empty} FROM {imp} "
            f"WHERE {_q('team_id')} = %s AND {_q('status')} = 'snoozed' AND {_q('snooze_until')} > %s{narrow}"
        )
        params += [team_id, at, *narrow_params]
    if messages:
        msg, read = _table(Message), _table(MessageRead)
        parts.append(
            f"SELECT 'u', NULL, COUNT(*), {empty} FROM {msg} m WHERE m.{_q('team_id')} = %s "
            f"AND (m.{_q('recipient_id')} IS NULL OR m.{_q('recipient_id')} = %s) "
            f"AND (m.{_q('sender_id')} IS NULL OR m.{_q('sender_id')} <> %s) "
            f"AND NOT EXISTS (SELECT 1 FROM {read} r WHERE r.{_q('message_id')} = m.{_q('id')} "
            f"AND r.{_q('member_id')} = %s)"
        )
        params += [team_id, member_id, member_id, member_id]
    if zones:
        zone, path, member = _table(Zone), _table(ZonePath), _table(Member)
        parts.append(
            f"SELECT 'z', z.{_q('id')}, {_epoch('z.' + _q('expires_at'))}, z.{_q('mode')}, z.{_q('owner_id')}, "
            f"o.{_q('name')}, o.{_q('kind')}, z.{_q('reason')}, z.{_q('repo')}, z.{_q('branch')}, "
            f"p.{_q('pattern')}, p.{_q('position')} "
            f"FROM {zone} z JOIN {member} o ON o.{_q('id')} = z.{_q('owner_id')} "
            f"JOIN {path} p ON p.{_q('zone_id')} = z.{_q('id')} "
            f"WHERE z.{_q('team_id')} = %s AND z.{_q('expires_at')} > %s AND z.{_q('owner_id')} <> %s"
        )
        params += [team_id, at, member_id]
    if not parts:
        return []
    # Impact ids and zones newest first, a zone's entries in order: as the ORM lists them.
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2 DESC, 12"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
