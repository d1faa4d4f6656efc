from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.status_team import StatusTeam
  from ..models.status_teams_item import StatusTeamsItem





T = TypeVar("T", bound="Status")



@_attrs_define
class Status:
    """ 
        Attributes:
            api_version (str):
            branch (None | str):
            repo (None | str):
            session (None | str):
            strict_mode (bool):
            team (StatusTeam):
            version (str):
            teams (list[StatusTeamsItem] | Unset):
     """

    api_version: str
    branch: None | str
    repo: None | str
    session: None | str
    strict_mode: bool
    team: StatusTeam
    version: str
    teams: list[StatusTeamsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.status_team import StatusTeam # noqa: PLC0415
        from ..models.status_teams_item import StatusTeamsItem # noqa: PLC0415
        api_version = self.api_version

        branch: None | str
        branch = self.branch

        repo: None | str
        repo = self.repo

        session: None | str
        session = self.session

        strict_mode = self.strict_mode

        team = self.team.to_dict()

        version = self.version

        teams: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.teams, Unset):
            teams = []
            for teams_item_data in self.teams:
                teams_item = teams_item_data.to_dict()
                teams.append(teams_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "api_version": api_version,
            "branch": branch,
            "repo": repo,
            "session": session,
            "strict_mode": strict_mode,
            "team": team,
            "version": version,
        })
        if teams is not UNSET:
            field_dict["teams"] = teams

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status_team import StatusTeam # noqa: PLC0415
        from ..models.status_teams_item import StatusTeamsItem # noqa: PLC0415
        d = dict(src_dict)
        api_version = d.pop("api_version")

        def _parse_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        branch = _parse_branch(d.pop("branch"))


        def _parse_repo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        repo = _parse_repo(d.pop("repo"))


        def _parse_session(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        session = _parse_session(d.pop("session"))


        strict_mode = d.pop("strict_mode")

        team = StatusTeam.from_dict(d.pop("team"))




        version = d.pop("version")

        _teams = d.pop("teams", UNSET)
        teams: list[StatusTeamsItem] | Unset = UNSET
        if _teams is not UNSET:
            teams = []
            for teams_item_data in _teams:
                teams_item = StatusTeamsItem.from_dict(teams_item_data)



                teams.append(teams_item)


        status = cls(
            api_version=api_version,
            branch=branch,
            repo=repo,
            session=session,
            strict_mode=strict_mode,
            team=team,
            version=version,
            teams=teams,
        )


        status.additional_properties = d
        return status

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
