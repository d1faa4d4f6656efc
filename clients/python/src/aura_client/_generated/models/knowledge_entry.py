from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_kind_enum import MemberKindEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.member_ref import MemberRef





T = TypeVar("T", bound="KnowledgeEntry")



@_attrs_define
class KnowledgeEntry:
    """ 
        Attributes:
            answer (str):
            author (MemberRef): How a member appears inside other objects: author, from, owner, to.
            category (str):
            created_at (datetime.datetime):
            id (str):
            question (str):
            repo (str):
            source (MemberKindEnum): * `human` - human
                * `agent` - agent
            tags (list[str]):
            team (str):
            updated_at (datetime.datetime):
            votes (int):
     """

    answer: str
    author: MemberRef
    category: str
    created_at: datetime.datetime
    id: str
    question: str
    repo: str
    source: MemberKindEnum
    tags: list[str]
    team: str
    updated_at: datetime.datetime
    votes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        answer = self.answer

        author = self.author.to_dict()

        category = self.category

        created_at = self.created_at.isoformat()

        id = self.id

        question = self.question

        repo = self.repo

        source = self.source.value

        tags = self.tags



        team = self.team

        updated_at = self.updated_at.isoformat()

        votes = self.votes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "answer": answer,
            "author": author,
            "category": category,
            "created_at": created_at,
            "id": id,
            "question": question,
            "repo": repo,
            "source": source,
            "tags": tags,
            "team": team,
            "updated_at": updated_at,
            "votes": votes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef # noqa: PLC0415
        d = dict(src_dict)
        answer = d.pop("answer")

        author = MemberRef.from_dict(d.pop("author"))




        category = d.pop("category")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        question = d.pop("question")

        repo = d.pop("repo")

        source = MemberKindEnum(d.pop("source"))




        tags = cast(list[str], d.pop("tags"))


        team = d.pop("team")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        votes = d.pop("votes")

        knowledge_entry = cls(
            answer=answer,
            author=author,
            category=category,
            created_at=created_at,
            id=id,
            question=question,
            repo=repo,
            source=source,
            tags=tags,
            team=team,
            updated_at=updated_at,
            votes=votes,
        )


        knowledge_entry.additional_properties = d
        return knowledge_entry

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
