"""The report the board files: content computed from the tally (build), drawn as DOCX and as HTML/PDF.

It draws only from the tally's tables, the validation and the page accounting,
so every number it prints is one the tally computed.
"""

from .build import Options, Quality, build
from .model import Report

__all__ = ["Options", "Quality", "Report", "build"]
