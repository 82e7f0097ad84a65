"""Loaders: one module per source format, each yielding typed items; none writes a store."""
