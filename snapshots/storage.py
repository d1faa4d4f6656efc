"""Content-addressed blob storage, streamed.

``Spool`` takes the content in chunks — from a request body read piece by
piece, or from bytes already in memory — hashing it (SHA-256), counting it
against the limit and noting whether it is UTF-8 text, into a temporary file:
nothing is held whole in memory, and content over the limit is refused
(413 ``payload_too_large``) before anything reaches storage. ``store`` then
keeps one copy per (team, hash) through Django's default storage; a second
upload of the same bytes only adds a row that points at it.
"""

import codecs
import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import timezone

from aura_site.api import errors

from . import sql
from .models import Blob, storage_name

CHUNK_SIZE = 1024 * 1024
THREADED_HASH_BYTES = 64 * 1024
_HASHERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="snapshot-hash")  # threads start on first use

# Spool files live in FILE_UPLOAD_TEMP_DIR (beside the blobs). One left by a
# worker killed mid-upload is removed by the next upload after a day.
STALE_SPOOL_SECONDS = 24 * 3600
SWEEP_EVERY_SECONDS = 3600
_swept = {}  # directory -> when this process last looked


def incoming_dir(now=None):
    """The spool directory, made if missing; once an hour, cleared of spool
    files older than a day."""
    directory = settings.FILE_UPLOAD_TEMP_DIR
    now = time.time() if now is None else now
    if now - _swept.get(str(directory), -SWEEP_EVERY_SECONDS) >= SWEEP_EVERY_SECONDS:
        _swept[str(directory)] = now
        os.makedirs(directory, exist_ok=True)
        with os.scandir(directory) as entries:
            for entry in entries:
                try:
                    if entry.name.endswith(".upload") and entry.is_file() and (
                        now - entry.stat().st_mtime > STALE_SPOOL_SECONDS
                    ):
                        os.unlink(entry.path)
                except FileNotFoundError:
                    pass
    return directory


def max_bytes():
    return settings.AURA_SNAPSHOT_MAX_BYTES


def too_large(limit):
    return errors.PayloadTooLarge(
        f"The snapshot content exceeds {limit} bytes.",
        hint="Snapshots are limited by AURA_SNAPSHOT_MAX_BYTES (10 MiB by default).",
        limit=limit,
    )


class Spool:
    """A temporary file being filled, hashed and measured. Use as a context
    manager: the temporary file is gone when the block ends."""

    def __init__(self, limit=None):
        self.limit = max_bytes() if limit is None else limit
        incoming_dir()
        self.file = TemporaryUploadedFile("snapshot", "application/octet-stream", 0, None)
        self.size = 0
        self._hash = hashlib.sha256()
        self._hashing = None  # the previous chunk's hashing, on a thread
        self._text = codecs.getincrementaldecoder("utf-8")()
        self.is_text = True
        self.sha256 = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self._hashed()
        finally:
            self.file.close()

    def _hashed(self):
        if self._hashing is not None:
            hashing, self._hashing = self._hashing, None
            hashing.result()

    def write(self, chunk):
        """Add a chunk (bytes or any bytes-like view)."""
        self.size += len(chunk)
        if self.size > self.limit:
            raise too_large(self.limit)
        # SHA-256 of a large chunk runs on a thread (hashlib lets go of the
        # GIL) while this one writes the chunk and the next is received: the
        # hash was the largest per-byte cost of an upload.
        self._hashed()
        if len(chunk) >= THREADED_HASH_BYTES:
            self._hashing = _HASHERS.submit(self._hash.update, chunk)
        else:
            self._hash.update(chunk)
        if self.is_text:
            chunk = bytes(chunk)  # a view of a receive buffer (binary content stops here at once)
            if b"\x00" in chunk:
                self.is_text = False
            elif not (chunk.isascii() and not self._text.getstate()[0]):  # ASCII needs no decoding
                try:
                    self._text.decode(chunk)
                except UnicodeDecodeError:
                    self.is_text = False
        self.file.write(chunk)

    def finish(self):
        self._hashed()
        if self.is_text:
            try:
                self._text.decode(b"", final=True)
            except UnicodeDecodeError:
                self.is_text = False
        self.sha256 = self._hash.hexdigest()
        self.file.size = self.size
        self.file.flush()
        self.file.seek(0)
        return self


def spool_chunks(chunks, limit=None):
    """Spool an iterable of bytes-like chunks. A chunk is hashed on a thread
    until the next one is written: a producer that reuses buffers must keep
    each one intact until the chunk after next is asked for."""
    spool = Spool(limit)
    try:
        for chunk in chunks:
            spool.write(chunk)
        return spool.finish()
    except BaseException:
        spool.close()
        raise


def spool_stream(stream, limit=None, chunk_size=CHUNK_SIZE):
    """Read ``stream`` (a file-like request body) chunk by chunk into a Spool."""
    return spool_chunks(iter(lambda: stream.read(chunk_size), b""), limit)


def spool_bytes(data, limit=None):
    spool = Spool(limit)
    try:
        for start in range(0, len(data), CHUNK_SIZE):
            spool.write(data[start : start + CHUNK_SIZE])
        return spool.finish()
    except BaseException:
        spool.close()
        raise


def store(team, spool):
    """The team's Blob for the spooled content, writing the file only if it is
    not stored yet. Returns (blob, wrote_file)."""
    blob = _blob_row(team, spool)
    name = storage_name(team.id, spool.sha256)
    if default_storage.exists(name):
        return blob, False
    saved = default_storage.save(name, spool.file)
    if saved != name:
        # A concurrent upload of the same bytes took the name first: keep theirs.
        default_storage.delete(saved)
        return blob, False
    return blob, True


def _blob_row(team, spool):
    """The team's Blob row for the spooled content, inserted unless it exists:
    one ``INSERT … ON CONFLICT DO NOTHING`` (and a read when the team has the
    content already) — no savepoint, and a concurrent upload of the same
    bytes waits on the unique index instead of failing."""
    now = timezone.now()
    pk = sql.insert_blob(team.pk, spool.sha256, spool.size, spool.is_text, now)
    if pk is None:
        return Blob.objects.get(team=team, sha256=spool.sha256)
    blob = Blob.from_db(connection.alias, ["id", "team_id", "sha256", "size", "is_text", "created_at"],
                        [pk, team.pk, spool.sha256, spool.size, spool.is_text, now])
    blob.team = team
    return blob


def discard(blob):
    default_storage.delete(blob.storage_name)


def open_blob(blob):
    return default_storage.open(blob.storage_name, "rb")


def delete_file_on_commit(sender, instance, **kwargs):
    """post_delete of a Blob (e.g. its team was deleted): remove the file once
    the deletion commits."""
    name = instance.storage_name
    transaction.on_commit(lambda: default_storage.delete(name))
