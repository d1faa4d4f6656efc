from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.change_enum import ChangeEnum
from ..models.node_kind_enum import NodeKindEnum
from typing import cast






T = TypeVar("T", bound="IntentNode")



@_attrs_define
class IntentNode:
    """ 
        Attributes:
            after (Any):
            before (Any):
            change (ChangeEnum): * `added` - added
                * `modified` - modified
                * `signature_changed` - signature_changed
                * `renamed` - renamed
                * `deleted` - deleted
            kind (NodeKindEnum): * `function` - function
                * `method` - method
                * `class` - class
                * `struct` - struct
                * `enum` - enum
                * `trait` - trait
                * `module` - module
                * `logic` - logic
            name (str):
            path (None | str):
            position (int): Index of the node in the intent's list, from 0.
     """

    after: Any
    before: Any
    change: ChangeEnum
    kind: NodeKindEnum
    name: str
    path: None | str
    position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        after = self.after

        before = self.before

        change = self.change.value

        kind = self.kind.value

        name = self.name

        path: None | str
        path = self.path

        position = self.position


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "after": after,
            "before": before,
            "change": change,
            "kind": kind,
            "name": name,
            "path": path,
            "position": position,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        after = d.pop("after")

        before = d.pop("before")

        change = ChangeEnum(d.pop("change"))




        kind = NodeKindEnum(d.pop("kind"))




        name = d.pop("name")

        def _parse_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        path = _parse_path(d.pop("path"))


        position = d.pop("position")

        intent_node = cls(
            after=after,
            before=before,
            change=change,
            kind=kind,
            name=name,
            path=path,
            position=position,
        )


        intent_node.additional_properties = d
        return intent_node

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
