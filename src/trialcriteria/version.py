"""The pipeline version (semantic versioning; the output schema has its own, schema.SCHEMA_VERSION)."""

__version__ = "0.1.0"
