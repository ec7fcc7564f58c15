"""Rebuild the model artifacts from the labelled data (`talkback train`)."""
