"""The MCP server: the official SDK's ``MCPServer`` with the tools of
``agents.tools.REGISTRY``.

Each tool runs its synchronous body in one worker-thread hop
(``sync_to_async``) as the caller that ``agents.asgi`` authenticated for this
HTTP request. An API error becomes a tool error: ``isError: true`` with
``structuredContent: {"error": {code, message, hint, request_id}}``; an
argument the input schema refuses is ``validation_failed`` with ``fields``.
"""

import contextvars
import inspect
import json
import logging
from dataclasses import dataclass
from typing import Annotated, Any

from asgiref.sync import sync_to_async
from django.conf import settings
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import ValidationError

from aura_site.api import errors

from . import reminders as reminder_rules
from .calls import ToolFailed
from .tools import REGISTRY

logger = logging.getLogger("aura.mcp")

SCOPE_META = "aura/scope"


@dataclass(frozen=True)
class Caller:
    """Who calls (an accounts Principal), and the HTTP request's id and host."""

    principal: Any
    request_id: str
    host: str


CURRENT = contextvars.ContextVar("aura_mcp_caller", default=None)


def _caller(ctx):
    request = getattr(getattr(ctx, "_request_context", None), "request", None)
    scope = getattr(request, "scope", None) or {}
    return scope.get("aura.caller") or CURRENT.get()


def error_result(error):
    error = {"code": error.get("code"), "message": error.get("message"), "hint": error.get("hint"),
             "request_id": error.get("request_id"), **{k: v for k, v in error.items()
                                                      if k not in ("code", "message", "hint", "request_id")}}
    text = f"Error {error['code']}: {error['message']}" + (f" Hint: {error['hint']}" if error.get("hint") else "")
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content={"error": error},
                          is_error=True)


def _api_error(exc, request_id):
    return errors.error_body(exc.code, exc.message, exc.hint, request_id, **exc.extra)["error"]


def _run(spec, caller, arguments):
    """One hop: the tool's body, then the reminders."""
    try:
        out, text = spec.fn(caller, **arguments)
        reminder = reminder_rules.reminders(caller.principal)
    except ToolFailed as exc:
        return error_result(exc.error)
    except errors.ApiError as exc:
        return error_result(_api_error(exc, caller.request_id))
    except Exception:
        logger.exception("MCP tool %s failed", spec.fn.__name__)
        return error_result(_api_error(errors.InternalError(), caller.request_id))
    out = {**out, "reminders": reminder}
    lines = [text, *reminder_rules.as_text(reminder)]
    return CallToolResult(content=[TextContent(type="text", text="\n".join(lines))], structured_content=out)


def _make_tool(spec):
    async def tool(ctx: Context, **arguments):
        caller = _caller(ctx)
        if caller is None:  # only reachable when the app is mounted without agents.asgi
            return error_result(errors.error_body(errors.Unauthorized.code, errors.Unauthorized.default_message)["error"])
        return await sync_to_async(_run)(spec, caller, arguments)

    parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
    annotations = {"ctx": Context}
    for name, (annotation, default) in spec.params.items():
        parameters.append(inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
            default=inspect.Parameter.empty if default is ... else default,
        ))
        annotations[name] = annotation
    returns = Annotated[CallToolResult, spec.output]
    annotations["return"] = returns
    tool.__signature__ = inspect.Signature(parameters, return_annotation=returns)
    tool.__annotations__ = annotations
    tool.__name__ = spec.fn.__name__
    tool.__doc__ = spec.description
    return tool


class AuraMCPServer(MCPServer):
    async def call_tool(self, name, arguments, context=None):
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            caller = _caller(context)
            request_id = caller.request_id if caller else None
            if isinstance(cause, ValidationError):
                fields = {
                    ".".join(str(p) for p in err["loc"]) or "arguments": err["msg"] for err in cause.errors()
                }
                first = next(iter(fields.items()))
                return error_result(errors.error_body(
                    errors.ValidationFailed.code, f"{first[0]}: {first[1]}", "Check the tool's input schema.",
                    request_id, fields=fields,
                )["error"])
            if self._tool_manager.get_tool(name) is None:
                return error_result(errors.error_body(
                    errors.NotFound.code, f"No tool {name!r}.", "See tools/list.", request_id,
                )["error"])
            raise


def build():
    server = AuraMCPServer(
        name="aura-mothership",
        title="Aura",
        version=settings.AURA_VERSION,
        instructions="Aura's team features: log intents, see impacts on your branches, claim zones, "
        "message your team, prove goals. Every tool checks the scope its REST twin needs.",
    )
    for spec in REGISTRY:
        server.add_tool(
            _make_tool(spec),
            name=spec.fn.__name__,
            title=spec.title,
            description=spec.description,
            annotations=ToolAnnotations(
                title=spec.title, read_only_hint=spec.read_only, destructive_hint=spec.destructive,
                idempotent_hint=spec.idempotent, open_world_hint=False,
            ),
            meta={SCOPE_META: spec.scope},
            structured_output=True,
        )
    return server


mcp = build()


def tool_list():
    """The registry as tools/list describes it: [{name, title, description,
    scope, read_only, destructive, idempotent, input_schema}], for the Help page."""
    out = []
    for tool in mcp._tool_manager.list_tools():
        hints = tool.annotations
        out.append({
            "name": tool.name, "title": tool.title, "description": tool.description,
            "scope": (tool.meta or {}).get(SCOPE_META),
            "read_only": bool(hints and hints.read_only_hint),
            "destructive": bool(hints and hints.destructive_hint),
            "idempotent": bool(hints and hints.idempotent_hint),
            "arguments": sorted((tool.parameters or {}).get("properties", {})),
            "required": sorted((tool.parameters or {}).get("required", [])),
        })
    return out


def dumps(value):
    return json.dumps(value, default=str)
