from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.presence_member import PresenceMember





T = TypeVar("T", bound="PresenceRow")



@_attrs_define
class PresenceRow:
    """ 
        Attributes:
            active_since (datetime.datetime):
            branch (None | str):
            client (str):
            editing (list[str]):
            last_seen_at (datetime.datetime):
            member (PresenceMember):
            repo (None | str):
            team (str):
     """

    active_since: datetime.datetime
    branch: None | str
    client: str
    editing: list[str]
    last_seen_at: datetime.datetime
    member: PresenceMember
    repo: None | str
    team: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.presence_member import PresenceMember # noqa: PLC0415
        active_since = self.active_since.isoformat()

        branch: None | str
        branch = self.branch

        client = self.client

        editing = self.editing



        last_seen_at = self.last_seen_at.isoformat()

        member = self.member.to_dict()

        repo: None | str
        repo = self.repo

        team = self.team


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active_since": active_since,
            "branch": branch,
            "client": client,
            "editing": editing,
            "last_seen_at": last_seen_at,
            "member": member,
            "repo": repo,
            "team": team,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.presence_member import PresenceMember # noqa: PLC0415
        d = dict(src_dict)
        active_since = datetime.datetime.fromisoformat(d.pop("active_since"))




        def _parse_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        branch = _parse_branch(d.pop("branch"))


        client = d.pop("client")

        editing = cast(list[str], d.pop("editing"))


        last_seen_at = datetime.datetime.fromisoformat(d.pop("last_seen_at"))




        member = PresenceMember.from_dict(d.pop("member"))




        def _parse_repo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        repo = _parse_repo(d.pop("repo"))


        team = d.pop("team")

        presence_row = cls(
            active_since=active_since,
            branch=branch,
            client=client,
            editing=editing,
            last_seen_at=last_seen_at,
            member=member,
            repo=repo,
            team=team,
        )


        presence_row.additional_properties = d
        return presence_row

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
