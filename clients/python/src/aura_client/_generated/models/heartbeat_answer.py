from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.act_on_team import ActOnTeam
  from ..models.presence_row import PresenceRow





T = TypeVar("T", bound="HeartbeatAnswer")



@_attrs_define
class HeartbeatAnswer:
    """ 
        Attributes:
            act_on (list[ActOnTeam]):
            active_window_seconds (int):
            presence (list[PresenceRow]): Your row, one per team.
     """

    act_on: list[ActOnTeam]
    active_window_seconds: int
    presence: list[PresenceRow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.act_on_team import ActOnTeam # noqa: PLC0415
        from ..models.presence_row import PresenceRow # noqa: PLC0415
        act_on = []
        for act_on_item_data in self.act_on:
            act_on_item = act_on_item_data.to_dict()
            act_on.append(act_on_item)



        active_window_seconds = self.active_window_seconds

        presence = []
        for presence_item_data in self.presence:
            presence_item = presence_item_data.to_dict()
            presence.append(presence_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_on": act_on,
            "active_window_seconds": active_window_seconds,
            "presence": presence,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.act_on_team import ActOnTeam # noqa: PLC0415
        from ..models.presence_row import PresenceRow # noqa: PLC0415
        d = dict(src_dict)
        act_on = []
        _act_on = d.pop("act_on")
        for act_on_item_data in (_act_on):
            act_on_item = ActOnTeam.from_dict(act_on_item_data)



            act_on.append(act_on_item)


        active_window_seconds = d.pop("active_window_seconds")

        presence = []
        _presence = d.pop("presence")
        for presence_item_data in (_presence):
            presence_item = PresenceRow.from_dict(presence_item_data)



            presence.append(presence_item)


        heartbeat_answer = cls(
            act_on=act_on,
            active_window_seconds=active_window_seconds,
            presence=presence,
        )


        heartbeat_answer.additional_properties = d
        return heartbeat_answer

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
