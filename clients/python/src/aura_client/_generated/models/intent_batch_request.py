from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.intent_create_request import IntentCreateRequest





T = TypeVar("T", bound="IntentBatchRequest")



@_attrs_define
class IntentBatchRequest:
    """ 
        Attributes:
            intents (list[IntentCreateRequest]):
            team (str | Unset):
     """

    intents: list[IntentCreateRequest]
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.intent_create_request import IntentCreateRequest # noqa: PLC0415
        intents = []
        for intents_item_data in self.intents:
            intents_item = intents_item_data.to_dict()
            intents.append(intents_item)



        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "intents": intents,
        })
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.intent_create_request import IntentCreateRequest # noqa: PLC0415
        d = dict(src_dict)
        intents = []
        _intents = d.pop("intents")
        for intents_item_data in (_intents):
            intents_item = IntentCreateRequest.from_dict(intents_item_data)



            intents.append(intents_item)


        team = d.pop("team", UNSET)

        intent_batch_request = cls(
            intents=intents,
            team=team,
        )


        intent_batch_request.additional_properties = d
        return intent_batch_request

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
