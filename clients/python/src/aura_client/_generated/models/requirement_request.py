from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.node_kind_enum import NodeKindEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RequirementRequest")



@_attrs_define
class RequirementRequest:
    """ ``{"node", "kind"?, "must_call"?}``, or the node's name alone as a string.

        Attributes:
            node (str): The node's name in the graph, e.g. auth::Session::refresh.
            kind (NodeKindEnum | None | Unset): The kind the node must have (any when absent).

                * `function` - function
                * `method` - method
                * `class` - class
                * `struct` - struct
                * `enum` - enum
                * `trait` - trait
                * `module` - module
                * `logic` - logic
            must_call (list[str] | Unset): Names the node must call.
     """

    node: str
    kind: NodeKindEnum | None | Unset = UNSET
    must_call: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        node = self.node

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, NodeKindEnum):
            kind = self.kind.value
        else:
            kind = self.kind

        must_call: list[str] | Unset = UNSET
        if not isinstance(self.must_call, Unset):
            must_call = self.must_call




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "node": node,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if must_call is not UNSET:
            field_dict["must_call"] = must_call

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        def _parse_kind(data: object) -> NodeKindEnum | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = NodeKindEnum(data)



                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeKindEnum | None | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))


        must_call = cast(list[str], d.pop("must_call", UNSET))


        requirement_request = cls(
            node=node,
            kind=kind,
            must_call=must_call,
        )

        return requirement_request

