"""Query parameters from the command line: ``--name value`` options checked against the query's
declared parameters."""

from __future__ import annotations

from pydantic import ValidationError

from aigraph.console import fail
from aigraph.queries import Query
from aigraph.queries.spec import QueryParams


def parse_query_options(query: Query, args: list[str]) -> QueryParams:
    """Return the query's parameters from ``--name value`` / ``--name=value`` options; a
    yes/no parameter given alone (``--any-order``) means yes."""
    fields = query.params.model_fields
    values: dict[str, str] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("--"):
            raise fail(f"unexpected argument {arg!r}; parameters are given as --name value")
        name, _, value = arg[2:].partition("=")
        field = name.replace("-", "_")
        if field not in fields:
            known = ", ".join("--" + f.replace("_", "-") for f in fields)
            raise fail(f"{query.id} has no parameter --{name} (it takes {known})")
        is_flag = fields[field].annotation is bool
        if not value and is_flag and (index + 1 >= len(args) or args[index + 1].startswith("--")):
            value = "true"
        if not value:
            index += 1
            if index >= len(args):
                raise fail(f"--{name} needs a value")
            value = args[index]
        values[field] = value
        index += 1
    try:
        return query.params.model_validate(
            {k: (None if v.lower() in ("none", "null", "") else v) for k, v in values.items()}
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'.'.join(map(str, e['loc'])).replace('_', '-')}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"bad parameter for {query.id}: {problems}") from None
