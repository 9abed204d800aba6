"""Extraction: from a directive's text to proposed sections, targets, results, tasks, shortcomings,
references and bodies. Pure Python, offline, deterministic; see `pipeline.extract`."""

from .pipeline import Extraction, Proposal, extract

__all__ = ["Extraction", "Proposal", "extract"]
