from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.member_ref import MemberRef





T = TypeVar("T", bound="Snapshot")



@_attrs_define
class Snapshot:
    """ 
        Attributes:
            author (MemberRef): How a member appears inside other objects: author, from, owner, to.
            branch (None | str):
            commit_sha (None | str):
            content_type (str):
            content_url (str):
            created_at (datetime.datetime):
            id (str):
            path (str):
            repo (None | str):
            sha256 (str):
            size (int):
            team (str):
     """

    author: MemberRef
    branch: None | str
    commit_sha: None | str
    content_type: str
    content_url: str
    created_at: datetime.datetime
    id: str
    path: str
    repo: None | str
    sha256: str
    size: int
    team: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        author = self.author.to_dict()

        branch: None | str
        branch = self.branch

        commit_sha: None | str
        commit_sha = self.commit_sha

        content_type = self.content_type

        content_url = self.content_url

        created_at = self.created_at.isoformat()

        id = self.id

        path = self.path

        repo: None | str
        repo = self.repo

        sha256 = self.sha256

        size = self.size

        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "author": author,
            "branch": branch,
            "commit_sha": commit_sha,
            "content_type": content_type,
            "content_url": content_url,
            "created_at": created_at,
            "id": id,
            "path": path,
            "repo": repo,
            "sha256": sha256,
            "size": size,
            "team": team,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        d = dict(src_dict)
        author = MemberRef.from_dict(d.pop("author"))




        def _parse_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        branch = _parse_branch(d.pop("branch"))


        def _parse_commit_sha(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commit_sha = _parse_commit_sha(d.pop("commit_sha"))


        content_type = d.pop("content_type")

        content_url = d.pop("content_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        path = d.pop("path")

        def _parse_repo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        repo = _parse_repo(d.pop("repo"))


        sha256 = d.pop("sha256")

        size = d.pop("size")

        team = d.pop("team")

        snapshot = cls(
            author=author,
            branch=branch,
            commit_sha=commit_sha,
            content_type=content_type,
            content_url=content_url,
            created_at=created_at,
            id=id,
            path=path,
            repo=repo,
            sha256=sha256,
            size=size,
            team=team,
        )


        snapshot.additional_properties = d
        return snapshot

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
