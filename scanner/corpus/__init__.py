"""The corpus generator: filled and scanned forms drawn with their ground truth."""

PROFILES = ("flatbed", "feeder", "lowres", "photocopy", "fax", "phone")  # the scanning profiles (degrade.py)
