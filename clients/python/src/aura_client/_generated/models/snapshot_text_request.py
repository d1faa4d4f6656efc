from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SnapshotTextRequest")



@_attrs_define
class SnapshotTextRequest:
    """ The metadata of a new snapshot: the JSON body's fields, or the query
    parameters of a raw upload.

        Attributes:
            content (str): Text content (stored as UTF-8).
            path (str): Relative, /-separated, no .. segment.
            branch (None | str | Unset):
            commit_sha (None | str | Unset):
            content_type (None | str | Unset): Recorded as given; by default what the bytes are (text/plain; charset=utf-8
                or application/octet-stream).
            repo (None | str | Unset):
            team (str | Unset): Team slug (needed if you belong to several).
     """

    content: str
    path: str
    branch: None | str | Unset = UNSET
    commit_sha: None | str | Unset = UNSET
    content_type: None | str | Unset = UNSET
    repo: None | str | Unset = UNSET
    team: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        content: str
        content = self.content

        path = self.path

        branch: None | str | Unset
        if isinstance(self.branch, Unset):
            branch = UNSET
        else:
            branch = self.branch

        commit_sha: None | str | Unset
        if isinstance(self.commit_sha, Unset):
            commit_sha = UNSET
        else:
            commit_sha = self.commit_sha

        content_type: None | str | Unset
        if isinstance(self.content_type, Unset):
            content_type = UNSET
        else:
            content_type = self.content_type

        repo: None | str | Unset
        if isinstance(self.repo, Unset):
            repo = UNSET
        else:
            repo = self.repo

        team: str | Unset
        if isinstance(self.team, Unset):
            team = UNSET
        else:
            team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "content": content,
            "path": path,
        })
        if branch is not UNSET:
            field_dict["branch"] = branch
        if commit_sha is not UNSET:
            field_dict["commit_sha"] = commit_sha
        if content_type is not UNSET:
            field_dict["content_type"] = content_type
        if repo is not UNSET:
            field_dict["repo"] = repo
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_content(data: object) -> str:
            return cast(str, data)

        content = _parse_content(d.pop("content"))


        path = d.pop("path")

        def _parse_branch(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        branch = _parse_branch(d.pop("branch", UNSET))


        def _parse_commit_sha(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commit_sha = _parse_commit_sha(d.pop("commit_sha", UNSET))


        def _parse_content_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        content_type = _parse_content_type(d.pop("content_type", UNSET))


        def _parse_repo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        repo = _parse_repo(d.pop("repo", UNSET))


        def _parse_team(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        team = _parse_team(d.pop("team", UNSET))


        snapshot_text_request = cls(
            content=content,
            path=path,
            branch=branch,
            commit_sha=commit_sha,
            content_type=content_type,
            repo=repo,
            team=team,
        )


        snapshot_text_request.additional_properties = d
        return snapshot_text_request

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
