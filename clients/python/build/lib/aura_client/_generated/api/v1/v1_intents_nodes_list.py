from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_intent_node_list import PaginatedIntentNodeList
from ...models.v1_intents_nodes_list_change import V1IntentsNodesListChange
from ...models.v1_intents_nodes_list_kind import V1IntentsNodesListKind
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    aggregate: str | Unset = UNSET,
    change: V1IntentsNodesListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1IntentsNodesListKind | Unset = UNSET,
    limit: int | Unset = 50,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["aggregate"] = aggregate

    json_change: str | Unset = UNSET
    if not isinstance(change, Unset):
        json_change = change.value

    params["change"] = json_change

    params["cursor"] = cursor

    params["group_by"] = group_by

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["limit"] = limit

    params["team"] = team


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/intents/{id}/nodes".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedIntentNodeList | None:
    if response.status_code == 200:
        response_200 = PaginatedIntentNodeList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedIntentNodeList]:
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
    aggregate: str | Unset = UNSET,
    change: V1IntentsNodesListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1IntentsNodesListKind | Unset = UNSET,
    limit: int | Unset = 50,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedIntentNodeList]:
    """  /v1/intents/{id}/nodes — the nodes an intent touched, in its order.

    Args:
        id (str):
        aggregate (str | Unset):
        change (V1IntentsNodesListChange | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1IntentsNodesListKind | Unset):
        limit (int | Unset):  Default: 50.
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedIntentNodeList]
     """


    kwargs = _get_kwargs(
        id=id,
aggregate=aggregate,
change=change,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
team=team,
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
    aggregate: str | Unset = UNSET,
    change: V1IntentsNodesListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1IntentsNodesListKind | Unset = UNSET,
    limit: int | Unset = 50,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedIntentNodeList | None:
    """  /v1/intents/{id}/nodes — the nodes an intent touched, in its order.

    Args:
        id (str):
        aggregate (str | Unset):
        change (V1IntentsNodesListChange | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1IntentsNodesListKind | Unset):
        limit (int | Unset):  Default: 50.
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedIntentNodeList
     """


    return sync_detailed(
        id=id,
client=client,
aggregate=aggregate,
change=change,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
team=team,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    aggregate: str | Unset = UNSET,
    change: V1IntentsNodesListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1IntentsNodesListKind | Unset = UNSET,
    limit: int | Unset = 50,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedIntentNodeList]:
    """  /v1/intents/{id}/nodes — the nodes an intent touched, in its order.

    Args:
        id (str):
        aggregate (str | Unset):
        change (V1IntentsNodesListChange | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1IntentsNodesListKind | Unset):
        limit (int | Unset):  Default: 50.
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedIntentNodeList]
     """


    kwargs = _get_kwargs(
        id=id,
aggregate=aggregate,
change=change,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
team=team,
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
    aggregate: str | Unset = UNSET,
    change: V1IntentsNodesListChange | Unset = UNSET,
    cursor: str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    kind: V1IntentsNodesListKind | Unset = UNSET,
    limit: int | Unset = 50,
    team: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedIntentNodeList | None:
    """  /v1/intents/{id}/nodes — the nodes an intent touched, in its order.

    Args:
        id (str):
        aggregate (str | Unset):
        change (V1IntentsNodesListChange | Unset):
        cursor (str | Unset):
        group_by (str | Unset):
        kind (V1IntentsNodesListKind | Unset):
        limit (int | Unset):  Default: 50.
        team (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedIntentNodeList
     """


    return (await asyncio_detailed(
        id=id,
client=client,
aggregate=aggregate,
change=change,
cursor=cursor,
group_by=group_by,
kind=kind,
limit=limit,
team=team,
aura_api_version=aura_api_version,

    )).parsed
