from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RedeemedToken")



@_attrs_define
class RedeemedToken:
    """ 
        Attributes:
            created_at (datetime.datetime):
            display (str):
            expires_at (datetime.datetime | None):
            id (str):
            last_used_at (datetime.datetime | None):
            name (str):
            prefix (str):
            rate_limit_per_minute (int | None):
            rate_limit_per_second (int | None):
            revoked_at (datetime.datetime | None):
            rotated_from (None | str):
            scopes (Any):
            state (str):
            teams (list[str]):
            token (str): The secret, shown this once.
            user (str):
     """

    created_at: datetime.datetime
    display: str
    expires_at: datetime.datetime | None
    id: str
    last_used_at: datetime.datetime | None
    name: str
    prefix: str
    rate_limit_per_minute: int | None
    rate_limit_per_second: int | None
    revoked_at: datetime.datetime | None
    rotated_from: None | str
    scopes: Any
    state: str
    teams: list[str]
    token: str
    user: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        display = self.display

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = self.id

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        name = self.name

        prefix = self.prefix

        rate_limit_per_minute: int | None
        rate_limit_per_minute = self.rate_limit_per_minute

        rate_limit_per_second: int | None
        rate_limit_per_second = self.rate_limit_per_second

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        rotated_from: None | str
        rotated_from = self.rotated_from

        scopes = self.scopes

        state = self.state

        teams = self.teams



        token = self.token

        user = self.user


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "display": display,
            "expires_at": expires_at,
            "id": id,
            "last_used_at": last_used_at,
            "name": name,
            "prefix": prefix,
            "rate_limit_per_minute": rate_limit_per_minute,
            "rate_limit_per_second": rate_limit_per_second,
            "revoked_at": revoked_at,
            "rotated_from": rotated_from,
            "scopes": scopes,
            "state": state,
            "teams": teams,
            "token": token,
            "user": user,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        display = d.pop("display")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        id = d.pop("id")

        def _parse_last_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at"))


        name = d.pop("name")

        prefix = d.pop("prefix")

        def _parse_rate_limit_per_minute(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rate_limit_per_minute = _parse_rate_limit_per_minute(d.pop("rate_limit_per_minute"))


        def _parse_rate_limit_per_second(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rate_limit_per_second = _parse_rate_limit_per_second(d.pop("rate_limit_per_second"))


        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        def _parse_rotated_from(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rotated_from = _parse_rotated_from(d.pop("rotated_from"))


        scopes = d.pop("scopes")

        state = d.pop("state")

        teams = cast(list[str], d.pop("teams"))


        token = d.pop("token")

        user = d.pop("user")

        redeemed_token = cls(
            created_at=created_at,
            display=display,
            expires_at=expires_at,
            id=id,
            last_used_at=last_used_at,
            name=name,
            prefix=prefix,
            rate_limit_per_minute=rate_limit_per_minute,
            rate_limit_per_second=rate_limit_per_second,
            revoked_at=revoked_at,
            rotated_from=rotated_from,
            scopes=scopes,
            state=state,
            teams=teams,
            token=token,
            user=user,
        )


        redeemed_token.additional_properties = d
        return redeemed_token

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
