from django.apps import AppConfig
from django.db.models.signals import post_delete


class SnapshotsConfig(AppConfig):
    name = "snapshots"

    def ready(self):
        from . import storage
        from .models import Blob

        post_delete.connect(storage.delete_file_on_commit, sender=Blob, dispatch_uid="snapshots.blob.file")
