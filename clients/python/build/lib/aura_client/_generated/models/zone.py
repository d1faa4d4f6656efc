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





T = TypeVar("T", bound="Zone")



@_attrs_define
class Zone:
    """ 
        Attributes:
            branch (None | str): Blank: every branch.
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
        branch: None | str
        branch = self.branch

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
        d = dict(src_dict)
        def _parse_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        branch = _parse_branch(d.pop("branch"))


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

        zone = cls(
            branch=branch,
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


        zone.additional_properties = d
        return zone

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
