from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.impact_batch_request import ImpactBatchRequest
from ...models.paginated_impact_batch_result_list import PaginatedImpactBatchResultList
from ...models.v1_impactsbatch_create_change import V1ImpactsbatchCreateChange
from ...models.v1_impactsbatch_create_severity import V1ImpactsbatchCreateSeverity
from ...models.v1_impactsbatch_create_status import V1ImpactsbatchCreateStatus
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    body: ImpactBatchRequest,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsbatchCreateChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsbatchCreateSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsbatchCreateStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

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
        "method": "post",
        "url": "/v1/impacts:batch",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedImpactBatchResultList | None:
    if response.status_code == 200:
        response_200 = PaginatedImpactBatchResultList.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())



        return response_422

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedImpactBatchResultList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImpactBatchRequest,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsbatchCreateChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsbatchCreateSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsbatchCreateStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | PaginatedImpactBatchResultList]:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsbatchCreateChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsbatchCreateSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsbatchCreateStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (ImpactBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedImpactBatchResultList]
     """


    kwargs = _get_kwargs(
        body=body,
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
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: ImpactBatchRequest,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsbatchCreateChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsbatchCreateSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsbatchCreateStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | PaginatedImpactBatchResultList | None:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsbatchCreateChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsbatchCreateSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsbatchCreateStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (ImpactBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedImpactBatchResultList
     """


    return sync_detailed(
        client=client,
body=body,
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
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImpactBatchRequest,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsbatchCreateChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsbatchCreateSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsbatchCreateStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | PaginatedImpactBatchResultList]:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsbatchCreateChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsbatchCreateSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsbatchCreateStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (ImpactBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedImpactBatchResultList]
     """


    kwargs = _get_kwargs(
        body=body,
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
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ImpactBatchRequest,
    aggregate: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    change: V1ImpactsbatchCreateChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    function: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    other_branch: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    severity: V1ImpactsbatchCreateSeverity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    status: V1ImpactsbatchCreateStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | PaginatedImpactBatchResultList | None:
    """  /v1/impacts — what another branch changed that affects yours.

    Args:
        aggregate (str | Unset):
        branch (str | Unset):
        change (V1ImpactsbatchCreateChange | Unset):
        cursor (str | Unset):
        function (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        other_branch (str | Unset):
        repo (str | Unset):
        severity (V1ImpactsbatchCreateSeverity | Unset):
        since (datetime.datetime | Unset):
        status (V1ImpactsbatchCreateStatus | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (ImpactBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedImpactBatchResultList
     """


    return (await asyncio_detailed(
        client=client,
body=body,
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
idempotency_key=idempotency_key,

    )).parsed
