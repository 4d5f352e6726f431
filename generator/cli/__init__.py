"""The driver: the ``specgen`` command, its configuration, and the run that joins the stages."""
