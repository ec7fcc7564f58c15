"""The moderation engine: a pure-Python library that imports nothing from Django.

from talkback.moderation import CommentInput, Engine
verdict = Engine().moderate(CommentInput(text="..."))
"""

from talkback.moderation.engine import CommentInput, Engine
from talkback.moderation.policy import Policy
from talkback.moderation.verdict import Span, Verdict

__all__ = ["CommentInput", "Engine", "Policy", "Span", "Verdict"]
