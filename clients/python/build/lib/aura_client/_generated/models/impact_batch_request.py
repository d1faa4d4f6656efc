from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.impact_batch_item_request import ImpactBatchItemRequest





T = TypeVar("T", bound="ImpactBatchRequest")



@_attrs_define
class ImpactBatchRequest:
    """ 
        Attributes:
            impacts (list[ImpactBatchItemRequest]):
     """

    impacts: list[ImpactBatchItemRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.impact_batch_item_request import ImpactBatchItemRequest # noqa: PLC0415
        impacts = []
        for impacts_item_data in self.impacts:
            impacts_item = impacts_item_data.to_dict()
            impacts.append(impacts_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "impacts": impacts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.impact_batch_item_request import ImpactBatchItemRequest # noqa: PLC0415
        d = dict(src_dict)
        impacts = []
        _impacts = d.pop("impacts")
        for impacts_item_data in (_impacts):
            impacts_item = ImpactBatchItemRequest.from_dict(impacts_item_data)



            impacts.append(impacts_item)


        impact_batch_request = cls(
            impacts=impacts,
        )


        impact_batch_request.additional_properties = d
        return impact_batch_request

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
