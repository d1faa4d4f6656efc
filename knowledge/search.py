"""Full-text search of the knowledge base, ranked by (relevance, votes, id).

PostgreSQL: ``websearch_to_tsquery`` against the same ``to_tsvector`` as the
GIN index of migration 0001 (so the index answers the match), ``ts_rank``
as the relevance. Other databases (SQLite, for development): every word of
``q`` must appear in the question or the answer (case-insensitively); the
relevance is the number of (word, field) pairs that match.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Cast

CONFIG = "english"
MAX_QUERY_LENGTH = 500


def vector():
    """The indexed expression: keep it equal to the index in migration 0001."""
    return SearchVector("question", "answer", config=CONFIG)


def words(q):
    return [w for w in q.split() if w]


def search(queryset, q):
    """``queryset`` matching ``q``, annotated with ``rank`` (a float)."""
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        # ts_rank is a real: as a double precision it round-trips exactly
        # through the cursor.
        return queryset.annotate(search_vector=vector()).filter(search_vector=query).annotate(
            rank=Cast(SearchRank(F("search_vector"), query), FloatField())
        )
    terms = words(q)
    match = Q()
    score = Value(0.0, output_field=FloatField())
    for term in terms:
        match &= Q(question__icontains=term) | Q(answer__icontains=term)
        for field in ("question", "answer"):
            score = score + Case(
                When(**{f"{field}__icontains": term}, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
            )
    return queryset.filter(match).annotate(rank=score)


def after(queryset, key):
    """Rows strictly after ``key`` = (rank, votes, id) in (rank, votes, id) descending order."""
    rank, votes, pk = key
    return queryset.filter(
        Q(rank__lt=rank) | Q(rank=rank, votes__lt=votes) | Q(rank=rank, votes=votes, id__lt=pk)
    )


def ordered(queryset):
    return queryset.order_by("-rank", "-votes", "-id")
