"""The only code that runs external programs (Tesseract, poppler)."""
