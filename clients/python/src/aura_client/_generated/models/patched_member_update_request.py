from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_role_enum import MemberRoleEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedMemberUpdateRequest")



@_attrs_define
class PatchedMemberUpdateRequest:
    """ 
        Attributes:
            display_name (str | Unset):
            role (MemberRoleEnum | Unset): * `admin` - admin
                * `member` - member
                * `read-only` - read-only
     """

    display_name: str | Unset = UNSET
    role: MemberRoleEnum | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        display_name: str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_display_name(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        display_name = _parse_display_name(d.pop("display_name", UNSET))


        _role = d.pop("role", UNSET)
        role: MemberRoleEnum | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = MemberRoleEnum(_role)




        patched_member_update_request = cls(
            display_name=display_name,
            role=role,
        )


        patched_member_update_request.additional_properties = d
        return patched_member_update_request

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
