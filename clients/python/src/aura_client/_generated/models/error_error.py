from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.error_error_fields import ErrorErrorFields
  from ..models.zone import Zone





T = TypeVar("T", bound="ErrorError")



@_attrs_define
class ErrorError:
    """ 
        Attributes:
            code (str):  Example: scope_missing.
            message (str):
            request_id (None | str):  Example: req_01J....
            available (list[str] | Unset): not_acceptable (406): the media types this content can be sent as.
            conflicts (list[Zone] | Unset): zone_conflict (409), zone_blocked (423): the zones in the way.
            fields (ErrorErrorFields | Unset): validation_failed: the message for each invalid field (dotted paths).
            hint (None | str | Unset):
            limit (int | Unset): payload_too_large (413): the limit in bytes, when one is known.
            parameter (str | Unset): invalid_parameter: the query parameter that was refused.
            state (str | Unset): token_inactive (409), invite_unavailable (410): the token's or the invite's state (revoked,
                expired, rotating; revoked, used, expired).
     """

    code: str
    message: str
    request_id: None | str
    available: list[str] | Unset = UNSET
    conflicts: list[Zone] | Unset = UNSET
    fields: ErrorErrorFields | Unset = UNSET
    hint: None | str | Unset = UNSET
    limit: int | Unset = UNSET
    parameter: str | Unset = UNSET
    state: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.error_error_fields import ErrorErrorFields # noqa: PLC0415
        from ..models.zone import Zone # noqa: PLC0415
        code = self.code

        message = self.message

        request_id: None | str
        request_id = self.request_id

        available: list[str] | Unset = UNSET
        if not isinstance(self.available, Unset):
            available = self.available



        conflicts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.conflicts, Unset):
            conflicts = []
            for conflicts_item_data in self.conflicts:
                conflicts_item = conflicts_item_data.to_dict()
                conflicts.append(conflicts_item)



        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        hint: None | str | Unset
        if isinstance(self.hint, Unset):
            hint = UNSET
        else:
            hint = self.hint

        limit = self.limit

        parameter = self.parameter

        state = self.state


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "message": message,
            "request_id": request_id,
        })
        if available is not UNSET:
            field_dict["available"] = available
        if conflicts is not UNSET:
            field_dict["conflicts"] = conflicts
        if fields is not UNSET:
            field_dict["fields"] = fields
        if hint is not UNSET:
            field_dict["hint"] = hint
        if limit is not UNSET:
            field_dict["limit"] = limit
        if parameter is not UNSET:
            field_dict["parameter"] = parameter
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_error_fields import ErrorErrorFields # noqa: PLC0415
        from ..models.zone import Zone # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))


        available = cast(list[str], d.pop("available", UNSET))


        _conflicts = d.pop("conflicts", UNSET)
        conflicts: list[Zone] | Unset = UNSET
        if _conflicts is not UNSET:
            conflicts = []
            for conflicts_item_data in _conflicts:
                conflicts_item = Zone.from_dict(conflicts_item_data)



                conflicts.append(conflicts_item)


        _fields = d.pop("fields", UNSET)
        fields: ErrorErrorFields | Unset
        if isinstance(_fields,  Unset):
            fields = UNSET
        else:
            fields = ErrorErrorFields.from_dict(_fields)




        def _parse_hint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hint = _parse_hint(d.pop("hint", UNSET))


        limit = d.pop("limit", UNSET)

        parameter = d.pop("parameter", UNSET)

        state = d.pop("state", UNSET)

        error_error = cls(
            code=code,
            message=message,
            request_id=request_id,
            available=available,
            conflicts=conflicts,
            fields=fields,
            hint=hint,
            limit=limit,
            parameter=parameter,
            state=state,
        )


        error_error.additional_properties = d
        return error_error

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
