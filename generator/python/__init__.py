"""The Python side: the name plan, and the views and filters the templates read."""
