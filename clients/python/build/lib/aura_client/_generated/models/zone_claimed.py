from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.mode_enum import ModeEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.member_ref import MemberRef
  from ..models.zone import Zone





T = TypeVar("T", bound="ZoneClaimed")



@_attrs_define
class ZoneClaimed:
    """ The answer to POST /v1/zones: the zone plus the warn zones it overlaps.

        Attributes:
            branch (None | str): Blank: every branch.
            conflicts (list[Zone]):
            created_at (datetime.datetime):
            expires_at (datetime.datetime):
            id (str):
            mode (ModeEnum): * `warn` - warn
                * `block` - block
            owner (MemberRef): How a member appears inside other objects: author, from, owner, to.
            paths (list[str]):
            reason (str):
            repo (None | str): Blank: every repo.
            team (str):
     """

    branch: None | str
    conflicts: list[Zone]
    created_at: datetime.datetime
    expires_at: datetime.datetime
    id: str
    mode: ModeEnum
    owner: MemberRef
    paths: list[str]
    reason: str
    repo: None | str
    team: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        from ..models.zone import Zone # noqa: PLC0415
        branch: None | str
        branch = self.branch

        conflicts = []
        for conflicts_item_data in self.conflicts:
            conflicts_item = conflicts_item_data.to_dict()
            conflicts.append(conflicts_item)



        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        id = self.id

        mode = self.mode.value

        owner = self.owner.to_dict()

        paths = self.paths



        reason = self.reason

        repo: None | str
        repo = self.repo

        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "branch": branch,
            "conflicts": conflicts,
            "created_at": created_at,
            "expires_at": expires_at,
            "id": id,
            "mode": mode,
            "owner": owner,
            "paths": paths,
            "reason": reason,
            "repo": repo,
            "team": team,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        from ..models.zone import Zone # noqa: PLC0415
        d = dict(src_dict)
        def _parse_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        branch = _parse_branch(d.pop("branch"))


        conflicts = []
        _conflicts = d.pop("conflicts")
        for conflicts_item_data in (_conflicts):
            conflicts_item = Zone.from_dict(conflicts_item_data)



            conflicts.append(conflicts_item)


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        id = d.pop("id")

        mode = ModeEnum(d.pop("mode"))




        owner = MemberRef.from_dict(d.pop("owner"))




        paths = cast(list[str], d.pop("paths"))


        reason = d.pop("reason")

        def _parse_repo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        repo = _parse_repo(d.pop("repo"))


        team = d.pop("team")

        zone_claimed = cls(
            branch=branch,
            conflicts=conflicts,
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            mode=mode,
            owner=owner,
            paths=paths,
            reason=reason,
            repo=repo,
            team=team,
        )


        zone_claimed.additional_properties = d
        return zone_claimed

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
