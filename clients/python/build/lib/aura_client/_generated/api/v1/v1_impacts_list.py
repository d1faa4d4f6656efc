from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_impact_list import PaginatedImpactList
from ...models.v1_impacts_list_change import V1ImpactsListChange
from ...models.v1_impacts_list_severity import V1ImpactsListSeverity
from ...models.v1_impacts_list_status import V1ImpactsListStatus
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsListSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsListStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["aggregate"] = aggregate

    params["branch"] = branch

    json_change: str | Unset = UNSET
    if not isinstance(change, Unset):
        json_change = change.value

    params["change"] = json_change

    params["cursor"] = cursor

    params["function"] = function

    params["group_by"] = group_by

    params["limit"] = limit

    params["other_branch"] = other_branch

    params["repo"] = repo

    json_severity: str | Unset = UNSET
    if not isinstance(severity, Unset):
        json_severity = severity.value

    params["severity"] = json_severity

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["team"] = team


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/impacts",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedImpactList | None:
    if response.status_code == 200:
        response_200 = PaginatedImpactList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedImpactList]:
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
    branch: str | Unset = UNSET,
    change: V1ImpactsListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsListSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsListStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedImpactList]:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsListChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsListSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsListStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedImpactList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
branch=branch,
change=change,
cursor=cursor,
function=function,
group_by=group_by,
limit=limit,
other_branch=other_branch,
repo=repo,
severity=severity,
since=since,
status=status,
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
    branch: str | Unset = UNSET,
    change: V1ImpactsListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsListSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsListStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedImpactList | None:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsListChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsListSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsListStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedImpactList
     """


    return sync_detailed(
        client=client,
aggregate=aggregate,
branch=branch,
change=change,
cursor=cursor,
function=function,
group_by=group_by,
limit=limit,
other_branch=other_branch,
repo=repo,
severity=severity,
since=since,
status=status,
team=team,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsListSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsListStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedImpactList]:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsListChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsListSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsListStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedImpactList]
     """


    kwargs = _get_kwargs(
        aggregate=aggregate,
branch=branch,
change=change,
cursor=cursor,
function=function,
group_by=group_by,
limit=limit,
other_branch=other_branch,
repo=repo,
severity=severity,
since=since,
status=status,
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
    branch: str | Unset = UNSET,
    change: V1ImpactsListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsListSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsListStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedImpactList | None:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsListChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsListSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsListStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedImpactList
     """


    return (await asyncio_detailed(
        client=client,
aggregate=aggregate,
branch=branch,
change=change,
cursor=cursor,
function=function,
group_by=group_by,
limit=limit,
other_branch=other_branch,
repo=repo,
severity=severity,
since=since,
status=status,
team=team,
aura_api_version=aura_api_version,

    )).parsed
