"""Paper and online survey ballots into validated tallies."""

__version__ = "0.1.0"
