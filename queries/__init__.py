"""The query library (circular financing, competitor-customer links, ...): see issue #4."""
