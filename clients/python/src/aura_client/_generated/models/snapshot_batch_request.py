from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SnapshotBatchRequest")



@_attrs_define
class SnapshotBatchRequest:
    """ 
        Attributes:
            snapshots (list[Any]):
            team (str | Unset): The default team of every item.
     """

    snapshots: list[Any]
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        snapshots = []
        for snapshots_item_data in self.snapshots:
            snapshots_item: Any
            snapshots_item = snapshots_item_data
            snapshots.append(snapshots_item)



        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "snapshots": snapshots,
        })
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        snapshots = []
        _snapshots = d.pop("snapshots")
        for snapshots_item_data in (_snapshots):
            def _parse_snapshots_item(data: object) -> Any:
                return cast(Any, data)

            snapshots_item = _parse_snapshots_item(snapshots_item_data)

            snapshots.append(snapshots_item)


        team = d.pop("team", UNSET)

        snapshot_batch_request = cls(
            snapshots=snapshots,
            team=team,
        )


        snapshot_batch_request.additional_properties = d
        return snapshot_batch_request

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
