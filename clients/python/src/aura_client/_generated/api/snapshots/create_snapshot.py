from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.snapshot import Snapshot
from ...models.snapshot_binary_request import SnapshotBinaryRequest
from ...models.snapshot_text_request import SnapshotTextRequest
from ...types import File, FileTypes
from ...types import UNSET, Unset
from io import BytesIO
from typing import cast



def _get_kwargs(
    *,
    body:    SnapshotBinaryRequest | SnapshotTextRequest  |     File  | Unset = UNSET,
    branch: str | Unset = UNSET,
    commit_sha: str | Unset = UNSET,
    content_type: str | Unset = UNSET,
    path: str | Unset = UNSET,
    repo: str | Unset = UNSET,
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

    params["branch"] = branch

    params["commit_sha"] = commit_sha

    params["content_type"] = content_type

    params["path"] = path

    params["repo"] = repo

    params["team"] = team


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/snapshots",
        "params": params,
    }

    if isinstance(body, SnapshotBinaryRequest | SnapshotTextRequest):
        
        if isinstance(body, SnapshotTextRequest):
            _kwargs["json"] = body.to_dict()
        else:
            _kwargs["json"] = body.to_dict()


        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Snapshot | None:
    if response.status_code == 201:
        response_201 = Snapshot.from_dict(response.json())



        return response_201

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

    if response.status_code == 423:
        response_423 = Error.from_dict(response.json())



        return response_423

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Snapshot]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body:    SnapshotBinaryRequest | SnapshotTextRequest  |     File  | Unset = UNSET,
    branch: str | Unset = UNSET,
    commit_sha: str | Unset = UNSET,
    content_type: str | Unset = UNSET,
    path: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | Snapshot]:
    """  JSON ``{path, content | content_base64, …}``, or a raw body with ``?path=``.

    Args:
        branch (str | Unset):
        commit_sha (str | Unset):
        content_type (str | Unset):
        path (str | Unset):
        repo (str | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (SnapshotBinaryRequest | SnapshotTextRequest): The metadata of a new snapshot: the
            JSON body's fields, or the query
            parameters of a raw upload.
        body (File): The file's bytes (not empty: send an empty file as JSON).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Snapshot]
     """


    kwargs = _get_kwargs(
        body=body,
branch=branch,
commit_sha=commit_sha,
content_type=content_type,
path=path,
repo=repo,
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
    body:    SnapshotBinaryRequest | SnapshotTextRequest  |     File  | Unset = UNSET,
    branch: str | Unset = UNSET,
    commit_sha: str | Unset = UNSET,
    content_type: str | Unset = UNSET,
    path: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | Snapshot | None:
    """  JSON ``{path, content | content_base64, …}``, or a raw body with ``?path=``.

    Args:
        branch (str | Unset):
        commit_sha (str | Unset):
        content_type (str | Unset):
        path (str | Unset):
        repo (str | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (SnapshotBinaryRequest | SnapshotTextRequest): The metadata of a new snapshot: the
            JSON body's fields, or the query
            parameters of a raw upload.
        body (File): The file's bytes (not empty: send an empty file as JSON).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Snapshot
     """


    return sync_detailed(
        client=client,
body=body,
branch=branch,
commit_sha=commit_sha,
content_type=content_type,
path=path,
repo=repo,
team=team,
aura_api_version=aura_api_version,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body:    SnapshotBinaryRequest | SnapshotTextRequest  |     File  | Unset = UNSET,
    branch: str | Unset = UNSET,
    commit_sha: str | Unset = UNSET,
    content_type: str | Unset = UNSET,
    path: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | Snapshot]:
    """  JSON ``{path, content | content_base64, …}``, or a raw body with ``?path=``.

    Args:
        branch (str | Unset):
        commit_sha (str | Unset):
        content_type (str | Unset):
        path (str | Unset):
        repo (str | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (SnapshotBinaryRequest | SnapshotTextRequest): The metadata of a new snapshot: the
            JSON body's fields, or the query
            parameters of a raw upload.
        body (File): The file's bytes (not empty: send an empty file as JSON).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Snapshot]
     """


    kwargs = _get_kwargs(
        body=body,
branch=branch,
commit_sha=commit_sha,
content_type=content_type,
path=path,
repo=repo,
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
    body:    SnapshotBinaryRequest | SnapshotTextRequest  |     File  | Unset = UNSET,
    branch: str | Unset = UNSET,
    commit_sha: str | Unset = UNSET,
    content_type: str | Unset = UNSET,
    path: str | Unset = UNSET,
    repo: str | Unset = UNSET,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | Snapshot | None:
    """  JSON ``{path, content | content_base64, …}``, or a raw body with ``?path=``.

    Args:
        branch (str | Unset):
        commit_sha (str | Unset):
        content_type (str | Unset):
        path (str | Unset):
        repo (str | Unset):
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (SnapshotBinaryRequest | SnapshotTextRequest): The metadata of a new snapshot: the
            JSON body's fields, or the query
            parameters of a raw upload.
        body (File): The file's bytes (not empty: send an empty file as JSON).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Snapshot
     """


    return (await asyncio_detailed(
        client=client,
body=body,
branch=branch,
commit_sha=commit_sha,
content_type=content_type,
path=path,
repo=repo,
team=team,
aura_api_version=aura_api_version,
idempotency_key=idempotency_key,

    )).parsed
