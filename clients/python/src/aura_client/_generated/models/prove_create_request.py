from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.requirement_request import RequirementRequest





T = TypeVar("T", bound="ProveCreateRequest")



@_attrs_define
class ProveCreateRequest:
    """ 
        Attributes:
            branch (str):
            goal (str): What should hold, 1..2,000 characters.
            repo (str):
            requirements (list[RequirementRequest | str] | None | Unset): What to check; when absent, taken from the
                identifiers the goal names.
            team (str | Unset): Team slug (needed if you belong to several).
     """

    branch: str
    goal: str
    repo: str
    requirements: list[RequirementRequest | str] | None | Unset = UNSET
    team: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.requirement_request import RequirementRequest # noqa: PLC0415
        branch = self.branch

        goal = self.goal

        repo = self.repo

        requirements: list[dict[str, Any] | str] | None | Unset
        if isinstance(self.requirements, Unset):
            requirements = UNSET
        elif isinstance(self.requirements, list):
            requirements = []
            for requirements_type_0_item_data in self.requirements:
                requirements_type_0_item: dict[str, Any] | str
                if isinstance(requirements_type_0_item_data, RequirementRequest):
                    requirements_type_0_item = requirements_type_0_item_data.to_dict()
                else:
                    requirements_type_0_item = requirements_type_0_item_data
                requirements.append(requirements_type_0_item)


        else:
            requirements = self.requirements

        team = self.team


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "branch": branch,
            "goal": goal,
            "repo": repo,
        })
        if requirements is not UNSET:
            field_dict["requirements"] = requirements
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requirement_request import RequirementRequest # noqa: PLC0415
        d = dict(src_dict)
        branch = d.pop("branch")

        goal = d.pop("goal")

        repo = d.pop("repo")

        def _parse_requirements(data: object) -> list[RequirementRequest | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                requirements_type_0 = []
                _requirements_type_0 = data
                for requirements_type_0_item_data in (_requirements_type_0):
                    def _parse_requirements_type_0_item(data: object) -> RequirementRequest | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            requirements_type_0_item_type_1 = RequirementRequest.from_dict(data)



                            return requirements_type_0_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(RequirementRequest | str, data)

                    requirements_type_0_item = _parse_requirements_type_0_item(requirements_type_0_item_data)

                    requirements_type_0.append(requirements_type_0_item)

                return requirements_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RequirementRequest | str] | None | Unset, data)

        requirements = _parse_requirements(d.pop("requirements", UNSET))


        team = d.pop("team", UNSET)

        prove_create_request = cls(
            branch=branch,
            goal=goal,
            repo=repo,
            requirements=requirements,
            team=team,
        )

        return prove_create_request

