"""Talkback: a self-hosted, pre-moderated comment platform for news publishers."""
