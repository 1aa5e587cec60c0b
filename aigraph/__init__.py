"""aigraph's command line (on top of graph, loaders and queries)."""
