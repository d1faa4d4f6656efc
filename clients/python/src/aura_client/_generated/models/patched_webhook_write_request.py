from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.format_enum import FormatEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedWebhookWriteRequest")



@_attrs_define
class PatchedWebhookWriteRequest:
    """ Body of POST and PATCH. ``secret`` is write-only: never in an answer
    except the generated one, once, in the 201 of a create without one.

        Attributes:
            active (bool | Unset):  Default: True.
            description (str | Unset):  Default: ''.
            format_ (FormatEnum | Unset): * `raw` - raw
                * `slack` - slack
                * `discord` - discord Default: FormatEnum.RAW.
            secret (str | Unset):
            team (str | Unset):
            topics (Any | Unset):
            url (str | Unset):
     """

    active: bool | Unset = True
    description: str | Unset = ''
    format_: FormatEnum | Unset = FormatEnum.RAW
    secret: str | Unset = UNSET
    team: str | Unset = UNSET
    topics: Any | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        description = self.description

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value


        secret = self.secret

        team = self.team

        topics = self.topics

        url = self.url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if active is not UNSET:
            field_dict["active"] = active
        if description is not UNSET:
            field_dict["description"] = description
        if format_ is not UNSET:
            field_dict["format"] = format_
        if secret is not UNSET:
            field_dict["secret"] = secret
        if team is not UNSET:
            field_dict["team"] = team
        if topics is not UNSET:
            field_dict["topics"] = topics
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        description = d.pop("description", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: FormatEnum | Unset
        if isinstance(_format_,  Unset):
            format_ = UNSET
        else:
            format_ = FormatEnum(_format_)




        secret = d.pop("secret", UNSET)

        team = d.pop("team", UNSET)

        topics = d.pop("topics", UNSET)

        url = d.pop("url", UNSET)

        patched_webhook_write_request = cls(
            active=active,
            description=description,
            format_=format_,
            secret=secret,
            team=team,
            topics=topics,
            url=url,
        )


        patched_webhook_write_request.additional_properties = d
        return patched_webhook_write_request

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
