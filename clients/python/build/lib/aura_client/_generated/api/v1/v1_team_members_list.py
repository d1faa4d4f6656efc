from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_member_list import PaginatedMemberList
from ...models.v1_team_members_list_kind import V1TeamMembersListKind
from ...models.v1_team_members_list_role import V1TeamMembersListRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1TeamMembersListKind | Unset = UNSET,
    limit: int | Unset = 50,
    name: str | Unset = UNSET,
    role: V1TeamMembersListRole | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["aggregate"] = aggregate

    params["cursor"] = cursor

    params["group_by"] = group_by

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["limit"] = limit

    params["name"] = name

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

    params["team"] = team


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/team/members",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedMemberList | None:
    if response.status_code == 200:
        response_200 = PaginatedMemberList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedMemberList]:
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
    kind: V1TeamMembersListKind | Unset = UNSET,
    limit: int | Unset = 50,
    name: str | Unset = UNSET,
    role: V1TeamMembersListRole | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedMemberList]:
    """  GET /v1/team/members[/{id}] — the roster of the caller's teams.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1TeamMembersListKind | Unset):
        limit (int | Unset):  Default: 50.
        name (str | Unset):
        role (V1TeamMembersListRole | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedMemberList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
name=name,
role=role,
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
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1TeamMembersListKind | Unset = UNSET,
    limit: int | Unset = 50,
    name: str | Unset = UNSET,
    role: V1TeamMembersListRole | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedMemberList | None:
    """  GET /v1/team/members[/{id}] — the roster of the caller's teams.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1TeamMembersListKind | Unset):
        limit (int | Unset):  Default: 50.
        name (str | Unset):
        role (V1TeamMembersListRole | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedMemberList
     """


    return sync_detailed(
        client=client,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
name=name,
role=role,
team=team,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1TeamMembersListKind | Unset = UNSET,
    limit: int | Unset = 50,
    name: str | Unset = UNSET,
    role: V1TeamMembersListRole | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedMemberList]:
    """  GET /v1/team/members[/{id}] — the roster of the caller's teams.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1TeamMembersListKind | Unset):
        limit (int | Unset):  Default: 50.
        name (str | Unset):
        role (V1TeamMembersListRole | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedMemberList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
name=name,
role=role,
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
    aggregate: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1TeamMembersListKind | Unset = UNSET,
    limit: int | Unset = 50,
    name: str | Unset = UNSET,
    role: V1TeamMembersListRole | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedMemberList | None:
    """  GET /v1/team/members[/{id}] — the roster of the caller's teams.

    Args:
        aggregate (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1TeamMembersListKind | Unset):
        limit (int | Unset):  Default: 50.
        name (str | Unset):
        role (V1TeamMembersListRole | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedMemberList
     """


    return (await asyncio_detailed(
        client=client,
aggregate=aggregate,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
name=name,
role=role,
team=team,
aura_api_version=aura_api_version,

    )).parsed
