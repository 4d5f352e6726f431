"""Rendering: the Jinja environment, its precompiled templates, and the IR to source text."""
