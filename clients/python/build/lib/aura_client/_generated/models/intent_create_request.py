from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.node_request import NodeRequest
  from ..models.prove_goal_request import ProveGoalRequest
  from ..models.ticket_request import TicketRequest





T = TypeVar("T", bound="IntentCreateRequest")



@_attrs_define
class IntentCreateRequest:
    """ 
        Attributes:
            summary (str):
            author (str | Unset): Member id or handle; only an admin may log for someone else.
            branch (None | str | Unset):
            commit_sha (None | str | Unset):
            nodes (list[NodeRequest] | Unset):
            prove_goals (list[ProveGoalRequest] | Unset):
            repo (None | str | Unset):
            team (str | Unset): Team slug; needed when you belong to several.
            tickets (list[TicketRequest] | Unset):
     """

    summary: str
    author: str | Unset = UNSET
    branch: None | str | Unset = UNSET
    commit_sha: None | str | Unset = UNSET
    nodes: list[NodeRequest] | Unset = UNSET
    prove_goals: list[ProveGoalRequest] | Unset = UNSET
    repo: None | str | Unset = UNSET
    team: str | Unset = UNSET
    tickets: list[TicketRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.node_request import NodeRequest # noqa: PLC0415
        from ..models.prove_goal_request import ProveGoalRequest # noqa: PLC0415
        from ..models.ticket_request import TicketRequest # noqa: PLC0415
        summary = self.summary

        author = self.author

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

        nodes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.nodes, Unset):
            nodes = []
            for nodes_item_data in self.nodes:
                nodes_item = nodes_item_data.to_dict()
                nodes.append(nodes_item)



        prove_goals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.prove_goals, Unset):
            prove_goals = []
            for prove_goals_item_data in self.prove_goals:
                prove_goals_item = prove_goals_item_data.to_dict()
                prove_goals.append(prove_goals_item)



        repo: None | str | Unset
        if isinstance(self.repo, Unset):
            repo = UNSET
        else:
            repo = self.repo

        team = self.team

        tickets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tickets, Unset):
            tickets = []
            for tickets_item_data in self.tickets:
                tickets_item = tickets_item_data.to_dict()
                tickets.append(tickets_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "summary": summary,
        })
        if author is not UNSET:
            field_dict["author"] = author
        if branch is not UNSET:
            field_dict["branch"] = branch
        if commit_sha is not UNSET:
            field_dict["commit_sha"] = commit_sha
        if nodes is not UNSET:
            field_dict["nodes"] = nodes
        if prove_goals is not UNSET:
            field_dict["prove_goals"] = prove_goals
        if repo is not UNSET:
            field_dict["repo"] = repo
        if team is not UNSET:
            field_dict["team"] = team
        if tickets is not UNSET:
            field_dict["tickets"] = tickets

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_request import NodeRequest # noqa: PLC0415
        from ..models.prove_goal_request import ProveGoalRequest # noqa: PLC0415
        from ..models.ticket_request import TicketRequest # noqa: PLC0415
        d = dict(src_dict)
        summary = d.pop("summary")

        author = d.pop("author", UNSET)

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


        _nodes = d.pop("nodes", UNSET)
        nodes: list[NodeRequest] | Unset = UNSET
        if _nodes is not UNSET:
            nodes = []
            for nodes_item_data in _nodes:
                nodes_item = NodeRequest.from_dict(nodes_item_data)



                nodes.append(nodes_item)


        _prove_goals = d.pop("prove_goals", UNSET)
        prove_goals: list[ProveGoalRequest] | Unset = UNSET
        if _prove_goals is not UNSET:
            prove_goals = []
            for prove_goals_item_data in _prove_goals:
                prove_goals_item = ProveGoalRequest.from_dict(prove_goals_item_data)



                prove_goals.append(prove_goals_item)


        def _parse_repo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        repo = _parse_repo(d.pop("repo", UNSET))


        team = d.pop("team", UNSET)

        _tickets = d.pop("tickets", UNSET)
        tickets: list[TicketRequest] | Unset = UNSET
        if _tickets is not UNSET:
            tickets = []
            for tickets_item_data in _tickets:
                tickets_item = TicketRequest.from_dict(tickets_item_data)



                tickets.append(tickets_item)


        intent_create_request = cls(
            summary=summary,
            author=author,
            branch=branch,
            commit_sha=commit_sha,
            nodes=nodes,
            prove_goals=prove_goals,
            repo=repo,
            team=team,
            tickets=tickets,
        )


        intent_create_request.additional_properties = d
        return intent_create_request

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
