from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.intent_batch_request import IntentBatchRequest
from ...models.paginated_intent_batch_result_list import PaginatedIntentBatchResultList
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    body: IntentBatchRequest,
    aggregate: str | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
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

    params["author"] = author

    params["branch"] = branch

    params["cursor"] = cursor

    params["group_by"] = group_by

    params["limit"] = limit

    params["q"] = q

    params["repo"] = repo

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    params["team"] = team

    params["ticket"] = ticket


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/intents:batch",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedIntentBatchResultList | None:
    if response.status_code == 200:
        response_200 = PaginatedIntentBatchResultList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedIntentBatchResultList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IntentBatchRequest,
    aggregate: str | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | PaginatedIntentBatchResultList]:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (str | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.datetime | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (IntentBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedIntentBatchResultList]
     """


    kwargs = _get_kwargs(
        body=body,
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
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: IntentBatchRequest,
    aggregate: str | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | PaginatedIntentBatchResultList | None:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (str | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.datetime | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (IntentBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedIntentBatchResultList
     """


    return sync_detailed(
        client=client,
body=body,
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
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IntentBatchRequest,
    aggregate: str | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | PaginatedIntentBatchResultList]:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (str | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.datetime | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (IntentBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedIntentBatchResultList]
     """


    kwargs = _get_kwargs(
        body=body,
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
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: IntentBatchRequest,
    aggregate: str | Unset = UNSET,
    author: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    limit: int | Unset = 50,
    q: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    team: str | Unset = UNSET,
    ticket: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | PaginatedIntentBatchResultList | None:
    """  /v1/intents — what was changed, by whom, for which ticket.

    Args:
        aggregate (str | Unset):
        author (str | Unset):
        branch (str | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        limit (int | Unset):  Default: 50.
        q (str | Unset):
        repo (str | Unset):
        since (datetime.datetime | Unset):
        team (str | Unset):
        ticket (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (IntentBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedIntentBatchResultList
     """


    return (await asyncio_detailed(
        client=client,
body=body,
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
idempotency_key=idempotency_key,

    )).parsed
