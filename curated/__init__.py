"""The curated dataset: YAML records, each citing its sources (read by ``loaders.curated``)."""
