from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.zone import Zone





T = TypeVar("T", bound="ZoneCheck")



@_attrs_define
class ZoneCheck:
    """ 
        Attributes:
            blocked (bool):
            conflicts (list[Zone]):
            path (str):
     """

    blocked: bool
    conflicts: list[Zone]
    path: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.zone import Zone # noqa: PLC0415
        blocked = self.blocked

        conflicts = []
        for conflicts_item_data in self.conflicts:
            conflicts_item = conflicts_item_data.to_dict()
            conflicts.append(conflicts_item)



        path = self.path


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "blocked": blocked,
            "conflicts": conflicts,
            "path": path,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.zone import Zone # noqa: PLC0415
        d = dict(src_dict)
        blocked = d.pop("blocked")

        conflicts = []
        _conflicts = d.pop("conflicts")
        for conflicts_item_data in (_conflicts):
            conflicts_item = Zone.from_dict(conflicts_item_data)



            conflicts.append(conflicts_item)


        path = d.pop("path")

        zone_check = cls(
            blocked=blocked,
            conflicts=conflicts,
            path=path,
        )


        zone_check.additional_properties = d
        return zone_check

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
