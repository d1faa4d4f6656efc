from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_kind_enum import MemberKindEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="InviteRedeemRequest")



@_attrs_define
class InviteRedeemRequest:
    """ 
        Attributes:
            code (str):
            name (str): Your handle in the team.
            display_name (str | Unset):
            kind (MemberKindEnum | Unset): * `human` - human
                * `agent` - agent Default: MemberKindEnum.HUMAN.
            password (str | Unset): For a new human user: the password of the dashboard login.
     """

    code: str
    name: str
    display_name: str | Unset = UNSET
    kind: MemberKindEnum | Unset = MemberKindEnum.HUMAN
    password: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        display_name: str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        password = self.password


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "name": name,
        })
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if kind is not UNSET:
            field_dict["kind"] = kind
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

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




        password = d.pop("password", UNSET)

        invite_redeem_request = cls(
            code=code,
            name=name,
            display_name=display_name,
            kind=kind,
            password=password,
        )

        return invite_redeem_request

