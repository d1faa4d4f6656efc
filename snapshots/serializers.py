import base64
import binascii
import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aura_site.api.validation import StrictCharField, StrictRegexField

from accounts.serializers import MemberRefSerializer
from zones import overlap

from .models import Snapshot

# ASCII, as media types are (RFC 6838); the same pattern in the OpenAPI document.
MEDIA_TYPE_RE = re.compile(
    r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(\s*;\s*[\w.+-]+=(\"[^\"\r\n]*\"|[\w.+-]+))*$", re.ASCII
)


@extend_schema_field(overlap.FILE_PATH_SCHEMA)
class FilePathField(StrictCharField):
    """A snapshot's path (checked by ``overlap.path_error``)."""


class SnapshotSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sha256 = serializers.CharField(source="blob.sha256", read_only=True)
    size = serializers.IntegerField(source="blob.size", read_only=True)
    author = MemberRefSerializer(read_only=True)
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = Snapshot
        fields = [
            "id", "team", "path", "repo", "branch", "commit_sha", "sha256", "size", "content_type",
            "author", "created_at", "content_url",
        ]
        read_only_fields = fields

    def get_content_url(self, snapshot) -> str:
        return f"/v1/snapshots/{snapshot.id}/content"


class SnapshotMetaSerializer(serializers.Serializer):
    """The metadata of a new snapshot: the JSON body's fields, or the query
    parameters of a raw upload."""

    path = FilePathField(trim_whitespace=False, help_text="Relative, /-separated, no .. segment.")
    repo = StrictCharField(max_length=300, required=False, allow_null=True, default=None)
    branch = StrictCharField(max_length=300, required=False, allow_null=True, default=None)
    commit_sha = StrictRegexField(
        r"^[0-9a-fA-F]{4,64}$", required=False, allow_null=True, default=None,
        error_messages={"invalid": "A commit SHA is 4 to 64 hexadecimal digits."},
    )
    content_type = StrictCharField(
        max_length=200, required=False, allow_null=True, default=None,
        help_text="Recorded as given; by default what the bytes are (text/plain; charset=utf-8 or application/octet-stream).",
    )
    team = StrictCharField(
        required=False, allow_blank=True, help_text="Team slug (needed if you belong to several)."
    )

    def validate_path(self, value):
        if isinstance(value, str) and value and not value.strip():
            raise serializers.ValidationError("The path must not be blank (whitespace only).")
        problem = overlap.path_error(value)
        if problem:
            raise serializers.ValidationError(f"The path {problem}.")
        return value

    def validate_content_type(self, value):
        if value is not None and not MEDIA_TYPE_RE.match(value.strip()):
            raise serializers.ValidationError("Not a media type (type/subtype[; param=value]).")
        return value


class SnapshotCreateSerializer(SnapshotMetaSerializer):
    content = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Text content (stored as UTF-8)."
    )
    content_base64 = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Binary content, base64 (RFC 4648)."
    )

    def validate_content_base64(self, value):
        try:
            return base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError("Not valid base64 (RFC 4648, standard alphabet).") from None

    def to_internal_value(self, data):
        if isinstance(data, dict):
            wrong = {k: "Must be a string." for k in ("content", "content_base64")
                     if k in data and not isinstance(data[k], str)}
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)

    def validate(self, data):
        has_text, has_b64 = "content" in data, "content_base64" in data
        if has_text == has_b64:
            raise serializers.ValidationError(
                {"content": "Send exactly one of content (text) and content_base64 (binary)."}
            )
        data["data"] = data.pop("content").encode("utf-8") if has_text else data.pop("content_base64")
        return data
