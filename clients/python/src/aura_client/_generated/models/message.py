from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel_enum import ChannelEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.message_from import MessageFrom
  from ..models.message_subject_type_0 import MessageSubjectType0
  from ..models.message_to import MessageTo





T = TypeVar("T", bound="Message")



@_attrs_define
class Message:
    """ 
        Attributes:
            body (str):
            channel (ChannelEnum): * `team` - team
                * `sentinel` - sentinel
            created_at (datetime.datetime):
            from_ (MessageFrom): Who posted it: a member (kind human or agent), the server (kind sentinel, id null), or a
                member since removed from the team (kind removed, id null).
            id (str):
            read_by (list[str]):
            subject (MessageSubjectType0 | None):
            team (str):
            to (MessageTo):
     """

    body: str
    channel: ChannelEnum
    created_at: datetime.datetime
    from_: MessageFrom
    id: str
    read_by: list[str]
    subject: MessageSubjectType0 | None
    team: str
    to: MessageTo
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.message_from import MessageFrom # noqa: PLC0415
        from ..models.message_subject_type_0 import MessageSubjectType0 # noqa: PLC0415
        from ..models.message_to import MessageTo # noqa: PLC0415
        body = self.body

        channel = self.channel.value

        created_at = self.created_at.isoformat()

        from_ = self.from_.to_dict()

        id = self.id

        read_by = self.read_by



        subject: dict[str, Any] | None
        if isinstance(self.subject, MessageSubjectType0):
            subject = self.subject.to_dict()
        else:
            subject = self.subject

        team = self.team

        to = self.to.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "body": body,
            "channel": channel,
            "created_at": created_at,
            "from": from_,
            "id": id,
            "read_by": read_by,
            "subject": subject,
            "team": team,
            "to": to,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_from import MessageFrom # noqa: PLC0415
        from ..models.message_subject_type_0 import MessageSubjectType0 # noqa: PLC0415
        from ..models.message_to import MessageTo # noqa: PLC0415
        d = dict(src_dict)
        body = d.pop("body")

        channel = ChannelEnum(d.pop("channel"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        from_ = MessageFrom.from_dict(d.pop("from"))




        id = d.pop("id")

        read_by = cast(list[str], d.pop("read_by"))


        def _parse_subject(data: object) -> MessageSubjectType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                subject_type_0 = MessageSubjectType0.from_dict(data)



                return subject_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageSubjectType0 | None, data)

        subject = _parse_subject(d.pop("subject"))


        team = d.pop("team")

        to = MessageTo.from_dict(d.pop("to"))




        message = cls(
            body=body,
            channel=channel,
            created_at=created_at,
            from_=from_,
            id=id,
            read_by=read_by,
            subject=subject,
            team=team,
            to=to,
        )


        message.additional_properties = d
        return message

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
