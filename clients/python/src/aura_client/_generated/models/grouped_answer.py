from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.grouped_answer_data_item import GroupedAnswerDataItem





T = TypeVar("T", bound="GroupedAnswer")



@_attrs_define
class GroupedAnswer:
    """ The answer of a list asked for group_by (and aggregate): one row per group.

        Attributes:
            aggregate (str):  Example: count.
            data (list[GroupedAnswerDataItem]):
            group_by (str):
            truncated (bool): More than 1,000 groups: the rest were left out.
     """

    aggregate: str
    data: list[GroupedAnswerDataItem]
    group_by: str
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.grouped_answer_data_item import GroupedAnswerDataItem # noqa: PLC0415
        aggregate = self.aggregate

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)



        group_by = self.group_by

        truncated = self.truncated


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "aggregate": aggregate,
            "data": data,
            "group_by": group_by,
            "truncated": truncated,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.grouped_answer_data_item import GroupedAnswerDataItem # noqa: PLC0415
        d = dict(src_dict)
        aggregate = d.pop("aggregate")

        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = GroupedAnswerDataItem.from_dict(data_item_data)



            data.append(data_item)


        group_by = d.pop("group_by")

        truncated = d.pop("truncated")

        grouped_answer = cls(
            aggregate=aggregate,
            data=data,
            group_by=group_by,
            truncated=truncated,
        )


        grouped_answer.additional_properties = d
        return grouped_answer

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
