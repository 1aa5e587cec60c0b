"""Measure ``aigraph mcp`` as an assistant meets it, through the SDK's own stdio client: the size
of each tool's schemas and of the resources, the server's start, and a first and a warm call of
each tool with its declared example (needs the mcp extra). Prints figures; not a test.

    .venv/bin/python benchmarks/mcp_server.py
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def _size(value: object) -> int:
    """Return the characters of ``value`` as compact JSON (what a client puts in a context)."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def _example(tool: object) -> dict[str, object]:
    """Return the tool's declared example arguments (its input schema's ``examples``), else {}."""
    schema = tool.input_schema or {}
    examples = schema.get("examples") or []
    return dict(examples[0]) if examples else {}


async def main() -> None:
    server = StdioServerParameters(command=sys.executable, args=["-m", "aigraph.cli", "mcp"])
    started = time.perf_counter()
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        startup = time.perf_counter() - started
        listing = await session.list_tools()
        tools = listing.tools
        print(f"server start (initialize answered): {startup:.2f} s")
        print(f"tools/list: {len(tools)} tools, {_size(listing.model_dump(mode='json'))} chars")
        for resource in (await session.list_resources()).resources:
            text = (await session.read_resource(resource.uri)).contents[0].text
            print(f"resource {resource.uri}: {len(text)} chars")
        print(f"\n{'tool':22} {'input':>7} {'output':>7} {'first ms':>9} {'warm ms':>8}  example")
        for tool in tools:
            arguments = _example(tool)
            timings = []
            for _ in range(2):
                began = time.perf_counter()
                result = await session.call_tool(tool.name, arguments)
                timings.append((time.perf_counter() - began) * 1000)
            flag = " (tool error)" if result.is_error else ""
            print(
                f"{tool.name:22} {_size(tool.input_schema):>7} {_size(tool.output_schema):>7} "
                f"{timings[0]:>9.0f} {timings[1]:>8.0f}  {json.dumps(arguments)}{flag}"
            )


if __name__ == "__main__":
    asyncio.run(main())
