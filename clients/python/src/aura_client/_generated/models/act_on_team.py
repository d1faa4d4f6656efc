from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.act_on_team_open_impacts_type_0 import ActOnTeamOpenImpactsType0
  from ..models.act_on_team_zones_type_0_item import ActOnTeamZonesType0Item





T = TypeVar("T", bound="ActOnTeam")



@_attrs_define
class ActOnTeam:
    """ 
        Attributes:
            open_impacts (ActOnTeamOpenImpactsType0 | None): {count, ids}: open impacts on your branch (null without
                read_impacts).
            team (str):
            unread_messages (int | None): Null without read_messages.
            zones (list[ActOnTeamZonesType0Item] | None): Others' active zones covering what you edit (null without
                read_zones).
     """

    open_impacts: ActOnTeamOpenImpactsType0 | None
    team: str
    unread_messages: int | None
    zones: list[ActOnTeamZonesType0Item] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.act_on_team_open_impacts_type_0 import ActOnTeamOpenImpactsType0 # noqa: PLC0415
        from ..models.act_on_team_zones_type_0_item import ActOnTeamZonesType0Item # noqa: PLC0415
        open_impacts: dict[str, Any] | None
        if isinstance(self.open_impacts, ActOnTeamOpenImpactsType0):
            open_impacts = self.open_impacts.to_dict()
        else:
            open_impacts = self.open_impacts

        team = self.team

        unread_messages: int | None
        unread_messages = self.unread_messages

        zones: list[dict[str, Any]] | None
        if isinstance(self.zones, list):
            zones = []
            for zones_type_0_item_data in self.zones:
                zones_type_0_item = zones_type_0_item_data.to_dict()
                zones.append(zones_type_0_item)


        else:
            zones = self.zones


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "open_impacts": open_impacts,
            "team": team,
            "unread_messages": unread_messages,
            "zones": zones,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.act_on_team_open_impacts_type_0 import ActOnTeamOpenImpactsType0 # noqa: PLC0415
        from ..models.act_on_team_zones_type_0_item import ActOnTeamZonesType0Item # noqa: PLC0415
        d = dict(src_dict)
        def _parse_open_impacts(data: object) -> ActOnTeamOpenImpactsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                open_impacts_type_0 = ActOnTeamOpenImpactsType0.from_dict(data)



                return open_impacts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActOnTeamOpenImpactsType0 | None, data)

        open_impacts = _parse_open_impacts(d.pop("open_impacts"))


        team = d.pop("team")

        def _parse_unread_messages(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        unread_messages = _parse_unread_messages(d.pop("unread_messages"))


        def _parse_zones(data: object) -> list[ActOnTeamZonesType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                zones_type_0 = []
                _zones_type_0 = data
                for zones_type_0_item_data in (_zones_type_0):
                    zones_type_0_item = ActOnTeamZonesType0Item.from_dict(zones_type_0_item_data)



                    zones_type_0.append(zones_type_0_item)

                return zones_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ActOnTeamZonesType0Item] | None, data)

        zones = _parse_zones(d.pop("zones"))


        act_on_team = cls(
            open_impacts=open_impacts,
            team=team,
            unread_messages=unread_messages,
            zones=zones,
        )


        act_on_team.additional_properties = d
        return act_on_team

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
