from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_role_enum import MemberRoleEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.member_ref import MemberRef





T = TypeVar("T", bound="InviteCreated")



@_attrs_define
class InviteCreated:
    """ 
        Attributes:
            code (str): The code, shown this once.
            created_at (datetime.datetime):
            created_by (MemberRef | None):
            display (str):
            expires_at (datetime.datetime):
            handle (None | str):
            id (str):
            max_uses (int):
            prefix (str): Shown to tell codes apart.
            revoked_at (datetime.datetime | None):
            role (MemberRoleEnum): * `admin` - admin
                * `member` - member
                * `read-only` - read-only
            scopes (Any): The scopes of the first token.
            state (str):
            team (str):
            uses (int):
     """

    code: str
    created_at: datetime.datetime
    created_by: MemberRef | None
    display: str
    expires_at: datetime.datetime
    handle: None | str
    id: str
    max_uses: int
    prefix: str
    revoked_at: datetime.datetime | None
    role: MemberRoleEnum
    scopes: Any
    state: str
    team: str
    uses: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        code = self.code

        created_at = self.created_at.isoformat()

        created_by: dict[str, Any] | None
        if isinstance(self.created_by, MemberRef):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        display = self.display

        expires_at = self.expires_at.isoformat()

        handle: None | str
        handle = self.handle

        id = self.id

        max_uses = self.max_uses

        prefix = self.prefix

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        role = self.role.value

        scopes = self.scopes

        state = self.state

        team = self.team

        uses = self.uses


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "created_at": created_at,
            "created_by": created_by,
            "display": display,
            "expires_at": expires_at,
            "handle": handle,
            "id": id,
            "max_uses": max_uses,
            "prefix": prefix,
            "revoked_at": revoked_at,
            "role": role,
            "scopes": scopes,
            "state": state,
            "team": team,
            "uses": uses,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_created_by(data: object) -> MemberRef | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                created_by_type_1 = MemberRef.from_dict(data)



                return created_by_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberRef | None, data)

        created_by = _parse_created_by(d.pop("created_by"))


        display = d.pop("display")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        def _parse_handle(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handle = _parse_handle(d.pop("handle"))


        id = d.pop("id")

        max_uses = d.pop("max_uses")

        prefix = d.pop("prefix")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        role = MemberRoleEnum(d.pop("role"))




        scopes = d.pop("scopes")

        state = d.pop("state")

        team = d.pop("team")

        uses = d.pop("uses")

        invite_created = cls(
            code=code,
            created_at=created_at,
            created_by=created_by,
            display=display,
            expires_at=expires_at,
            handle=handle,
            id=id,
            max_uses=max_uses,
            prefix=prefix,
            revoked_at=revoked_at,
            role=role,
            scopes=scopes,
            state=state,
            team=team,
            uses=uses,
        )


        invite_created.additional_properties = d
        return invite_created

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
