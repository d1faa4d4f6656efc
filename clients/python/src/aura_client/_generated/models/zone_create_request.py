from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.mode_enum import ModeEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ZoneCreateRequest")



@_attrs_define
class ZoneCreateRequest:
    """ 
        Attributes:
            paths (list[str]): Globs (* within a segment, ** across), file paths or node names (a::b). An entry ending in /
                claims the whole directory.
            branch (None | str | Unset):
            mode (ModeEnum | Unset): * `warn` - warn
                * `block` - block Default: ModeEnum.WARN.
            reason (str | Unset):
            repo (None | str | Unset):
            team (str | Unset): Team slug (needed if you belong to several).
            ttl_seconds (int | Unset):  Default: 3600.
     """

    paths: list[str]
    branch: None | str | Unset = UNSET
    mode: ModeEnum | Unset = ModeEnum.WARN
    reason: str | Unset = UNSET
    repo: None | str | Unset = UNSET
    team: str | Unset = UNSET
    ttl_seconds: int | Unset = 3600
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        paths = self.paths



        branch: None | str | Unset
        if isinstance(self.branch, Unset):
            branch = UNSET
        else:
            branch = self.branch

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value


        reason: str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        repo: None | str | Unset
        if isinstance(self.repo, Unset):
            repo = UNSET
        else:
            repo = self.repo

        team = self.team

        ttl_seconds = self.ttl_seconds


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "paths": paths,
        })
        if branch is not UNSET:
            field_dict["branch"] = branch
        if mode is not UNSET:
            field_dict["mode"] = mode
        if reason is not UNSET:
            field_dict["reason"] = reason
        if repo is not UNSET:
            field_dict["repo"] = repo
        if team is not UNSET:
            field_dict["team"] = team
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        paths = cast(list[str], d.pop("paths"))


        def _parse_branch(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        branch = _parse_branch(d.pop("branch", UNSET))


        _mode = d.pop("mode", UNSET)
        mode: ModeEnum | Unset
        if isinstance(_mode,  Unset):
            mode = UNSET
        else:
            mode = ModeEnum(_mode)




        def _parse_reason(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))


        def _parse_repo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        repo = _parse_repo(d.pop("repo", UNSET))


        team = d.pop("team", UNSET)

        ttl_seconds = d.pop("ttl_seconds", UNSET)

        zone_create_request = cls(
            paths=paths,
            branch=branch,
            mode=mode,
            reason=reason,
            repo=repo,
            team=team,
            ttl_seconds=ttl_seconds,
        )


        zone_create_request.additional_properties = d
        return zone_create_request

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
