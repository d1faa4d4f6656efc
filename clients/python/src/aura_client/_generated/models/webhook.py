from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.format_enum import FormatEnum
from typing import cast
import datetime






T = TypeVar("T", bound="Webhook")



@_attrs_define
class Webhook:
    """ 
        Attributes:
            active (bool):
            created_at (datetime.datetime):
            description (str):
            format_ (FormatEnum): * `raw` - raw
                * `slack` - slack
                * `discord` - discord
            id (str):
            team (str):
            topics (Any): Topics to send; ["*"] for every topic.
            updated_at (datetime.datetime):
            url (str):
     """

    active: bool
    created_at: datetime.datetime
    description: str
    format_: FormatEnum
    id: str
    team: str
    topics: Any
    updated_at: datetime.datetime
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        description = self.description

        format_ = self.format_.value

        id = self.id

        team = self.team

        topics = self.topics

        updated_at = self.updated_at.isoformat()

        url = self.url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active": active,
            "created_at": created_at,
            "description": description,
            "format": format_,
            "id": id,
            "team": team,
            "topics": topics,
            "updated_at": updated_at,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        description = d.pop("description")

        format_ = FormatEnum(d.pop("format"))




        id = d.pop("id")

        team = d.pop("team")

        topics = d.pop("topics")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        url = d.pop("url")

        webhook = cls(
            active=active,
            created_at=created_at,
            description=description,
            format_=format_,
            id=id,
            team=team,
            topics=topics,
            updated_at=updated_at,
            url=url,
        )


        webhook.additional_properties = d
        return webhook

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
