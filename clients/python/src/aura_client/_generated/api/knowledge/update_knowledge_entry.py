from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.knowledge_entry import KnowledgeEntry
from ...models.patched_knowledge_entry_update_request import PatchedKnowledgeEntryUpdateRequest
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    body: PatchedKnowledgeEntryUpdateRequest,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/knowledge/{id}".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | KnowledgeEntry | None:
    if response.status_code == 200:
        response_200 = KnowledgeEntry.from_dict(response.json())



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

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | KnowledgeEntry]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedKnowledgeEntryUpdateRequest,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | KnowledgeEntry]:
    """  /v1/knowledge — the questions and answers a team accumulates.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (PatchedKnowledgeEntryUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | KnowledgeEntry]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
aura_api_version=aura_api_version,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedKnowledgeEntryUpdateRequest,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | KnowledgeEntry | None:
    """  /v1/knowledge — the questions and answers a team accumulates.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (PatchedKnowledgeEntryUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | KnowledgeEntry
     """


    return sync_detailed(
        id=id,
client=client,
body=body,
aura_api_version=aura_api_version,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedKnowledgeEntryUpdateRequest,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Error | KnowledgeEntry]:
    """  /v1/knowledge — the questions and answers a team accumulates.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (PatchedKnowledgeEntryUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | KnowledgeEntry]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
aura_api_version=aura_api_version,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedKnowledgeEntryUpdateRequest,
    aura_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Error | KnowledgeEntry | None:
    """  /v1/knowledge — the questions and answers a team accumulates.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.
        idempotency_key (str | Unset):
        body (PatchedKnowledgeEntryUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | KnowledgeEntry
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
aura_api_version=aura_api_version,
idempotency_key=idempotency_key,

    )).parsed
