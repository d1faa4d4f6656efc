from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.recipient_input_kind_enum import RecipientInputKindEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="RecipientInputRequest")



@_attrs_define
class RecipientInputRequest:
    """ 
        Attributes:
            kind (RecipientInputKindEnum): * `broadcast` - broadcast
                * `member` - member
            id (str | Unset): The recipient's member id (or handle), for kind member.
     """

    kind: RecipientInputKindEnum
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        id = self.id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
        })
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = RecipientInputKindEnum(d.pop("kind"))




        id = d.pop("id", UNSET)

        recipient_input_request = cls(
            kind=kind,
            id=id,
        )


        recipient_input_request.additional_properties = d
        return recipient_input_request

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
