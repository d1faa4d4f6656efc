from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="HeartbeatRequest")



@_attrs_define
class HeartbeatRequest:
    """ 
        Attributes:
            branch (None | str | Unset):
            client (str | Unset): The client's name, e.g. aura-cli/1.4.
            editing (list[str] | Unset): The functions or paths being edited (at most 50).
            repo (None | str | Unset):
            team (str | Unset): One of your teams (default: all of them).
     """

    branch: None | str | Unset = UNSET
    client: str | Unset = UNSET
    editing: list[str] | Unset = UNSET
    repo: None | str | Unset = UNSET
    team: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        branch: None | str | Unset
        if isinstance(self.branch, Unset):
            branch = UNSET
        else:
            branch = self.branch

        client: str | Unset
        if isinstance(self.client, Unset):
            client = UNSET
        else:
            client = self.client

        editing: list[str] | Unset = UNSET
        if not isinstance(self.editing, Unset):
            editing = self.editing



        repo: None | str | Unset
        if isinstance(self.repo, Unset):
            repo = UNSET
        else:
            repo = self.repo

        team = self.team


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if branch is not UNSET:
            field_dict["branch"] = branch
        if client is not UNSET:
            field_dict["client"] = client
        if editing is not UNSET:
            field_dict["editing"] = editing
        if repo is not UNSET:
            field_dict["repo"] = repo
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_branch(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        branch = _parse_branch(d.pop("branch", UNSET))


        def _parse_client(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        client = _parse_client(d.pop("client", UNSET))


        editing = cast(list[str], d.pop("editing", UNSET))


        def _parse_repo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        repo = _parse_repo(d.pop("repo", UNSET))


        team = d.pop("team", UNSET)

        heartbeat_request = cls(
            branch=branch,
            client=client,
            editing=editing,
            repo=repo,
            team=team,
        )

        return heartbeat_request

