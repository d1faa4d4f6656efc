from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.result_enum import ResultEnum
from ..models.verdict_enum import VerdictEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.member_ref import MemberRef
  from ..models.prove_run_requirements_item import ProveRunRequirementsItem





T = TypeVar("T", bound="ProveRun")



@_attrs_define
class ProveRun:
    """ 
        Attributes:
            author (MemberRef | None):
            branch (str):
            created_at (datetime.datetime):
            derived (bool): Requirements were taken from the goal's identifiers.
            duration_ms (float): Graph reads and evaluation, in milliseconds.
            goal (str):
            id (str):
            repo (str):
            requirements (list[ProveRunRequirementsItem]):
            result (ResultEnum): * `pass` - pass
                * `fail` - fail
                * `partial` - partial
            team (str):
            verdict (VerdictEnum): * `proved` - proved
                * `partial` - partial
                * `unproved` - unproved
     """

    author: MemberRef | None
    branch: str
    created_at: datetime.datetime
    derived: bool
    duration_ms: float
    goal: str
    id: str
    repo: str
    requirements: list[ProveRunRequirementsItem]
    result: ResultEnum
    team: str
    verdict: VerdictEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        from ..models.prove_run_requirements_item import ProveRunRequirementsItem # noqa: PLC0415
        author: dict[str, Any] | None
        if isinstance(self.author, MemberRef):
            author = self.author.to_dict()
        else:
            author = self.author

        branch = self.branch

        created_at = self.created_at.isoformat()

        derived = self.derived

        duration_ms = self.duration_ms

        goal = self.goal

        id = self.id

        repo = self.repo

        requirements = []
        for requirements_item_data in self.requirements:
            requirements_item = requirements_item_data.to_dict()
            requirements.append(requirements_item)



        result = self.result.value

        team = self.team

        verdict = self.verdict.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "author": author,
            "branch": branch,
            "created_at": created_at,
            "derived": derived,
            "duration_ms": duration_ms,
            "goal": goal,
            "id": id,
            "repo": repo,
            "requirements": requirements,
            "result": result,
            "team": team,
            "verdict": verdict,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        from ..models.prove_run_requirements_item import ProveRunRequirementsItem # noqa: PLC0415
        d = dict(src_dict)
        def _parse_author(data: object) -> MemberRef | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                author_type_1 = MemberRef.from_dict(data)



                return author_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberRef | None, data)

        author = _parse_author(d.pop("author"))


        branch = d.pop("branch")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        derived = d.pop("derived")

        duration_ms = d.pop("duration_ms")

        goal = d.pop("goal")

        id = d.pop("id")

        repo = d.pop("repo")

        requirements = []
        _requirements = d.pop("requirements")
        for requirements_item_data in (_requirements):
            requirements_item = ProveRunRequirementsItem.from_dict(requirements_item_data)



            requirements.append(requirements_item)


        result = ResultEnum(d.pop("result"))




        team = d.pop("team")

        verdict = VerdictEnum(d.pop("verdict"))




        prove_run = cls(
            author=author,
            branch=branch,
            created_at=created_at,
            derived=derived,
            duration_ms=duration_ms,
            goal=goal,
            id=id,
            repo=repo,
            requirements=requirements,
            result=result,
            team=team,
            verdict=verdict,
        )


        prove_run.additional_properties = d
        return prove_run

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
