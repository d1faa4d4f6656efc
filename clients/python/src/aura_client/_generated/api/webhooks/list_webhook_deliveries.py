from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.list_webhook_deliveries_status import ListWebhookDeliveriesStatus
from ...models.paginated_delivery_list import PaginatedDeliveryList
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    id: str,
    *,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    topic: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(aura_api_version, Unset):
        headers["Aura-API-Version"] = aura_api_version



    

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["limit"] = limit

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

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["team"] = team

    params["topic"] = topic


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/webhooks/{id}/deliveries".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedDeliveryList | None:
    if response.status_code == 200:
        response_200 = PaginatedDeliveryList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedDeliveryList]:
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
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    topic: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedDeliveryList]:
    """  The webhook's delivery log, newest first.

    Args:
        id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.date | datetime.datetime | str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        team (str | Unset):
        topic (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedDeliveryList]
     """


    kwargs = _get_kwargs(
        id=id,
cursor=cursor,
limit=limit,
since=since,
status=status,
team=team,
topic=topic,
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
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    topic: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedDeliveryList | None:
    """  The webhook's delivery log, newest first.

    Args:
        id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.date | datetime.datetime | str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        team (str | Unset):
        topic (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedDeliveryList
     """


    return sync_detailed(
        id=id,
client=client,
cursor=cursor,
limit=limit,
since=since,
status=status,
team=team,
topic=topic,
aura_api_version=aura_api_version,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    topic: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Response[Error | PaginatedDeliveryList]:
    """  The webhook's delivery log, newest first.

    Args:
        id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.date | datetime.datetime | str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        team (str | Unset):
        topic (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedDeliveryList]
     """


    kwargs = _get_kwargs(
        id=id,
cursor=cursor,
limit=limit,
since=since,
status=status,
team=team,
topic=topic,
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
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    since: datetime.date | datetime.datetime | str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    team: str | Unset = UNSET,
    topic: str | Unset = UNSET,
    aura_api_version: str | Unset = UNSET,

) -> Error | PaginatedDeliveryList | None:
    """  The webhook's delivery log, newest first.

    Args:
        id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        since (datetime.date | datetime.datetime | str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        team (str | Unset):
        topic (str | Unset):
        aura_api_version (str | Unset):  Example: >=1.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedDeliveryList
     """


    return (await asyncio_detailed(
        id=id,
client=client,
cursor=cursor,
limit=limit,
since=since,
status=status,
team=team,
topic=topic,
aura_api_version=aura_api_version,

    )).parsed
