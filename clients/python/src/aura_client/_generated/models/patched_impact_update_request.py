from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.impact_status_enum import ImpactStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PatchedImpactUpdateRequest")



@_attrs_define
class PatchedImpactUpdateRequest:
    """ 
        Attributes:
            note (str | Unset):
            snooze_until (datetime.datetime | Unset): With status snoozed (the default is 24 hours from now).
            status (ImpactStatusEnum | Unset): * `open` - open
                * `resolved` - resolved
                * `snoozed` - snoozed
                * `dismissed` - dismissed
     """

    note: str | Unset = UNSET
    snooze_until: datetime.datetime | Unset = UNSET
    status: ImpactStatusEnum | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        note: str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        snooze_until: str | Unset = UNSET
        if not isinstance(self.snooze_until, Unset):
            snooze_until = self.snooze_until.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if note is not UNSET:
            field_dict["note"] = note
        if snooze_until is not UNSET:
            field_dict["snooze_until"] = snooze_until
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_note(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        _snooze_until = d.pop("snooze_until", UNSET)
        snooze_until: datetime.datetime | Unset
        if isinstance(_snooze_until,  Unset):
            snooze_until = UNSET
        else:
            snooze_until = datetime.datetime.fromisoformat(_snooze_until)




        _status = d.pop("status", UNSET)
        status: ImpactStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = ImpactStatusEnum(_status)




        patched_impact_update_request = cls(
            note=note,
            snooze_until=snooze_until,
            status=status,
        )


        patched_impact_update_request.additional_properties = d
        return patched_impact_update_request

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
