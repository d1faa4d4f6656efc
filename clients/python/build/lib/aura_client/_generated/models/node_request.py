from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.change_enum import ChangeEnum
from ..models.node_kind_enum import NodeKindEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.node_after_request import NodeAfterRequest
  from ..models.node_before_request import NodeBeforeRequest





T = TypeVar("T", bound="NodeRequest")



@_attrs_define
class NodeRequest:
    """ 
        Attributes:
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
            after (NodeAfterRequest | None | Unset):
            before (NodeBeforeRequest | None | Unset):
            path (None | str | Unset):
     """

    change: ChangeEnum
    kind: NodeKindEnum
    name: str
    after: NodeAfterRequest | None | Unset = UNSET
    before: NodeBeforeRequest | None | Unset = UNSET
    path: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.node_after_request import NodeAfterRequest # noqa: PLC0415
        from ..models.node_before_request import NodeBeforeRequest # noqa: PLC0415
        change = self.change.value

        kind = self.kind.value

        name = self.name

        after: dict[str, Any] | None | Unset
        if isinstance(self.after, Unset):
            after = UNSET
        elif isinstance(self.after, NodeAfterRequest):
            after = self.after.to_dict()
        else:
            after = self.after

        before: dict[str, Any] | None | Unset
        if isinstance(self.before, Unset):
            before = UNSET
        elif isinstance(self.before, NodeBeforeRequest):
            before = self.before.to_dict()
        else:
            before = self.before

        path: None | str | Unset
        if isinstance(self.path, Unset):
            path = UNSET
        else:
            path = self.path


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "change": change,
            "kind": kind,
            "name": name,
        })
        if after is not UNSET:
            field_dict["after"] = after
        if before is not UNSET:
            field_dict["before"] = before
        if path is not UNSET:
            field_dict["path"] = path

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_after_request import NodeAfterRequest # noqa: PLC0415
        from ..models.node_before_request import NodeBeforeRequest # noqa: PLC0415
        d = dict(src_dict)
        change = ChangeEnum(d.pop("change"))




        kind = NodeKindEnum(d.pop("kind"))




        name = d.pop("name")

        def _parse_after(data: object) -> NodeAfterRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_1 = NodeAfterRequest.from_dict(data)



                return after_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeAfterRequest | None | Unset, data)

        after = _parse_after(d.pop("after", UNSET))


        def _parse_before(data: object) -> NodeBeforeRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_1 = NodeBeforeRequest.from_dict(data)



                return before_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeBeforeRequest | None | Unset, data)

        before = _parse_before(d.pop("before", UNSET))


        def _parse_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        path = _parse_path(d.pop("path", UNSET))


        node_request = cls(
            change=change,
            kind=kind,
            name=name,
            after=after,
            before=before,
            path=path,
        )


        node_request.additional_properties = d
        return node_request

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
