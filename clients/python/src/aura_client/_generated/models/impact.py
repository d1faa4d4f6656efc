from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.change_enum import ChangeEnum
from ..models.severity_enum import SeverityEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.member_ref import MemberRef





T = TypeVar("T", bound="Impact")



@_attrs_define
class Impact:
    """ The list representation (also the data of impact.detected / impact.updated).

        Attributes:
            change (ChangeEnum): * `added` - added
                * `modified` - modified
                * `signature_changed` - signature_changed
                * `renamed` - renamed
                * `deleted` - deleted
            detected_at (datetime.datetime):
            first_detected_at (datetime.datetime):
            function (str): The changed node (its old name for a rename).
            id (str):
            intent_id (None | str):
            note (str):
            occurrences (int):
            other_branch (str): The branch whose change affects it (B).
            repo (str):
            severity (SeverityEnum): * `info` - info
                * `warning` - warning
                * `critical` - critical
            snooze_until (datetime.datetime | None):
            status (str):
            status_changed_at (datetime.datetime | None):
            status_changed_by (MemberRef | None):
            team (str):
            your_branch (str): The branch affected (B').
     """

    change: ChangeEnum
    detected_at: datetime.datetime
    first_detected_at: datetime.datetime
    function: str
    id: str
    intent_id: None | str
    note: str
    occurrences: int
    other_branch: str
    repo: str
    severity: SeverityEnum
    snooze_until: datetime.datetime | None
    status: str
    status_changed_at: datetime.datetime | None
    status_changed_by: MemberRef | None
    team: str
    your_branch: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        change = self.change.value

        detected_at = self.detected_at.isoformat()

        first_detected_at = self.first_detected_at.isoformat()

        function = self.function

        id = self.id

        intent_id: None | str
        intent_id = self.intent_id

        note = self.note

        occurrences = self.occurrences

        other_branch = self.other_branch

        repo = self.repo

        severity = self.severity.value

        snooze_until: None | str
        if isinstance(self.snooze_until, datetime.datetime):
            snooze_until = self.snooze_until.isoformat()
        else:
            snooze_until = self.snooze_until

        status = self.status

        status_changed_at: None | str
        if isinstance(self.status_changed_at, datetime.datetime):
            status_changed_at = self.status_changed_at.isoformat()
        else:
            status_changed_at = self.status_changed_at

        status_changed_by: dict[str, Any] | None
        if isinstance(self.status_changed_by, MemberRef):
            status_changed_by = self.status_changed_by.to_dict()
        else:
            status_changed_by = self.status_changed_by

        team = self.team

        your_branch = self.your_branch


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "change": change,
            "detected_at": detected_at,
            "first_detected_at": first_detected_at,
            "function": function,
            "id": id,
            "intent_id": intent_id,
            "note": note,
            "occurrences": occurrences,
            "other_branch": other_branch,
            "repo": repo,
            "severity": severity,
            "snooze_until": snooze_until,
            "status": status,
            "status_changed_at": status_changed_at,
            "status_changed_by": status_changed_by,
            "team": team,
            "your_branch": your_branch,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        d = dict(src_dict)
        change = ChangeEnum(d.pop("change"))




        detected_at = datetime.datetime.fromisoformat(d.pop("detected_at"))




        first_detected_at = datetime.datetime.fromisoformat(d.pop("first_detected_at"))




        function = d.pop("function")

        id = d.pop("id")

        def _parse_intent_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        intent_id = _parse_intent_id(d.pop("intent_id"))


        note = d.pop("note")

        occurrences = d.pop("occurrences")

        other_branch = d.pop("other_branch")

        repo = d.pop("repo")

        severity = SeverityEnum(d.pop("severity"))




        def _parse_snooze_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                snooze_until_type_0 = datetime.datetime.fromisoformat(data)



                return snooze_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        snooze_until = _parse_snooze_until(d.pop("snooze_until"))


        status = d.pop("status")

        def _parse_status_changed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_changed_at_type_0 = datetime.datetime.fromisoformat(data)



                return status_changed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        status_changed_at = _parse_status_changed_at(d.pop("status_changed_at"))


        def _parse_status_changed_by(data: object) -> MemberRef | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                status_changed_by_type_1 = MemberRef.from_dict(data)



                return status_changed_by_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberRef | None, data)

        status_changed_by = _parse_status_changed_by(d.pop("status_changed_by"))


        team = d.pop("team")

        your_branch = d.pop("your_branch")

        impact = cls(
            change=change,
            detected_at=detected_at,
            first_detected_at=first_detected_at,
            function=function,
            id=id,
            intent_id=intent_id,
            note=note,
            occurrences=occurrences,
            other_branch=other_branch,
            repo=repo,
            severity=severity,
            snooze_until=snooze_until,
            status=status,
            status_changed_at=status_changed_at,
            status_changed_by=status_changed_by,
            team=team,
            your_branch=your_branch,
        )


        impact.additional_properties = d
        return impact

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
