from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_token_list import PaginatedTokenList
from ...models.v1_me_tokens_list_state import V1MeTokensListState
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.datetime | Unset = UNSET,
    state: V1MeTokensListState | Unset = UNSET,
    team: str | Unset = UNSET,
    user: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["aggregate"] = aggregate

    params["cursor"] = cursor

    params["group_by"] = group_by

    params["limit"] = limit

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params["team"] = team

    params["user"] = user


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/tokens",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedTokenList | None:
    if response.status_code == 200:
        response_200 = PaginatedTokenList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedTokenList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.datetime | Unset = UNSET,
    state: V1MeTokensListState | Unset = UNSET,
    team: str | Unset = UNSET,
    user: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedTokenList]:
    """  /v1/me/tokens — a signed-in user's own tokens: list, create, rotate,
    revoke (the way personal access tokens work; the secret is shown once).
    Session only: a token cannot mint or see tokens through this endpoint.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.datetime | Unset):
        state (V1MeTokensListState | Unset):
        team (str | Unset):
        user (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedTokenList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
state=state,
team=team,
user=user,
aura_api_version=aura_api_version,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.datetime | Unset = UNSET,
    state: V1MeTokensListState | Unset = UNSET,
    team: str | Unset = UNSET,
    user: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedTokenList | None:
    """  /v1/me/tokens — a signed-in user's own tokens: list, create, rotate,
    revoke (the way personal access tokens work; the secret is shown once).
    Session only: a token cannot mint or see tokens through this endpoint.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.datetime | Unset):
        state (V1MeTokensListState | Unset):
        team (str | Unset):
        user (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedTokenList
     """


    return sync_detailed(
        client=client,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
state=state,
team=team,
user=user,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.datetime | Unset = UNSET,
    state: V1MeTokensListState | Unset = UNSET,
    team: str | Unset = UNSET,
    user: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedTokenList]:
    """  /v1/me/tokens — a signed-in user's own tokens: list, create, rotate,
    revoke (the way personal access tokens work; the secret is shown once).
    Session only: a token cannot mint or see tokens through this endpoint.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.datetime | Unset):
        state (V1MeTokensListState | Unset):
        team (str | Unset):
        user (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedTokenList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
state=state,
team=team,
user=user,
aura_api_version=aura_api_version,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.datetime | Unset = UNSET,
    state: V1MeTokensListState | Unset = UNSET,
    team: str | Unset = UNSET,
    user: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedTokenList | None:
    """  /v1/me/tokens — a signed-in user's own tokens: list, create, rotate,
    revoke (the way personal access tokens work; the secret is shown once).
    Session only: a token cannot mint or see tokens through this endpoint.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.datetime | Unset):
        state (V1MeTokensListState | Unset):
        team (str | Unset):
        user (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedTokenList
     """


    return (await asyncio_detailed(
        client=client,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
since=since,
state=state,
team=team,
user=user,
aura_api_version=aura_api_version,

    )).parsed
