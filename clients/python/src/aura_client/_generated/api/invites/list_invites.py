from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.grouped_answer import GroupedAnswer
from ...models.list_invites_aggregate import ListInvitesAggregate
from ...models.list_invites_group_by import ListInvitesGroupBy
from ...models.list_invites_role import ListInvitesRole
from ...models.list_invites_state import ListInvitesState
from ...models.paginated_invite_list import PaginatedInviteList
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    aggregate: ListInvitesAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListInvitesGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    role: ListInvitesRole | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    state: ListInvitesState | Unset = UNSET,
    team: str | Unset = UNSET,
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

    params["cursor"] = cursor

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    params["limit"] = limit

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

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

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params["team"] = team


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/invites",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | GroupedAnswer | PaginatedInviteList | None:
    if response.status_code == 200:
        def _parse_response_200(data: object) -> GroupedAnswer | PaginatedInviteList:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = PaginatedInviteList.from_dict(data)



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | GroupedAnswer | PaginatedInviteList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: ListInvitesAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListInvitesGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    role: ListInvitesRole | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    state: ListInvitesState | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | GroupedAnswer | PaginatedInviteList]:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        aggregate (ListInvitesAggregate | Unset):
        cursor (str | Unset):
        group_by (ListInvitesGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        role (ListInvitesRole | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        state (ListInvitesState | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupedAnswer | PaginatedInviteList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
role=role,
since=since,
state=state,
team=team,
aura_api_version=aura_api_version,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    aggregate: ListInvitesAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListInvitesGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    role: ListInvitesRole | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    state: ListInvitesState | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | GroupedAnswer | PaginatedInviteList | None:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        aggregate (ListInvitesAggregate | Unset):
        cursor (str | Unset):
        group_by (ListInvitesGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        role (ListInvitesRole | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        state (ListInvitesState | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupedAnswer | PaginatedInviteList
     """


    return sync_detailed(
        client=client,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
role=role,
since=since,
state=state,
team=team,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: ListInvitesAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListInvitesGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    role: ListInvitesRole | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    state: ListInvitesState | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | GroupedAnswer | PaginatedInviteList]:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        aggregate (ListInvitesAggregate | Unset):
        cursor (str | Unset):
        group_by (ListInvitesGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        role (ListInvitesRole | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        state (ListInvitesState | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupedAnswer | PaginatedInviteList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
role=role,
since=since,
state=state,
team=team,
aura_api_version=aura_api_version,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    aggregate: ListInvitesAggregate | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: ListInvitesGroupBy | Unset = UNSET,
    limit: int | Unset = 50,
    role: ListInvitesRole | Unset = UNSET,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    state: ListInvitesState | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | GroupedAnswer | PaginatedInviteList | None:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        aggregate (ListInvitesAggregate | Unset):
        cursor (str | Unset):
        group_by (ListInvitesGroupBy | Unset):
        limit (int | Unset):  Default: 50.
        role (ListInvitesRole | Unset):
        since (datetime.date | datetime.datetime | str | Unset):
        state (ListInvitesState | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupedAnswer | PaginatedInviteList
     """


    return (await asyncio_detailed(
        client=client,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
limit=limit,
role=role,
since=since,
state=state,
team=team,
aura_api_version=aura_api_version,

    )).parsed
