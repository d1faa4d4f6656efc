from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.message_create_request_channel import MessageCreateRequestChannel
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.recipient_input_request_type_0 import RecipientInputRequestType0
  from ..models.recipient_input_request_type_1 import RecipientInputRequestType1





T = TypeVar("T", bound="MessageCreateRequest")



@_attrs_define
class MessageCreateRequest:
    """ 
        Attributes:
            body (str):
            channel (MessageCreateRequestChannel | Unset): Only the server posts on the sentinel channel. Default:
                MessageCreateRequestChannel.TEAM.
            team (str | Unset): Team slug (needed if you belong to several).
            to (RecipientInputRequestType0 | RecipientInputRequestType1 | Unset):
     """

    body: str
    channel: MessageCreateRequestChannel | Unset = MessageCreateRequestChannel.TEAM
    team: str | Unset = UNSET
    to: RecipientInputRequestType0 | RecipientInputRequestType1 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.recipient_input_request_type_0 import RecipientInputRequestType0 # noqa: PLC0415
        from ..models.recipient_input_request_type_1 import RecipientInputRequestType1 # noqa: PLC0415
        body = self.body

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value


        team = self.team

        to: dict[str, Any] | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        elif isinstance(self.to, RecipientInputRequestType0):
            to = self.to.to_dict()
        else:
            to = self.to.to_dict()



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "body": body,
        })
        if channel is not UNSET:
            field_dict["channel"] = channel
        if team is not UNSET:
            field_dict["team"] = team
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recipient_input_request_type_0 import RecipientInputRequestType0 # noqa: PLC0415
        from ..models.recipient_input_request_type_1 import RecipientInputRequestType1 # noqa: PLC0415
        d = dict(src_dict)
        body = d.pop("body")

        _channel = d.pop("channel", UNSET)
        channel: MessageCreateRequestChannel | Unset
        if isinstance(_channel,  Unset):
            channel = UNSET
        else:
            channel = MessageCreateRequestChannel(_channel)




        team = d.pop("team", UNSET)

        def _parse_to(data: object) -> RecipientInputRequestType0 | RecipientInputRequestType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_recipient_input_request_type_0 = RecipientInputRequestType0.from_dict(data)



                return componentsschemas_recipient_input_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_recipient_input_request_type_1 = RecipientInputRequestType1.from_dict(data)



            return componentsschemas_recipient_input_request_type_1

        to = _parse_to(d.pop("to", UNSET))


        message_create_request = cls(
            body=body,
            channel=channel,
            team=team,
            to=to,
        )


        message_create_request.additional_properties = d
        return message_create_request

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
