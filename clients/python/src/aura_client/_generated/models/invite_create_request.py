from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_role_enum import MemberRoleEnum
from ..models.scopes_enum import ScopesEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="InviteCreateRequest")



@_attrs_define
class InviteCreateRequest:
    """ 
        Attributes:
            scopes (list[ScopesEnum]): The scopes of the token the new member gets (cut down by the role, as always).
            expires_in (str | Unset): A span: 30d, 12h, 15m, 90s (default 7d). Default: '7d'.
            handle (str | Unset): Only this handle may redeem it.
            max_uses (int | Unset):  Default: 1.
            role (MemberRoleEnum | Unset): * `admin` - admin
                * `member` - member
                * `read-only` - read-only Default: MemberRoleEnum.MEMBER.
            team (str | Unset):
     """

    scopes: list[ScopesEnum]
    expires_in: str | Unset = '7d'
    handle: str | Unset = UNSET
    max_uses: int | Unset = 1
    role: MemberRoleEnum | Unset = MemberRoleEnum.MEMBER
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)



        expires_in = self.expires_in

        handle = self.handle

        max_uses = self.max_uses

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "scopes": scopes,
        })
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if handle is not UNSET:
            field_dict["handle"] = handle
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if role is not UNSET:
            field_dict["role"] = role
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in (_scopes):
            scopes_item = ScopesEnum(scopes_item_data)



            scopes.append(scopes_item)


        expires_in = d.pop("expires_in", UNSET)

        handle = d.pop("handle", UNSET)

        max_uses = d.pop("max_uses", UNSET)

        _role = d.pop("role", UNSET)
        role: MemberRoleEnum | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = MemberRoleEnum(_role)




        team = d.pop("team", UNSET)

        invite_create_request = cls(
            scopes=scopes,
            expires_in=expires_in,
            handle=handle,
            max_uses=max_uses,
            role=role,
            team=team,
        )


        invite_create_request.additional_properties = d
        return invite_create_request

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
