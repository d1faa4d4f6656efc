from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_kind_enum import MemberKindEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedKnowledgeEntryUpdateRequest")



@_attrs_define
class PatchedKnowledgeEntryUpdateRequest:
    """ 
        Attributes:
            answer (str | Unset):
            category (str | Unset):
            question (str | Unset):
            repo (str | Unset):
            source (MemberKindEnum | Unset): * `human` - human
                * `agent` - agent
            tags (list[str] | Unset): Up to 20 tags.
     """

    answer: str | Unset = UNSET
    category: str | Unset = UNSET
    question: str | Unset = UNSET
    repo: str | Unset = UNSET
    source: MemberKindEnum | Unset = UNSET
    tags: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        answer = self.answer

        category: str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        question = self.question

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




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if answer is not UNSET:
            field_dict["answer"] = answer
        if category is not UNSET:
            field_dict["category"] = category
        if question is not UNSET:
            field_dict["question"] = question
        if repo is not UNSET:
            field_dict["repo"] = repo
        if source is not UNSET:
            field_dict["source"] = source
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        answer = d.pop("answer", UNSET)

        def _parse_category(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))


        question = d.pop("question", UNSET)

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


        patched_knowledge_entry_update_request = cls(
            answer=answer,
            category=category,
            question=question,
            repo=repo,
            source=source,
            tags=tags,
        )

        return patched_knowledge_entry_update_request

