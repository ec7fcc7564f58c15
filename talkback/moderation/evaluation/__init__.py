"""Scoring the engine against labelled data for `talkback evaluate`: metrics and the report."""
