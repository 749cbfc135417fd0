"""Skip logic and constraints: the XLSForm expressions parsed, evaluated, worded and applied to records."""
