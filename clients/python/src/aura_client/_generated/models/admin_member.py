from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_kind_enum import MemberKindEnum
from ..models.member_role_enum import MemberRoleEnum
from typing import cast
import datetime






T = TypeVar("T", bound="AdminMember")



@_attrs_define
class AdminMember:
    """ A member as its team's admins see it: with its user's login name.

        Attributes:
            created_at (datetime.datetime):
            display_name (str):
            id (str):
            kind (MemberKindEnum): * `human` - human
                * `agent` - agent
            last_seen_at (datetime.datetime | None):
            login (str): The user's login name.
            name (str): The handle, e.g. ashiq; unique in the team.
            role (MemberRoleEnum): * `admin` - admin
                * `member` - member
                * `read-only` - read-only
            team (str):
     """

    created_at: datetime.datetime
    display_name: str
    id: str
    kind: MemberKindEnum
    last_seen_at: datetime.datetime | None
    login: str
    name: str
    role: MemberRoleEnum
    team: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        display_name = self.display_name

        id = self.id

        kind = self.kind.value

        last_seen_at: None | str
        if isinstance(self.last_seen_at, datetime.datetime):
            last_seen_at = self.last_seen_at.isoformat()
        else:
            last_seen_at = self.last_seen_at

        login = self.login

        name = self.name

        role = self.role.value

        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "display_name": display_name,
            "id": id,
            "kind": kind,
            "last_seen_at": last_seen_at,
            "login": login,
            "name": name,
            "role": role,
            "team": team,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        display_name = d.pop("display_name")

        id = d.pop("id")

        kind = MemberKindEnum(d.pop("kind"))




        def _parse_last_seen_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_seen_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_seen_at = _parse_last_seen_at(d.pop("last_seen_at"))


        login = d.pop("login")

        name = d.pop("name")

        role = MemberRoleEnum(d.pop("role"))




        team = d.pop("team")

        admin_member = cls(
            created_at=created_at,
            display_name=display_name,
            id=id,
            kind=kind,
            last_seen_at=last_seen_at,
            login=login,
            name=name,
            role=role,
            team=team,
        )


        admin_member.additional_properties = d
        return admin_member

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
