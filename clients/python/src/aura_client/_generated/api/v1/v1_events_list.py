from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_event_list import PaginatedEventList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    after: int | Unset = UNSET,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["after"] = after

    params["aggregate"] = aggregate

    params["cursor"] = cursor

    params["group_by"] = group_by

    params["limit"] = limit

    params["since"] = since

    params["subscribe"] = subscribe

    params["team"] = team

    params["topics"] = topics


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedEventList | None:
    if response.status_code == 200:
        response_200 = PaginatedEventList.from_dict(response.json())



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

    if response.status_code == 426:
        response_426 = Error.from_dict(response.json())



        return response_426

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedEventList]:
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
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedEventList]:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedEventList]
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
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedEventList | None:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedEventList
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
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedEventList]:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedEventList]
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
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: str | Unset = UNSET,
    subscribe: bool | Unset = UNSET,
    team: str | Unset = UNSET,
    topics: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedEventList | None:
    """  GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server).

    Args:
        after (int | Unset):
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (str | Unset):
        subscribe (bool | Unset):
        team (str | Unset):
        topics (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedEventList
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
