from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.recipient_input_request_type_1_kind import RecipientInputRequestType1Kind
from ..types import UNSET, Unset






T = TypeVar("T", bound="RecipientInputRequestType1")



@_attrs_define
class RecipientInputRequestType1:
    """ 
        Attributes:
            id (Any):
            kind (RecipientInputRequestType1Kind | Unset):
     """

    id: Any
    kind: RecipientInputRequestType1Kind | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        _kind = d.pop("kind", UNSET)
        kind: RecipientInputRequestType1Kind | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = RecipientInputRequestType1Kind(_kind)




        recipient_input_request_type_1 = cls(
            id=id,
            kind=kind,
        )


        recipient_input_request_type_1.additional_properties = d
        return recipient_input_request_type_1

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
