"""Request-body rules several resources share (DRF serializer helpers).

    body = StrictCharField(max_length=10_000)      # a JSON string, never a number made into one
    refuse_unknown(data, ("goal", "repo"))         # 400 naming each unknown field
    refuse_duplicates(nodes, "name", "nodes")      # 400 naming each repeat by its index
"""

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A JSON string, not a number turned into one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def refuse_unknown(data, allowed):
    """Raise a ValidationError naming every key of ``data`` not in ``allowed``."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise serializers.ValidationError(
            {key: f"Unknown field; allowed: {', '.join(allowed)}." for key in unknown}
        )


def refuse_duplicates(items, key, where):
    """Raise a ValidationError ``{index: {key: "Duplicate of <where>.<first>.<key>."}}``
    for every item whose ``key`` an earlier item already had; else return ``items``."""
    first, problems = {}, {}
    for index, item in enumerate(items):
        if item[key] in first:
            problems[index] = {key: f"Duplicate of {where}.{first[item[key]]}.{key}."}
        else:
            first[item[key]] = index
    if problems:
        raise serializers.ValidationError(problems)
    return items


class StrictRegexField(serializers.RegexField):
    """A JSON string matching a pattern, not a number turned into one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not a string of digits, a float or a boolean."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false: not "yes", 1 or "true"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data
