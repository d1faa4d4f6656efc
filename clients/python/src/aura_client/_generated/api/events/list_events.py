from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.grouped_answer import GroupedAnswer
from ...models.list_events_aggregate import ListEventsAggregate
from ...models.list_events_group_by import ListEventsGroupBy
from ...models.list_events_topics_item import ListEventsTopicsItem
from ...models.paginated_event_list import PaginatedEventList
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    after: int | Unset = UNSET,
    aggregate: ListEventsAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListEventsGroupBy | Unset = UNSET,
    limit: int | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: list[ListEventsTopicsItem] | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["after"] = after

    json_aggregate: str | Unset = UNSET
    if not isinstance(aggregate, Unset):
        json_aggregate = aggregate.value

    params["aggregate"] = json_aggregate

    params["cursor"] = cursor

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    params["limit"] = limit

    json_since: str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    elif isinstance(since, datetime.date):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    params["subscribe"] = subscribe

    params["team"] = team

    json_topics: list[str] | Unset = UNSET
    if not isinstance(topics, Unset):
        json_topics = []
        for topics_item_data in topics:
            topics_item = topics_item_data.value
            json_topics.append(topics_item)


    params["topics"] = json_topics


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | GroupedAnswer | PaginatedEventList | None:
    if response.status_code == 200:
        def _parse_response_200(data: object) -> GroupedAnswer | PaginatedEventList:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = PaginatedEventList.from_dict(data)



                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = GroupedAnswer.from_dict(data)



            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())



        return response_406

    if response.status_code == 426:
        response_426 = Error.from_dict(response.json())



        return response_426

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | GroupedAnswer | PaginatedEventList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    aggregate: ListEventsAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListEventsGroupBy | Unset = UNSET,
    limit: int | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: list[ListEventsTopicsItem] | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | GroupedAnswer | PaginatedEventList]:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (ListEventsAggregate | Unset):
        cursor (str | Unset):
        group_by (ListEventsGroupBy | Unset):
        limit (int | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (list[ListEventsTopicsItem] | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupedAnswer | PaginatedEventList]
     """


    kwargs = _get_kwargs(
        after=after,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
subscribe=subscribe,
team=team,
topics=topics,
aura_api_version=aura_api_version,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    aggregate: ListEventsAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListEventsGroupBy | Unset = UNSET,
    limit: int | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: list[ListEventsTopicsItem] | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | GroupedAnswer | PaginatedEventList | None:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (ListEventsAggregate | Unset):
        cursor (str | Unset):
        group_by (ListEventsGroupBy | Unset):
        limit (int | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (list[ListEventsTopicsItem] | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupedAnswer | PaginatedEventList
     """


    return sync_detailed(
        client=client,
after=after,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
subscribe=subscribe,
team=team,
topics=topics,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    aggregate: ListEventsAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListEventsGroupBy | Unset = UNSET,
    limit: int | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: list[ListEventsTopicsItem] | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | GroupedAnswer | PaginatedEventList]:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (ListEventsAggregate | Unset):
        cursor (str | Unset):
        group_by (ListEventsGroupBy | Unset):
        limit (int | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (list[ListEventsTopicsItem] | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupedAnswer | PaginatedEventList]
     """


    kwargs = _get_kwargs(
        after=after,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
subscribe=subscribe,
team=team,
topics=topics,
aura_api_version=aura_api_version,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    aggregate: ListEventsAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListEventsGroupBy | Unset = UNSET,
    limit: int | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: list[ListEventsTopicsItem] | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | GroupedAnswer | PaginatedEventList | None:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (ListEventsAggregate | Unset):
        cursor (str | Unset):
        group_by (ListEventsGroupBy | Unset):
        limit (int | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (list[ListEventsTopicsItem] | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupedAnswer | PaginatedEventList
     """


    return (await asyncio_detailed(
        client=client,
after=after,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
subscribe=subscribe,
team=team,
topics=topics,
aura_api_version=aura_api_version,

    )).parsed
