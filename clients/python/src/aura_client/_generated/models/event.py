from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.topic_enum import TopicEnum
from typing import cast
import datetime






T = TypeVar("T", bound="Event")



@_attrs_define
class Event:
    """ An event as the poll lists it: the SSE frame's data plus its sequence.

        Attributes:
            created_at (datetime.datetime):
            data (Any):
            event_id (str):
            seq (int):
            team (str):
            topic (TopicEnum): * `intent.logged` - intent.logged
                * `impact.detected` - impact.detected
                * `impact.updated` - impact.updated
                * `message.posted` - message.posted
                * `snapshot.created` - snapshot.created
                * `zone.claimed` - zone.claimed
                * `zone.released` - zone.released
                * `zone.blocked` - zone.blocked
                * `prove.passed` - prove.passed
                * `prove.failed` - prove.failed
                * `token.revoked` - token.revoked
                * `knowledge.created` - knowledge.created
                * `member.joined` - member.joined
                * `presence.changed` - presence.changed
     """

    created_at: datetime.datetime
    data: Any
    event_id: str
    seq: int
    team: str
    topic: TopicEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data = self.data

        event_id = self.event_id

        seq = self.seq

        team = self.team

        topic = self.topic.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "data": data,
            "event_id": event_id,
            "seq": seq,
            "team": team,
            "topic": topic,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        data = d.pop("data")

        event_id = d.pop("event_id")

        seq = d.pop("seq")

        team = d.pop("team")

        topic = TopicEnum(d.pop("topic"))




        event = cls(
            created_at=created_at,
            data=data,
            event_id=event_id,
            seq=seq,
            team=team,
            topic=topic,
        )


        event.additional_properties = d
        return event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
