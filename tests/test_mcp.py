"""``aigraph mcp`` driven by the MCP SDK's own client over stdio (one server process for the
module): the tools generated from the declarations, sourced rows, caps, bad input, a run of
random calls, resources and prompts; over HTTP once; and, against the Bolt test server, the
read-only cypher tool."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

mcp = pytest.importorskip("mcp", reason="the mcp extra is not installed")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from aigraph.cli import app  # noqa: E402
from aigraph.graph import EmbeddedGraph  # noqa: E402
from aigraph.graph.model.schema import RELATIONSHIP_TYPES  # noqa: E402
from aigraph.mcp_server import Library, answer, fit, library_tools, policy_text  # noqa: E402
from aigraph.queries import QUERIES  # noqa: E402
from aigraph.queries.spec import FilterParams  # noqa: E402

OTHER_TOOLS = ["explain", "stress", "hubs", "show", "find"]


class Client:
    """An MCP client session on a server subprocess, driven from synchronous tests (its event
    loop runs in a thread for as long as the fixture lives)."""

    def __init__(self, connect: Callable[[], Any]) -> None:
        self.loop = asyncio.new_event_loop()
        self.session: ClientSession | None = None
        self.ready = threading.Event()
        self.stop: asyncio.Event | None = None
        self.failure: BaseException | None = None
        self.thread = threading.Thread(
            target=self.loop.run_until_complete, args=(self._run(connect),)
        )
        self.thread.start()
        if not self.ready.wait(120) or self.failure:
            raise RuntimeError(f"the MCP server did not start: {self.failure!r}")

    async def _run(self, connect: Callable[[], Any]) -> None:
        self.stop = asyncio.Event()
        try:
            async with connect() as streams, ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                self.session = session
                self.ready.set()
                await self.stop.wait()
        except BaseException as error:
            self.failure = error
            self.ready.set()

    def run(self, work: Callable[[ClientSession], Awaitable[Any]]) -> Any:
        """Return the result of ``work(session)`` run on the client's loop."""
        assert self.session is not None
        return asyncio.run_coroutine_threadsafe(work(self.session), self.loop).result(120)

    def call(self, name: str, arguments: Any) -> Any:
        """Return the result of one tool call."""
        return self.run(lambda s: s.call_tool(name, arguments))

    def close(self) -> None:
        assert self.stop is not None
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(30)


def stdio(*args: str) -> Callable[[], Any]:
    command = [sys.executable, "-m", "aigraph.cli", "mcp", *args]
    return lambda: stdio_client(StdioServerParameters(command=command[0], args=command[1:]))


@pytest.fixture(scope="module")
def client():
    session = Client(stdio())
    yield session
    session.close()


@pytest.fixture(scope="module")
def tools(client) -> dict[str, Any]:
    return {tool.name: tool for tool in client.run(lambda s: s.list_tools()).tools}


def error_text(result: Any) -> str:
    assert result.is_error, result.structured_content
    return result.content[0].text


def test_the_tools_are_generated_from_the_declarations(tools):
    assert list(tools) == [*QUERIES, *OTHER_TOOLS]  # no cypher without Neo4j and --allow-cypher
    for query in QUERIES.values():
        tool = tools[query.id]
        assert set(tool.input_schema["properties"]) == {
            *query.params.model_fields,
            "limit",
            "max_chars",
        }
        row = tool.output_schema["properties"]["rows"]["items"]
        row_def = tool.output_schema["$defs"][row["$ref"].rsplit("/", 1)[-1]]
        assert set(row_def["properties"]) == {*query.row.model_fields, "citations"}
        assert query.title in tool.description
    for tool in tools.values():
        assert tool.annotations.read_only_hint is True
        assert tool.input_schema["additionalProperties"] is False
        assert tool.output_schema["required"] == [
            "rows",
            "returned",
            "total",
            "truncated",
            "policy",
            "backend",
        ]


def test_dates_are_strings_in_the_input_schemas(tools):
    as_of = tools["circular-financing"].input_schema["properties"]["as_of"]
    assert {"type": "string"}.items() <= as_of["anyOf"][0].items()
    assert "PartialDate" not in json.dumps(tools["deals"].input_schema)


def test_every_tool_answers_its_example_with_rows_that_cite_their_sources(client, tools, curated):
    for name, tool in tools.items():
        result = client.call(name, tool.input_schema["examples"][0])
        assert not result.is_error, (name, result.content[0].text)
        found = result.structured_content  # checked against the output schema by the client
        assert json.loads(result.content[0].text) == found
        assert found["rows"], name
        assert found["returned"] == len(found["rows"]) <= found["total"]
        assert found["policy"]
        for row in found["rows"]:
            assert row["citations"], (name, row)
            for cited in row["citations"]:
                source = curated.dataset.records[cited["id"]]
                assert (cited["publisher"], cited["url"], cited["file"]) == (
                    source.publisher,
                    source.url,
                    source.file,
                )
                assert cited["url"] or cited["file"]
                quoting = curated.dataset.records[cited["quoted_in"]]
                quotes = [c.quote for c in quoting.all_citations() if c.source == cited["id"]]
                assert cited["quote"] == quotes[0]


def test_the_answer_says_the_policy_it_was_computed_under(client):
    default = client.call("deals", {"entity": "spacex"}).structured_content
    signed = client.call("deals", {"entity": "spacex", "min_status": "signed"}).structured_content
    assert default["policy"] == policy_text(FilterParams())
    assert "deals signed or firmer" in signed["policy"]
    assert signed["total"] < default["total"]
    assert client.call("conflicts", {}).structured_content["policy"] == policy_text(None)


def test_find_gives_exact_matches_first_then_near_ones(client):
    rows = client.call("find", {"name": "Open AI"}).structured_content["rows"]
    assert (rows[0]["id"], rows[0]["match"]) == ("openai", "name")
    near = client.call("find", {"name": "Oracel"}).structured_content["rows"]
    assert near[0]["id"] == "oracle" and near[0]["match"] == "near"
    facilities = client.call("find", {"name": "colossus", "label": "Facility"}).structured_content
    assert facilities["rows"] and {r["label"] for r in facilities["rows"]} == {"Facility"}


def test_results_are_capped_and_say_so(client):
    short = {"max_length": 4}  # loops of up to four hops: all of them fit the largest budget
    every = client.call(
        "circular-financing", short | {"max_chars": 400_000, "limit": 1000}
    ).structured_content
    assert not every["truncated"] and every["returned"] == every["total"] > 2
    two = client.call("circular-financing", short | {"limit": 2}).structured_content
    assert (two["returned"], two["total"], two["truncated"]) == (2, every["total"], True)
    assert [r["members"] for r in two["rows"]] == [r["members"] for r in every["rows"][:2]]
    small = client.call("circular-financing", {"max_chars": 5000}).structured_content
    assert small["truncated"] and "size budget of 5000" in small["note"]
    assert len(json.dumps(small["rows"], separators=(",", ":"))) <= 5000 or small["returned"] == 1


@pytest.mark.parametrize(
    ("name", "arguments", "words"),
    [
        ("deals", {"kind": "loan"}, ["'kind'", "'loan'", "compute-lease", "power-purchase"]),
        ("deals", {"entity": "openaj"}, ["'entity'", "unknown id 'openaj'", "openai"]),
        ("circular-financing", {"bogus": 1}, ["unknown parameter 'bogus'", "max_length"]),
        ("circular-financing", {"max_length": 99}, ["'max_length'", "<= 8"]),
        ("circular-financing", {"as_of": "yesterday"}, ["'as_of'", "YYYY-MM-DD"]),
        ("hubs", {"max_seconds": 3600}, ["'max_seconds'", "<= 60"]),
        ("stress", {}, ["'remove'", "missing"]),
        ("explain", {"members": "openai"}, ["'members'", "array"]),
        ("find", {"name": "Open AI", "label": "Planet"}, ["'label'", "Organization"]),
        ("show", {"id": "spacx"}, ["'id'", "spacex"]),
        ("hubs", {"limit": 0}, ["'limit'", ">= 1"]),
        ("circular-fnancing", {}, ["unknown tool", "circular-financing"]),
    ],
)
def test_bad_input_is_a_tool_error_naming_the_parameter(client, name, arguments, words):
    text = error_text(client.call(name, arguments))
    for word in words:
        assert word in text, (word, text)


def random_value(rng: random.Random, schema: dict[str, Any], ids: list[str]) -> Any:
    """Return a value that may or may not fit ``schema`` (enum words, ids, junk)."""
    options = [
        None,
        rng.randint(-5, 10),
        rng.random() * 1e12,
        rng.choice(ids),
        rng.choice(["", "2025-06", "2026-Q3", "x" * rng.randint(1, 300), "🙂", "'; DROP"]),
        [rng.choice(ids) for _ in range(rng.randint(0, 3))],
        {"a": 1},
        rng.choice([True, False]),
    ]
    text = json.dumps(schema)
    enums = [
        word
        for part in text.split('"enum": [')[1:]
        for word in json.loads("[" + part.split("]")[0] + "]")
    ]
    if enums:
        options.append(rng.choice(enums))
    return rng.choice(options)


def test_random_calls_leave_the_server_answering(client, tools):
    rng = random.Random(24)
    ids = ["openai", "oracle", "nvidia", "spacex", "colossus-2", "microsoft", "nobody", "amazon"]
    names = [*tools, "nonexistent"]
    errors = answered = 0
    for _ in range(1000):
        name = rng.choice(names)
        properties = tools[name].input_schema["properties"] if name in tools else {}
        arguments = {
            key: random_value(rng, schema, ids)
            for key, schema in properties.items()
            if key not in ("max_seconds", "max_cycles") and rng.random() < 0.3
        }
        if rng.random() < 0.1:
            arguments["unexpected"] = 1
        arguments["max_chars"] = 2000
        result = client.call(name, arguments)
        if result.is_error:
            errors += 1
            assert result.content[0].text
        else:
            answered += 1
            assert result.structured_content["returned"] <= result.structured_content["total"]
    assert errors and answered
    source = client.call("show", {"id": "openai-blog-2019-07-22"}).structured_content["rows"][0]
    assert [c["id"] for c in source["citations"]] == ["openai-blog-2019-07-22"]
    found = client.call("find", {"name": "Oracle"}).structured_content
    assert found["rows"][0]["id"] == "oracle"


def test_resources_schema_policy_and_data(client, curated):
    listed = client.run(lambda s: s.list_resources()).resources
    assert [str(r.uri) for r in listed] == [
        "aigraph://schema",
        "aigraph://policy",
        "aigraph://data",
    ]

    def read(uri: str) -> str:
        return client.run(lambda s: s.read_resource(uri)).contents[0].text

    schema = json.loads(read("aigraph://schema"))
    assert set(schema["relationships"]) == set(RELATIONSHIP_TYPES)
    assert "GROUP_PAYS" in schema["relationships"] and "Organization" in schema["labels"]
    assert "signed" in schema["words"]["Status"]
    assert len(read("aigraph://schema")) < 16_000  # compact enough for a context window
    assert read("aigraph://policy") == policy_text(FilterParams())
    data = json.loads(read("aigraph://data"))
    assert data["content_hash"] == "sha256:" + Library(curated).content_hash()
    assert data["records"] == len(curated.dataset)
    with pytest.raises(MCPError, match="unknown resource"):
        read("aigraph://nothing")


def test_prompts(client):
    prompts = client.run(lambda s: s.list_prompts()).prompts
    assert [p.name for p in prompts] == ["explain-loop", "audit-exposure"]
    got = client.run(lambda s: s.get_prompt("explain-loop", {"members": "microsoft, openai"}))
    text = got.messages[0].content.text
    assert 'members ["microsoft", "openai"]' in text and "explain" in text
    with pytest.raises(MCPError, match="'company' is required"):
        client.run(lambda s: s.get_prompt("audit-exposure", {}))


# -- in process: the server's defaults and the caps -------------------------------------------


def test_the_server_policy_is_the_default_of_every_filtered_tool(curated: EmbeddedGraph):
    library = Library(curated, {"min_status": "signed", "include_inactive": False})
    specs = {spec.name: spec for spec in library_tools()}
    found = answer(library, specs["deals"], {"entity": "spacex"})
    assert "deals signed or firmer" in found["policy"]
    assert (
        specs["deals"].input_schema(library.policy)["properties"]["min_status"]["default"]
        == "signed"
    )
    anyway = answer(library, specs["deals"], {"entity": "spacex", "min_status": None})
    assert anyway["total"] > found["total"]


def test_fit_keeps_whole_rows_in_order_and_shrinks_a_single_row_too_large():
    rows = [{"n": i, "text": "x" * 100} for i in range(10)]
    kept, cuts = fit(rows, limit=100, max_chars=450, single=False)
    assert [r["n"] for r in kept] == [0, 1, 2] and "7 rows past the size budget" in cuts[
        0
    ]  # 116 each
    big = [{"id": "a", "items": list(range(1000)), "other": [1, 2]}]
    kept, cuts = fit(big, limit=5000, max_chars=1000, single=True)
    assert kept[0]["items"] == list(range(len(kept[0]["items"])))
    assert len(json.dumps(kept[0], separators=(",", ":"))) <= 1000
    assert cuts and cuts[0].startswith("items: first")
    capped, cuts = fit(big, limit=10, max_chars=100_000, single=True)
    assert capped[0]["items"] == list(range(10)) and cuts == ["items: first 10 of 1000 (limit)"]


def test_allow_cypher_needs_neo4j():
    result = CliRunner().invoke(app, ["mcp", "--allow-cypher"])
    assert result.exit_code == 2 and "--allow-cypher needs --backend neo4j" in result.output


# -- over HTTP ------------------------------------------------------------------------------


def test_streamable_http_on_localhost():
    from bolt_server import free_port
    from mcp.client.streamable_http import streamable_http_client

    port = free_port()
    command = [sys.executable, "-m", "aigraph.cli", "mcp", "--http", "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/mcp"
        deadline = time.monotonic() + 90
        while True:
            try:
                session = Client(lambda: streamable_http_client(url))
                break
            except RuntimeError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        try:
            result = session.call("find", {"name": "Nvidia"})
            assert result.structured_content["rows"][0]["id"] == "nvidia"
        finally:
            session.close()
    finally:
        server.terminate()
        server.wait(30)


# -- against the Bolt test server ----------------------------------------------------------------


@pytest.mark.neo4j
def test_cypher_tool_reads_and_refuses_writes(bolt_server, bolt_driver, bolt_settings, curated):
    from aigraph.graph.outputs.neo4j import write_graph

    write_graph(bolt_driver, curated, database=bolt_settings.database)
    session = Client(
        stdio(
            "--backend",
            "neo4j",
            "--allow-cypher",
            "--uri",
            bolt_settings.uri,
            "--username",
            bolt_settings.username,
            "--password",
            bolt_server.password,
            "--database",
            bolt_settings.database,
        )
    )
    count = "MATCH (o:Organization) RETURN count(o) AS n"
    try:
        tools = {t.name for t in session.run(lambda s: s.list_tools()).tools}
        assert "cypher" in tools
        before = session.call("cypher", {"query": count}).structured_content["rows"]
        for write in (
            "CREATE (x:Organization {id: 'intruder'}) RETURN x",
            "MATCH (n) DETACH DELETE n",
        ):
            text = error_text(session.call("cypher", {"query": write}))
            assert "would write" in text and "'query'" in text
        assert session.call("cypher", {"query": count}).structured_content["rows"] == before
        assert before[0]["n"] == len(curated.dataset.organizations)
        capped = session.call("cypher", {"query": "UNWIND range(1, 50) AS i RETURN i", "limit": 5})
        found = capped.structured_content
        assert ([r["i"] for r in found["rows"]], found["truncated"]) == ([1, 2, 3, 4, 5], True)
        assert "more rows than 5" in found["note"]
        deals = session.call(
            "deals", {"entity": "spacex", "limit": 1000, "max_chars": 400_000}
        ).structured_content
        assert deals["backend"] == "neo4j" and all(r["citations"] for r in deals["rows"])
        assert not deals["truncated"]
        embedded = QUERIES["deals"].run(curated, QUERIES["deals"].params(entity="spacex"))
        assert [r["id"] for r in deals["rows"]] == [r.id for r in embedded]
    finally:
        session.close()


def test_adding_a_query_adds_its_tool(monkeypatch, curated):
    import dataclasses

    import aigraph.mcp_server as server

    extra = dataclasses.replace(QUERIES["deals"], id="deals-again", title="Deals again")
    monkeypatch.setattr(server, "QUERIES", {**QUERIES, extra.id: extra})
    specs = {spec.name: spec for spec in server.library_tools()}
    assert list(specs)[: len(QUERIES) + 1] == [*QUERIES, "deals-again"]
    found = answer(Library(curated), specs["deals-again"], {"entity": "spacex"})
    assert found["rows"] and found["rows"][0]["citations"]
