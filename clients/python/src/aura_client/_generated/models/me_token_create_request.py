from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.scopes_enum import ScopesEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MeTokenCreateRequest")



@_attrs_define
class MeTokenCreateRequest:
    """ A token for yourself: the admin body without ``member`` (always the
    caller) and without rate-limit overrides (the team's budget applies).

        Attributes:
            expires_in (str): A span from 1d to 365d: 30d, 12w, 48h.
            scopes (list[ScopesEnum]):
            name (str | Unset):
            team (str | Unset):
            teams (list[str] | Unset):
     """

    expires_in: str
    scopes: list[ScopesEnum]
    name: str | Unset = UNSET
    team: str | Unset = UNSET
    teams: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        expires_in = self.expires_in

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)



        name: str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        team = self.team

        teams: list[str] | Unset = UNSET
        if not isinstance(self.teams, Unset):
            teams = self.teams




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "expires_in": expires_in,
            "scopes": scopes,
        })
        if name is not UNSET:
            field_dict["name"] = name
        if team is not UNSET:
            field_dict["team"] = team
        if teams is not UNSET:
            field_dict["teams"] = teams

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires_in = d.pop("expires_in")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in (_scopes):
            scopes_item = ScopesEnum(scopes_item_data)



            scopes.append(scopes_item)


        def _parse_name(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        team = d.pop("team", UNSET)

        teams = cast(list[str], d.pop("teams", UNSET))


        me_token_create_request = cls(
            expires_in=expires_in,
            scopes=scopes,
            name=name,
            team=team,
            teams=teams,
        )


        me_token_create_request.additional_properties = d
        return me_token_create_request

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
