"""The queries of the library, one module per query, each declaring its ``QUERY``."""
