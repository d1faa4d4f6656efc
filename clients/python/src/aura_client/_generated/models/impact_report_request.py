from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.change_enum import ChangeEnum
from ..models.severity_enum import SeverityEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.caller_request import CallerRequest
  from ..models.node_snapshot_request import NodeSnapshotRequest





T = TypeVar("T", bound="ImpactReportRequest")



@_attrs_define
class ImpactReportRequest:
    """ 
        Attributes:
            change (ChangeEnum): * `added` - added
                * `modified` - modified
                * `signature_changed` - signature_changed
                * `renamed` - renamed
                * `deleted` - deleted
            function (str):
            other_branch (str):
            repo (str):
            severity (SeverityEnum): * `info` - info
                * `warning` - warning
                * `critical` - critical
            your_branch (str):
            after (NodeSnapshotRequest | None | Unset):
            before (NodeSnapshotRequest | None | Unset):
            callers (list[CallerRequest] | Unset):
            team (str | Unset): Team slug; needed when you belong to several.
     """

    change: ChangeEnum
    function: str
    other_branch: str
    repo: str
    severity: SeverityEnum
    your_branch: str
    after: NodeSnapshotRequest | None | Unset = UNSET
    before: NodeSnapshotRequest | None | Unset = UNSET
    callers: list[CallerRequest] | Unset = UNSET
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.caller_request import CallerRequest # noqa: PLC0415
        from ..models.node_snapshot_request import NodeSnapshotRequest # noqa: PLC0415
        change = self.change.value

        function = self.function

        other_branch = self.other_branch

        repo = self.repo

        severity = self.severity.value

        your_branch = self.your_branch

        after: dict[str, Any] | None | Unset
        if isinstance(self.after, Unset):
            after = UNSET
        elif isinstance(self.after, NodeSnapshotRequest):
            after = self.after.to_dict()
        else:
            after = self.after

        before: dict[str, Any] | None | Unset
        if isinstance(self.before, Unset):
            before = UNSET
        elif isinstance(self.before, NodeSnapshotRequest):
            before = self.before.to_dict()
        else:
            before = self.before

        callers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.callers, Unset):
            callers = []
            for callers_item_data in self.callers:
                callers_item = callers_item_data.to_dict()
                callers.append(callers_item)



        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "change": change,
            "function": function,
            "other_branch": other_branch,
            "repo": repo,
            "severity": severity,
            "your_branch": your_branch,
        })
        if after is not UNSET:
            field_dict["after"] = after
        if before is not UNSET:
            field_dict["before"] = before
        if callers is not UNSET:
            field_dict["callers"] = callers
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caller_request import CallerRequest # noqa: PLC0415
        from ..models.node_snapshot_request import NodeSnapshotRequest # noqa: PLC0415
        d = dict(src_dict)
        change = ChangeEnum(d.pop("change"))




        function = d.pop("function")

        other_branch = d.pop("other_branch")

        repo = d.pop("repo")

        severity = SeverityEnum(d.pop("severity"))




        your_branch = d.pop("your_branch")

        def _parse_after(data: object) -> NodeSnapshotRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_1 = NodeSnapshotRequest.from_dict(data)



                return after_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeSnapshotRequest | None | Unset, data)

        after = _parse_after(d.pop("after", UNSET))


        def _parse_before(data: object) -> NodeSnapshotRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_1 = NodeSnapshotRequest.from_dict(data)



                return before_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeSnapshotRequest | None | Unset, data)

        before = _parse_before(d.pop("before", UNSET))


        _callers = d.pop("callers", UNSET)
        callers: list[CallerRequest] | Unset = UNSET
        if _callers is not UNSET:
            callers = []
            for callers_item_data in _callers:
                callers_item = CallerRequest.from_dict(callers_item_data)



                callers.append(callers_item)


        team = d.pop("team", UNSET)

        impact_report_request = cls(
            change=change,
            function=function,
            other_branch=other_branch,
            repo=repo,
            severity=severity,
            your_branch=your_branch,
            after=after,
            before=before,
            callers=callers,
            team=team,
        )


        impact_report_request.additional_properties = d
        return impact_report_request

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
