"""Run a real session against ``aigraph mcp`` with the SDK's own client (stdio) and print it as
the README shows it (needs the mcp extra):

    .venv/bin/python scripts/mcp_session.py
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

SHOWN = 160
"""Characters of a long answer line that are printed."""


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


async def _call(session: ClientSession, name: str, arguments: dict[str, Any]) -> Any:
    print(f"> tools/call {name} {json.dumps(arguments)}")
    result = await session.call_tool(name, arguments)
    if result.is_error:
        print(f"< isError: True: {_short(result.content[0].text)}")
        return None
    return result.structured_content


async def main() -> None:
    server = StdioServerParameters(command=sys.executable, args=["-m", "aigraph.cli", "mcp"])
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        print("> initialize")
        started = await session.initialize()
        print(f"< {started.server_info.name} {started.server_info.version}")
        print("> tools/list")
        tools = (await session.list_tools()).tools
        print(f"< {len(tools)} tools: {', '.join(tool.name for tool in tools)}")
        found = await _call(session, "find", {"name": "Open AI"})
        if found:
            top = found["rows"][0]
            print(f"< {top['id']} ({top['label']}, match {top['match']}); {found['total']} rows")
        loop = await _call(session, "explain", {"members": ["amazon", "openai"]})
        if loop:
            print(f"< policy: {loop['policy']}")
            for row in loop["rows"]:
                for found_loop in row.get("loops", []):
                    members = " -> ".join(found_loop["members"])
                    print(
                        f"< loop {members}, committed bottleneck {found_loop['smallest_usd']:,.0f}"
                    )
                    for line in found_loop["story"]:
                        print(f"<   {line}")
                for citation in row.get("citations", [])[:1]:
                    print(
                        f"< citation {citation['id']}: {citation.get('publisher')}, "
                        f"{citation.get('kind')}, {citation.get('url')}"
                    )
                    print(f'<   "{_short(citation.get("quote") or "")}"')
        await _call(session, "deals", {"entity": "openai", "kind": "loan"})
        loops = await _call(session, "circular-financing", {"limit": 3})
        if loops:
            print(
                f"< returned {loops['returned']} of {loops['total']}, "
                f"truncated: {str(loops['truncated']).lower()} ({loops.get('note')})"
            )
        print("> resources/read aigraph://data")
        data = await session.read_resource("aigraph://data")
        facts = json.loads(data.contents[0].text)
        print(
            f"< content_hash {facts.get('content_hash', '')[:23]}..., newest source "
            f"{facts.get('newest_source')}, {facts.get('records')} records"
        )


if __name__ == "__main__":
    asyncio.run(main())
