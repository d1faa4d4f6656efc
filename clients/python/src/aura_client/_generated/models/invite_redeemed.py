from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.member import Member
  from ..models.redeemed_token import RedeemedToken





T = TypeVar("T", bound="InviteRedeemed")



@_attrs_define
class InviteRedeemed:
    """ 
        Attributes:
            member (Member):
            token (RedeemedToken):
     """

    member: Member
    token: RedeemedToken
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member import Member # noqa: PLC0415
        from ..models.redeemed_token import RedeemedToken # noqa: PLC0415
        member = self.member.to_dict()

        token = self.token.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "member": member,
            "token": token,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member import Member # noqa: PLC0415
        from ..models.redeemed_token import RedeemedToken # noqa: PLC0415
        d = dict(src_dict)
        member = Member.from_dict(d.pop("member"))




        token = RedeemedToken.from_dict(d.pop("token"))




        invite_redeemed = cls(
            member=member,
            token=token,
        )


        invite_redeemed.additional_properties = d
        return invite_redeemed

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
