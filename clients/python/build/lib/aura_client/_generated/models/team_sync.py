from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.team_sync_branches_item import TeamSyncBranchesItem
  from ..models.team_sync_members_item import TeamSyncMembersItem





T = TypeVar("T", bound="TeamSync")



@_attrs_define
class TeamSync:
    """ 
        Attributes:
            branches (list[TeamSyncBranchesItem]):
            cursor (int):
            latest (int):
            members (list[TeamSyncMembersItem]):
            pending_pulls (int):
            team (str):
     """

    branches: list[TeamSyncBranchesItem]
    cursor: int
    latest: int
    members: list[TeamSyncMembersItem]
    pending_pulls: int
    team: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.team_sync_branches_item import TeamSyncBranchesItem # noqa: PLC0415
        from ..models.team_sync_members_item import TeamSyncMembersItem # noqa: PLC0415
        branches = []
        for branches_item_data in self.branches:
            branches_item = branches_item_data.to_dict()
            branches.append(branches_item)



        cursor = self.cursor

        latest = self.latest

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)



        pending_pulls = self.pending_pulls

        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "branches": branches,
            "cursor": cursor,
            "latest": latest,
            "members": members,
            "pending_pulls": pending_pulls,
            "team": team,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.team_sync_branches_item import TeamSyncBranchesItem # noqa: PLC0415
        from ..models.team_sync_members_item import TeamSyncMembersItem # noqa: PLC0415
        d = dict(src_dict)
        branches = []
        _branches = d.pop("branches")
        for branches_item_data in (_branches):
            branches_item = TeamSyncBranchesItem.from_dict(branches_item_data)



            branches.append(branches_item)


        cursor = d.pop("cursor")

        latest = d.pop("latest")

        members = []
        _members = d.pop("members")
        for members_item_data in (_members):
            members_item = TeamSyncMembersItem.from_dict(members_item_data)



            members.append(members_item)


        pending_pulls = d.pop("pending_pulls")

        team = d.pop("team")

        team_sync = cls(
            branches=branches,
            cursor=cursor,
            latest=latest,
            members=members,
            pending_pulls=pending_pulls,
            team=team,
        )


        team_sync.additional_properties = d
        return team_sync

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
