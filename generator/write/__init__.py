"""Writing: only what changed, all or nothing, and the fingerprint that skips a run."""
