from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.invite import Invite
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/invites/{id}".format(id=quote(str(id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Invite | None:
    if response.status_code == 200:
        response_200 = Invite.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Invite]:
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
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | Invite]:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Invite]
     """


    kwargs = _get_kwargs(
        id=id,
aura_api_version=aura_api_version,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    aura_api_version: str | Unset = UNSET,

) -> Error | Invite | None:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Invite
     """


    return sync_detailed(
        id=id,
client=client,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | Invite]:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Invite]
     """


    kwargs = _get_kwargs(
        id=id,
aura_api_version=aura_api_version,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    aura_api_version: str | Unset = UNSET,

) -> Error | Invite | None:
    """  /v1/admin/invites — create, list and revoke invites, within your admin teams.

    Args:
        id (str):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Invite
     """


    return (await asyncio_detailed(
        id=id,
client=client,
aura_api_version=aura_api_version,

    )).parsed
