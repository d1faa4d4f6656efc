from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.scopes_enum import ScopesEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TokenCreateRequest")



@_attrs_define
class TokenCreateRequest:
    """ 
        Attributes:
            member (str): Handle or id of the member the token acts as.
            scopes (list[ScopesEnum]):
            expires_in (str | Unset): A span: 30d, 12h, 15m, 90s.
            name (str | Unset):
            rate_limit_per_minute (int | Unset):
            rate_limit_per_second (int | Unset):
            team (str | Unset):
            teams (list[str] | Unset):
     """

    member: str
    scopes: list[ScopesEnum]
    expires_in: str | Unset = UNSET
    name: str | Unset = UNSET
    rate_limit_per_minute: int | Unset = UNSET
    rate_limit_per_second: int | Unset = UNSET
    team: str | Unset = UNSET
    teams: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        member = self.member

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)



        expires_in = self.expires_in

        name: str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        rate_limit_per_minute = self.rate_limit_per_minute

        rate_limit_per_second = self.rate_limit_per_second

        team = self.team

        teams: list[str] | Unset = UNSET
        if not isinstance(self.teams, Unset):
            teams = self.teams




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "member": member,
            "scopes": scopes,
        })
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if name is not UNSET:
            field_dict["name"] = name
        if rate_limit_per_minute is not UNSET:
            field_dict["rate_limit_per_minute"] = rate_limit_per_minute
        if rate_limit_per_second is not UNSET:
            field_dict["rate_limit_per_second"] = rate_limit_per_second
        if team is not UNSET:
            field_dict["team"] = team
        if teams is not UNSET:
            field_dict["teams"] = teams

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member = d.pop("member")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in (_scopes):
            scopes_item = ScopesEnum(scopes_item_data)



            scopes.append(scopes_item)


        expires_in = d.pop("expires_in", UNSET)

        def _parse_name(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        rate_limit_per_minute = d.pop("rate_limit_per_minute", UNSET)

        rate_limit_per_second = d.pop("rate_limit_per_second", UNSET)

        team = d.pop("team", UNSET)

        teams = cast(list[str], d.pop("teams", UNSET))


        token_create_request = cls(
            member=member,
            scopes=scopes,
            expires_in=expires_in,
            name=name,
            rate_limit_per_minute=rate_limit_per_minute,
            rate_limit_per_second=rate_limit_per_second,
            team=team,
            teams=teams,
        )


        token_create_request.additional_properties = d
        return token_create_request

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
