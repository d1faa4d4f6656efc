from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.batch_item_error import BatchItemError
  from ..models.snapshot import Snapshot





T = TypeVar("T", bound="SnapshotBatchResult")



@_attrs_define
class SnapshotBatchResult:
    """ 
        Attributes:
            err (BatchItemError | Unset):
            ok (Snapshot | Unset):
     """

    err: BatchItemError | Unset = UNSET
    ok: Snapshot | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_item_error import BatchItemError # noqa: PLC0415
        from ..models.snapshot import Snapshot # noqa: PLC0415
        err: dict[str, Any] | Unset = UNSET
        if not isinstance(self.err, Unset):
            err = self.err.to_dict()

        ok: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ok, Unset):
            ok = self.ok.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if err is not UNSET:
            field_dict["err"] = err
        if ok is not UNSET:
            field_dict["ok"] = ok

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_item_error import BatchItemError # noqa: PLC0415
        from ..models.snapshot import Snapshot # noqa: PLC0415
        d = dict(src_dict)
        _err = d.pop("err", UNSET)
        err: BatchItemError | Unset
        if isinstance(_err,  Unset):
            err = UNSET
        else:
            err = BatchItemError.from_dict(_err)




        _ok = d.pop("ok", UNSET)
        ok: Snapshot | Unset
        if isinstance(_ok,  Unset):
            ok = UNSET
        else:
            ok = Snapshot.from_dict(_ok)




        snapshot_batch_result = cls(
            err=err,
            ok=ok,
        )


        snapshot_batch_result.additional_properties = d
        return snapshot_batch_result

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
