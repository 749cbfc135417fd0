"""Question kinds: the one enum every stage dispatches on, and the sets the stages ask about.

A kind's behaviour lives in its own module (choice, number, date; digits holds
the bubble grid that number and date share) and is found through registry.py.
"""

from .kind import CHOICE_KINDS, CONTAINER_KINDS, DIGIT_KINDS, MARKED_KINDS, TEMPLATE_KINDS, WRITTEN_KINDS, Kind

__all__ = ["CHOICE_KINDS", "CONTAINER_KINDS", "DIGIT_KINDS", "MARKED_KINDS", "TEMPLATE_KINDS", "WRITTEN_KINDS",
           "Kind"]
