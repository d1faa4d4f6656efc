from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.format_enum import FormatEnum
from ..models.topics_enum import TopicsEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedWebhookWriteRequest")



@_attrs_define
class PatchedWebhookWriteRequest:
    """ Body of POST and PATCH. ``secret`` is write-only: never in an answer
    except the generated one, once, in the 201 of a create without one.

        Attributes:
            active (bool | Unset):  Default: True.
            description (str | Unset):
            format_ (FormatEnum | Unset): * `raw` - raw
                * `slack` - slack
                * `discord` - discord Default: FormatEnum.RAW.
            secret (str | Unset):
            topics (list[TopicsEnum] | Unset): The topics to send, or ["*"] for every topic.
            url (str | Unset):
     """

    active: bool | Unset = True
    description: str | Unset = UNSET
    format_: FormatEnum | Unset = FormatEnum.RAW
    secret: str | Unset = UNSET
    topics: list[TopicsEnum] | Unset = UNSET
    url: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        description: str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value


        secret = self.secret

        topics: list[str] | Unset = UNSET
        if not isinstance(self.topics, Unset):
            topics = []
            for topics_item_data in self.topics:
                topics_item = topics_item_data.value
                topics.append(topics_item)



        url = self.url


        field_dict: dict[str, Any] = {}

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
        if topics is not UNSET:
            field_dict["topics"] = topics
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        def _parse_description(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        _format_ = d.pop("format", UNSET)
        format_: FormatEnum | Unset
        if isinstance(_format_,  Unset):
            format_ = UNSET
        else:
            format_ = FormatEnum(_format_)




        secret = d.pop("secret", UNSET)

        _topics = d.pop("topics", UNSET)
        topics: list[TopicsEnum] | Unset = UNSET
        if _topics is not UNSET:
            topics = []
            for topics_item_data in _topics:
                topics_item = TopicsEnum(topics_item_data)



                topics.append(topics_item)


        url = d.pop("url", UNSET)

        patched_webhook_write_request = cls(
            active=active,
            description=description,
            format_=format_,
            secret=secret,
            topics=topics,
            url=url,
        )

        return patched_webhook_write_request

