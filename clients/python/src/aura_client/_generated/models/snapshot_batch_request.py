from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.snapshot_binary_request import SnapshotBinaryRequest
  from ..models.snapshot_text_request import SnapshotTextRequest





T = TypeVar("T", bound="SnapshotBatchRequest")



@_attrs_define
class SnapshotBatchRequest:
    """ 
        Attributes:
            snapshots (list[SnapshotBinaryRequest | SnapshotTextRequest]):
            team (str | Unset): The default team of every item.
     """

    snapshots: list[SnapshotBinaryRequest | SnapshotTextRequest]
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.snapshot_binary_request import SnapshotBinaryRequest # noqa: PLC0415
        from ..models.snapshot_text_request import SnapshotTextRequest # noqa: PLC0415
        snapshots = []
        for snapshots_item_data in self.snapshots:
            snapshots_item: dict[str, Any]
            if isinstance(snapshots_item_data, SnapshotTextRequest):
                snapshots_item = snapshots_item_data.to_dict()
            else:
                snapshots_item = snapshots_item_data.to_dict()

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
        from ..models.snapshot_binary_request import SnapshotBinaryRequest # noqa: PLC0415
        from ..models.snapshot_text_request import SnapshotTextRequest # noqa: PLC0415
        d = dict(src_dict)
        snapshots = []
        _snapshots = d.pop("snapshots")
        for snapshots_item_data in (_snapshots):
            def _parse_snapshots_item(data: object) -> SnapshotBinaryRequest | SnapshotTextRequest:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_snapshot_create_request_type_0 = SnapshotTextRequest.from_dict(data)



                    return componentsschemas_snapshot_create_request_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_snapshot_create_request_type_1 = SnapshotBinaryRequest.from_dict(data)



                return componentsschemas_snapshot_create_request_type_1

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
