"""The official Python SDK of the Aura Mothership HTTP API.

    from aura_client import Client, AuraError, RateLimited
    aura = Client(base_url="http://127.0.0.1:7420", token="aura_…")  # or AURA_URL / AURA_TEAM_TOKEN
    for intent in aura.intents.list(branch="feat/login"):
        print(intent.id, intent.summary)

Models are generated from the server's OpenAPI document (``_generated``);
the client, its namespaces, retries, idempotency keys, typed errors and the
resuming event stream are written by hand on top."""

from ._core import Groups
from ._version import API_VERSION, __version__
from .client import AsyncClient, Client
from .errors import *  # noqa: F403 - one exception class per error code
from .errors import AuraError, ConnectionFailed, NotFound, RateLimited, ValidationError

__all__ = ["Client", "AsyncClient", "Groups", "AuraError", "ConnectionFailed", "NotFound", "RateLimited",
           "ValidationError", "API_VERSION", "__version__"]
