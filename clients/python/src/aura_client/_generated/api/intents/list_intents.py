from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.grouped_answer import GroupedAnswer
from ...models.list_intents_aggregate import ListIntentsAggregate
from ...models.list_intents_group_by import ListIntentsGroupBy
from ...models.paginated_intent_list import PaginatedIntentList
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    aggregate: ListIntentsAggregate | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListIntentsGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    json_aggregate: str | Unset = UNSET
    if not isinstance(aggregate, Unset):
        json_aggregate = aggregate.value

    params["aggregate"] = json_aggregate

    params["author"] = author

    params["branch"] = branch

    params["cursor"] = cursor

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    params["limit"] = limit

    params["q"] = q

    params["repo"] = repo

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

    params["team"] = team

    params["ticket"] = ticket


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/intents",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | GroupedAnswer | PaginatedIntentList | None:
    if response.status_code == 200:
        def _parse_response_200(data: object) -> GroupedAnswer | PaginatedIntentList:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = PaginatedIntentList.from_dict(data)



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | GroupedAnswer | PaginatedIntentList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: ListIntentsAggregate | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListIntentsGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | GroupedAnswer | PaginatedIntentList]:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (ListIntentsAggregate | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (ListIntentsGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupedAnswer | PaginatedIntentList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
author=author,
branch=branch,
cursor=cursor,
group_by=group_by,
limit=limit,
q=q,
repo=repo,
since=since,
team=team,
ticket=ticket,
aura_api_version=aura_api_version,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    aggregate: ListIntentsAggregate | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListIntentsGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | GroupedAnswer | PaginatedIntentList | None:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (ListIntentsAggregate | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (ListIntentsGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupedAnswer | PaginatedIntentList
     """


    return sync_detailed(
        client=client,
aggregate=aggregate,
author=author,
branch=branch,
cursor=cursor,
group_by=group_by,
limit=limit,
q=q,
repo=repo,
since=since,
team=team,
ticket=ticket,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: ListIntentsAggregate | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListIntentsGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | GroupedAnswer | PaginatedIntentList]:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (ListIntentsAggregate | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (ListIntentsGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupedAnswer | PaginatedIntentList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
author=author,
branch=branch,
cursor=cursor,
group_by=group_by,
limit=limit,
q=q,
repo=repo,
since=since,
team=team,
ticket=ticket,
aura_api_version=aura_api_version,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    aggregate: ListIntentsAggregate | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListIntentsGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | GroupedAnswer | PaginatedIntentList | None:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (ListIntentsAggregate | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (ListIntentsGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupedAnswer | PaginatedIntentList
     """


    return (await asyncio_detailed(
        client=client,
aggregate=aggregate,
author=author,
branch=branch,
cursor=cursor,
group_by=group_by,
limit=limit,
q=q,
repo=repo,
since=since,
team=team,
ticket=ticket,
aura_api_version=aura_api_version,

    )).parsed
