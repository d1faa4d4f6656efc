from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_kind_enum import MemberKindEnum
from ..models.member_role_enum import MemberRoleEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MemberCreateRequest")



@_attrs_define
class MemberCreateRequest:
    """ 
        Attributes:
            name (str): The handle, unique within the team. The member gets a new user, whose login name is handle@team.
            display_name (str | Unset):
            kind (MemberKindEnum | Unset): * `human` - human
                * `agent` - agent Default: MemberKindEnum.HUMAN.
            role (MemberRoleEnum | Unset): * `admin` - admin
                * `member` - member
                * `read-only` - read-only Default: MemberRoleEnum.MEMBER.
            team (str | Unset):
     """

    name: str
    display_name: str | Unset = UNSET
    kind: MemberKindEnum | Unset = MemberKindEnum.HUMAN
    role: MemberRoleEnum | Unset = MemberRoleEnum.MEMBER
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        display_name: str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
        })
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if kind is not UNSET:
            field_dict["kind"] = kind
        if role is not UNSET:
            field_dict["role"] = role
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_display_name(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        display_name = _parse_display_name(d.pop("display_name", UNSET))


        _kind = d.pop("kind", UNSET)
        kind: MemberKindEnum | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = MemberKindEnum(_kind)




        _role = d.pop("role", UNSET)
        role: MemberRoleEnum | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = MemberRoleEnum(_role)




        team = d.pop("team", UNSET)

        member_create_request = cls(
            name=name,
            display_name=display_name,
            kind=kind,
            role=role,
            team=team,
        )


        member_create_request.additional_properties = d
        return member_create_request

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
