"""The job-ask check (M11): phrases that ask for a job are found, ordinary uses of job-like words are not.

The labelled corpus (tests/fixtures/job_ask_corpus.csv) measures it; the figures are in docs/job-ask-check.md.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lib import job_ask, questions, scripts

CORPUS = Path(__file__).parent / "fixtures" / "job_ask_corpus.csv"
# Written before the second round of rules and measured once after it, never tuned against (docs/job-ask-check.md).
BLIND = Path(__file__).parent / "fixtures" / "job_ask_blind2.csv"
MIN_PRECISION = 0.9
MIN_RECALL = 0.9
# Measured 1.00 once; its author also wrote the rules, so this locks the result in rather than proving generality.
MIN_BLIND_RECALL = 0.9
# Written by someone who never saw the rules or the other sets; measured once, never tuned against:
# precision 0.93, recall 0.87 (26 of 30 job asks found, 2 of 30 learning questions flagged).
BLIND3 = Path(__file__).parent / "fixtures" / "job_ask_blind3.csv"
MIN_BLIND3 = {"precision": 0.9, "recall": 0.85}


def _corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def measure(path: Path = CORPUS) -> dict:
    """Precision and recall of job_ask on a labelled file ('job' is the positive class)."""
    tp = fp = fn = tn = 0
    for row in _corpus(path):
        flagged, job = job_ask.is_job_ask(row["text"]), row["label"] == "job"
        tp += flagged and job
        fp += flagged and not job
        fn += job and not flagged
        tn += not job and not flagged
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0}


def test_the_corpus_holds_at_least_sixty_labelled_sentences_of_both_kinds():
    rows = _corpus()
    assert len(rows) >= 60
    assert {r["label"] for r in rows} == {"job", "learn"}
    assert min(sum(r["label"] == k for r in rows) for k in ("job", "learn")) >= 25
    assert len({r["text"] for r in rows}) == len(rows)


def _figures_hold(path: Path, name: str, precision: float, recall: float) -> None:
    """Precision and recall of job_ask on the labelled file `path` reach their thresholds."""
    figures = measure(path)
    print(f"job-ask check{name}: precision {figures['precision']:.3f}, recall {figures['recall']:.3f} ({figures})")
    assert figures["precision"] >= precision, figures
    assert figures["recall"] >= recall, figures


def test_precision_and_recall_on_the_corpus_meet_their_thresholds():
    _figures_hold(CORPUS, "", MIN_PRECISION, MIN_RECALL)


def test_on_the_blind_set_no_learning_request_is_flagged_and_recall_is_recorded():
    assert len(_corpus(BLIND)) >= 40
    _figures_hold(BLIND, ", blind set", MIN_PRECISION, MIN_BLIND_RECALL)


def test_on_a_set_written_without_sight_of_the_rules_the_figures_hold():
    assert len(_corpus(BLIND3)) >= 60
    _figures_hold(BLIND3, ", outside blind set", MIN_BLIND3["precision"], MIN_BLIND3["recall"])


@pytest.mark.parametrize("text", [
    "Are there any opportunities on your team?", "Could you put in a good word for me?",
    "I would love to work at your company.", "Is there an internship I could do?",
    "I want to get my foot in the door.", "I am unemployed at the moment.",
    "Please send me the application link.",
])
def test_phrases_that_ask_for_a_job_without_a_job_word_are_found(text):
    assert job_ask.asks(text)
    assert not [f for f in scripts.check(text, "email") if f.rule == "no_job_search"][0].ok


@pytest.mark.parametrize("text", [
    "I'd like to hear how you apply modelling in your position.",
    "Could we resume our conversation after your holidays?",
    "Your team is well positioned for the new rules.",
    "How does your team apply the new standards?",
])
def test_ordinary_uses_of_job_like_words_pass(text):
    assert job_ask.asks(text) == []


@pytest.mark.parametrize("text", [
    "Is there a place for me in your department?", "Could you help me get an interview there?",
    "Would you be a reference for me?", "Could your firm take me on for the summer?",
    "I'd be glad to be considered if anything changes.", "Would you forward my portfolio to your art director?",
    "Could you connect me with whoever does the hiring in your group?", "Does your company sponsor work visas?",
    "My contract ended and I'm available to start right away.", "Is your lab bringing on new technicians?",
])
def test_reworded_requests_for_a_job_are_found(text):
    assert job_ask.asks(text)


@pytest.mark.parametrize("text", [
    "How did you find your first job here?", "What is the hiring process like in this industry in general?",
    "What opportunities do you expect in the field over the next years?", "How did you prepare your application?",
    "Could you introduce me to someone who works on flood modelling?", "Could you offer me some advice?",
    "How could someone with my background best build on their experience here?",
])
def test_questions_about_their_path_or_the_field_pass(text):
    assert job_ask.asks(text) == []


def test_the_phrase_found_is_named_once_as_written():
    assert job_ask.asks("Are you hiring? I'd love to join your team. are you hiring?") == ["Are you hiring", "join your team"]


def test_no_shipped_bank_question_trips_the_check():
    tripped = {q["key"]: job_ask.asks(q["text"]) for q in questions.read_bank_file() if job_ask.asks(q["text"])}
    assert tripped == {}


def test_a_message_ending_with_a_demand_does_not_pass_as_a_question():
    body = ("Hi Dana, would you have 15 minutes to tell me about your work, at a time that suits you?\n\n"
            "Please send me the application link.")
    question = [f for f in scripts.check(body, "email") if f.rule == "question"][0]
    assert not question.ok
    assert "tells them what to do" in question.detail


@pytest.mark.parametrize("announced", [
    "I would like to meet you for 15 minutes on Tuesday at 10.", "I'll call you on Friday.", "Let's meet on Monday.",
    "I\u2019d like to meet you on Tuesday at 10.", "I'll be at your office Tuesday at 10.", "Meet me Tuesday at 10.",
    "See you Tuesday at 10."])
def test_a_meeting_announced_after_an_earlier_question_does_not_pass_as_a_question(announced):
    """The request was a statement; an earlier sentence ending with "?" let it pass (found by a hostile tester)."""
    body = f"Hi Dana, could you tell me how you moved into water planning? {announced} Thank you, Amara"
    assert not [f for f in scripts.check(body, "email") if f.rule == "question"][0].ok


def test_a_time_taken_for_granted_after_the_question_does_not_pass():
    body = "Hi Dana, I'd like to learn about your work. Would Tuesday at 10 work? See you then. Amara"
    assert not [f for f in scripts.check(body, "email") if f.rule == "question"][0].ok


def test_a_question_followed_by_thanks_still_passes():
    body = "Would you have 15 minutes at a time that suits you? Thank you, Amara"
    assert [f for f in scripts.check(body, "email") if f.rule == "question"][0].ok
