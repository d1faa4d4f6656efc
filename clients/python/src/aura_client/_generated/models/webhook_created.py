from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.format_enum import FormatEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookCreated")



@_attrs_define
class WebhookCreated:
    """ The answer to a create: ``secret`` only when the server generated it
    (shown once; null in an Idempotency-Key replay).

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
            secret (None | str | Unset): The generated signing secret, present only when none was sent; shown once.
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
    secret: None | str | Unset = UNSET
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

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret


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
        if secret is not UNSET:
            field_dict["secret"] = secret

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

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))


        webhook_created = cls(
            active=active,
            created_at=created_at,
            description=description,
            format_=format_,
            id=id,
            team=team,
            topics=topics,
            updated_at=updated_at,
            url=url,
            secret=secret,
        )


        webhook_created.additional_properties = d
        return webhook_created

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
