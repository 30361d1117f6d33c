"""The question engine: a question and a moment in time -> an Answer. No Slack here."""

from bot.answers.answer import Answer, Passage
from bot.answers.engine import answer_question

__all__ = ["Answer", "Passage", "answer_question"]
