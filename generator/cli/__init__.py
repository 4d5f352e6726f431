"""The driver: the ``specgen`` command, its configuration, the run that joins the
stages, and the fingerprint that skips a run that would change nothing."""
