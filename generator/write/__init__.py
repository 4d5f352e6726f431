"""Writing: only what changed, all or nothing, and the manifest of what was written."""
