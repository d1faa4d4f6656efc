from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.intent_tickets_item import IntentTicketsItem
  from ..models.member_ref import MemberRef





T = TypeVar("T", bound="Intent")



@_attrs_define
class Intent:
    """ 
        Attributes:
            author (MemberRef | None):
            branch (None | str):
            commit_sha (None | str):
            created_at (datetime.datetime):
            id (str):
            nodes_added (int):
            nodes_changed (int):
            nodes_deleted (int):
            prove_goals (Any):
            repo (None | str):
            summary (str):
            team (str):
            tickets (list[IntentTicketsItem]):
     """

    author: MemberRef | None
    branch: None | str
    commit_sha: None | str
    created_at: datetime.datetime
    id: str
    nodes_added: int
    nodes_changed: int
    nodes_deleted: int
    prove_goals: Any
    repo: None | str
    summary: str
    team: str
    tickets: list[IntentTicketsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.intent_tickets_item import IntentTicketsItem # noqa: PLC0415
        from ..models.member_ref import MemberRef # noqa: PLC0415
        author: dict[str, Any] | None
        if isinstance(self.author, MemberRef):
            author = self.author.to_dict()
        else:
            author = self.author

        branch: None | str
        branch = self.branch

        commit_sha: None | str
        commit_sha = self.commit_sha

        created_at = self.created_at.isoformat()

        id = self.id

        nodes_added = self.nodes_added

        nodes_changed = self.nodes_changed

        nodes_deleted = self.nodes_deleted

        prove_goals = self.prove_goals

        repo: None | str
        repo = self.repo

        summary = self.summary

        team = self.team

        tickets = []
        for tickets_item_data in self.tickets:
            tickets_item = tickets_item_data.to_dict()
            tickets.append(tickets_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "author": author,
            "branch": branch,
            "commit_sha": commit_sha,
            "created_at": created_at,
            "id": id,
            "nodes_added": nodes_added,
            "nodes_changed": nodes_changed,
            "nodes_deleted": nodes_deleted,
            "prove_goals": prove_goals,
            "repo": repo,
            "summary": summary,
            "team": team,
            "tickets": tickets,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.intent_tickets_item import IntentTicketsItem # noqa: PLC0415
        from ..models.member_ref import MemberRef # noqa: PLC0415
        d = dict(src_dict)
        def _parse_author(data: object) -> MemberRef | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                author_type_1 = MemberRef.from_dict(data)



                return author_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberRef | None, data)

        author = _parse_author(d.pop("author"))


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


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        nodes_added = d.pop("nodes_added")

        nodes_changed = d.pop("nodes_changed")

        nodes_deleted = d.pop("nodes_deleted")

        prove_goals = d.pop("prove_goals")

        def _parse_repo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        repo = _parse_repo(d.pop("repo"))


        summary = d.pop("summary")

        team = d.pop("team")

        tickets = []
        _tickets = d.pop("tickets")
        for tickets_item_data in (_tickets):
            tickets_item = IntentTicketsItem.from_dict(tickets_item_data)



            tickets.append(tickets_item)


        intent = cls(
            author=author,
            branch=branch,
            commit_sha=commit_sha,
            created_at=created_at,
            id=id,
            nodes_added=nodes_added,
            nodes_changed=nodes_changed,
            nodes_deleted=nodes_deleted,
            prove_goals=prove_goals,
            repo=repo,
            summary=summary,
            team=team,
            tickets=tickets,
        )


        intent.additional_properties = d
        return intent

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
