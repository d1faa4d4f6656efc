from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.delivery_status_enum import DeliveryStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="Delivery")



@_attrs_define
class Delivery:
    """ 
        Attributes:
            attempts (int):
            created_at (datetime.datetime):
            delivered_at (datetime.datetime | None):
            duration_ms (int | None):
            error (str):
            event_id (None | str):
            id (str):
            last_attempt_at (datetime.datetime | None):
            next_attempt_at (datetime.datetime | None):
            response_status (int | None):
            status (DeliveryStatusEnum): * `pending` - pending
                * `succeeded` - succeeded
                * `failed` - failed
            topic (str):
            webhook (str):
     """

    attempts: int
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    duration_ms: int | None
    error: str
    event_id: None | str
    id: str
    last_attempt_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None
    response_status: int | None
    status: DeliveryStatusEnum
    topic: str
    webhook: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        duration_ms: int | None
        duration_ms = self.duration_ms

        error = self.error

        event_id: None | str
        event_id = self.event_id

        id = self.id

        last_attempt_at: None | str
        if isinstance(self.last_attempt_at, datetime.datetime):
            last_attempt_at = self.last_attempt_at.isoformat()
        else:
            last_attempt_at = self.last_attempt_at

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        response_status: int | None
        response_status = self.response_status

        status = self.status.value

        topic = self.topic

        webhook = self.webhook


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "attempts": attempts,
            "created_at": created_at,
            "delivered_at": delivered_at,
            "duration_ms": duration_ms,
            "error": error,
            "event_id": event_id,
            "id": id,
            "last_attempt_at": last_attempt_at,
            "next_attempt_at": next_attempt_at,
            "response_status": response_status,
            "status": status,
            "topic": topic,
            "webhook": webhook,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)



                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))


        def _parse_duration_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms"))


        error = d.pop("error")

        def _parse_event_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_id = _parse_event_id(d.pop("event_id"))


        id = d.pop("id")

        def _parse_last_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_attempt_at = _parse_last_attempt_at(d.pop("last_attempt_at"))


        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status = _parse_response_status(d.pop("response_status"))


        status = DeliveryStatusEnum(d.pop("status"))




        topic = d.pop("topic")

        webhook = d.pop("webhook")

        delivery = cls(
            attempts=attempts,
            created_at=created_at,
            delivered_at=delivered_at,
            duration_ms=duration_ms,
            error=error,
            event_id=event_id,
            id=id,
            last_attempt_at=last_attempt_at,
            next_attempt_at=next_attempt_at,
            response_status=response_status,
            status=status,
            topic=topic,
            webhook=webhook,
        )


        delivery.additional_properties = d
        return delivery

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
