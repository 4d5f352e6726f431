"""End to end: generated packages imported, executed against servers, type-checked, compared whole."""
