from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.prove_run_requirements_item_kind_type_1 import ProveRunRequirementsItemKindType1
from ..models.prove_run_requirements_item_kind_type_2_type_1 import ProveRunRequirementsItemKindType2Type1
from ..models.prove_run_requirements_item_kind_type_3_type_1 import ProveRunRequirementsItemKindType3Type1
from ..models.prove_run_requirements_item_reason_type_1 import ProveRunRequirementsItemReasonType1
from ..models.prove_run_requirements_item_reason_type_2_type_1 import ProveRunRequirementsItemReasonType2Type1
from ..models.prove_run_requirements_item_reason_type_3_type_1 import ProveRunRequirementsItemReasonType3Type1
from typing import cast

if TYPE_CHECKING:
  from ..models.prove_run_requirements_item_found_type_0 import ProveRunRequirementsItemFoundType0





T = TypeVar("T", bound="ProveRunRequirementsItem")



@_attrs_define
class ProveRunRequirementsItem:
    """ 
        Attributes:
            found (None | ProveRunRequirementsItemFoundType0): The live node on the repo and branch, or null when there is
                none.
            kind (None | ProveRunRequirementsItemKindType1 | ProveRunRequirementsItemKindType2Type1 |
                ProveRunRequirementsItemKindType3Type1): The kind required (null: any).
            missing_calls (list[str]): Names in must_call the node does not call (all of them when not found).
            must_call (list[str]):
            node (str):
            reason (None | ProveRunRequirementsItemReasonType1 | ProveRunRequirementsItemReasonType2Type1 |
                ProveRunRequirementsItemReasonType3Type1): Why it is not satisfied; null when it is.
            satisfied (bool):
     """

    found: None | ProveRunRequirementsItemFoundType0
    kind: None | ProveRunRequirementsItemKindType1 | ProveRunRequirementsItemKindType2Type1 | ProveRunRequirementsItemKindType3Type1
    missing_calls: list[str]
    must_call: list[str]
    node: str
    reason: None | ProveRunRequirementsItemReasonType1 | ProveRunRequirementsItemReasonType2Type1 | ProveRunRequirementsItemReasonType3Type1
    satisfied: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.prove_run_requirements_item_found_type_0 import ProveRunRequirementsItemFoundType0 # noqa: PLC0415
        found: dict[str, Any] | None
        if isinstance(self.found, ProveRunRequirementsItemFoundType0):
            found = self.found.to_dict()
        else:
            found = self.found

        kind: None | str
        if isinstance(self.kind, ProveRunRequirementsItemKindType1):
            kind = self.kind.value
        elif isinstance(self.kind, ProveRunRequirementsItemKindType2Type1):
            kind = self.kind.value
        elif isinstance(self.kind, ProveRunRequirementsItemKindType3Type1):
            kind = self.kind.value
        else:
            kind = self.kind

        missing_calls = self.missing_calls



        must_call = self.must_call



        node = self.node

        reason: None | str
        if isinstance(self.reason, ProveRunRequirementsItemReasonType1):
            reason = self.reason.value
        elif isinstance(self.reason, ProveRunRequirementsItemReasonType2Type1):
            reason = self.reason.value
        elif isinstance(self.reason, ProveRunRequirementsItemReasonType3Type1):
            reason = self.reason.value
        else:
            reason = self.reason

        satisfied = self.satisfied


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "found": found,
            "kind": kind,
            "missing_calls": missing_calls,
            "must_call": must_call,
            "node": node,
            "reason": reason,
            "satisfied": satisfied,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prove_run_requirements_item_found_type_0 import ProveRunRequirementsItemFoundType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_found(data: object) -> None | ProveRunRequirementsItemFoundType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                found_type_0 = ProveRunRequirementsItemFoundType0.from_dict(data)



                return found_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProveRunRequirementsItemFoundType0, data)

        found = _parse_found(d.pop("found"))


        def _parse_kind(data: object) -> None | ProveRunRequirementsItemKindType1 | ProveRunRequirementsItemKindType2Type1 | ProveRunRequirementsItemKindType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_1 = ProveRunRequirementsItemKindType1(data)



                return kind_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_2_type_1 = ProveRunRequirementsItemKindType2Type1(data)



                return kind_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_3_type_1 = ProveRunRequirementsItemKindType3Type1(data)



                return kind_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProveRunRequirementsItemKindType1 | ProveRunRequirementsItemKindType2Type1 | ProveRunRequirementsItemKindType3Type1, data)

        kind = _parse_kind(d.pop("kind"))


        missing_calls = cast(list[str], d.pop("missing_calls"))


        must_call = cast(list[str], d.pop("must_call"))


        node = d.pop("node")

        def _parse_reason(data: object) -> None | ProveRunRequirementsItemReasonType1 | ProveRunRequirementsItemReasonType2Type1 | ProveRunRequirementsItemReasonType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = ProveRunRequirementsItemReasonType1(data)



                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_2_type_1 = ProveRunRequirementsItemReasonType2Type1(data)



                return reason_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_3_type_1 = ProveRunRequirementsItemReasonType3Type1(data)



                return reason_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProveRunRequirementsItemReasonType1 | ProveRunRequirementsItemReasonType2Type1 | ProveRunRequirementsItemReasonType3Type1, data)

        reason = _parse_reason(d.pop("reason"))


        satisfied = d.pop("satisfied")

        prove_run_requirements_item = cls(
            found=found,
            kind=kind,
            missing_calls=missing_calls,
            must_call=must_call,
            node=node,
            reason=reason,
            satisfied=satisfied,
        )


        prove_run_requirements_item.additional_properties = d
        return prove_run_requirements_item

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
