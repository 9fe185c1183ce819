"""Catalog workflow: extract, update, compile, check and coverage statistics."""
