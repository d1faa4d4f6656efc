from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_kind_enum import MemberKindEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="KnowledgeEntryCreateRequest")



@_attrs_define
class KnowledgeEntryCreateRequest:
    """ 
        Attributes:
            answer (str):
            question (str):
            category (str | Unset):
            repo (str | Unset):
            source (MemberKindEnum | Unset): * `human` - human
                * `agent` - agent
            tags (list[str] | Unset): Up to 20 tags.
            team (str | Unset): Team slug (needed if you belong to several).
     """

    answer: str
    question: str
    category: str | Unset = UNSET
    repo: str | Unset = UNSET
    source: MemberKindEnum | Unset = UNSET
    tags: list[str] | Unset = UNSET
    team: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        answer = self.answer

        question = self.question

        category: str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        repo: str | Unset
        if isinstance(self.repo, Unset):
            repo = UNSET
        else:
            repo = self.repo

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value


        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags



        team = self.team


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "answer": answer,
            "question": question,
        })
        if category is not UNSET:
            field_dict["category"] = category
        if repo is not UNSET:
            field_dict["repo"] = repo
        if source is not UNSET:
            field_dict["source"] = source
        if tags is not UNSET:
            field_dict["tags"] = tags
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        answer = d.pop("answer")

        question = d.pop("question")

        def _parse_category(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))


        def _parse_repo(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        repo = _parse_repo(d.pop("repo", UNSET))


        _source = d.pop("source", UNSET)
        source: MemberKindEnum | Unset
        if isinstance(_source,  Unset):
            source = UNSET
        else:
            source = MemberKindEnum(_source)




        tags = cast(list[str], d.pop("tags", UNSET))


        team = d.pop("team", UNSET)

        knowledge_entry_create_request = cls(
            answer=answer,
            question=question,
            category=category,
            repo=repo,
            source=source,
            tags=tags,
            team=team,
        )

        return knowledge_entry_create_request

