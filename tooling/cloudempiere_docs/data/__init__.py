"""Typed data files: YAML read safely, validated by pydantic models, errors located."""

from cloudempiere_docs.data.loader import DataProblem, DataFileError, load_model, load_yaml

__all__ = ["DataProblem", "DataFileError", "load_model", "load_yaml"]
