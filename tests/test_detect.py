"""Quote-mark pairing and sentence splitting: positive and negative cases with inline strings."""

import pytest

from builder.detect import Q_CHARS, find_quotes, sentences


def quotes(text):
    return [text[c.start:c.end] for c in find_quotes(text).candidates]


@pytest.mark.parametrize("text, expected", [
    ("He said, “We are ready.”", ["We are ready."]),
    ('"Straight quotes work," she said.', ["Straight quotes work,"]),
    ("„Wir schaffen das“, sagte sie.", ["Wir schaffen das"]),
    ("« Nous sommes prêts », a déclaré le ministre.", [" Nous sommes prêts "]),
    ("他说：「我们准备好了。」", ["我们准备好了。"]),
    ("‘British style,’ he said.", ["British style,"]),
    ("''Archive style,'' he said.", ["Archive style,"]),
    ("“Nested ‘inner’ quote,” she said.", ["Nested ‘inner’ quote,"]),
])
def test_mark_pairs(text, expected):
    assert quotes(text) == expected


@pytest.mark.parametrize("text", [
    "It’s the company’s plan, and they don’t like it.",      # apostrophes between letters
    "The students’ demands were heard in the ’90s.",          # plural possessive, elided year
    "Rock 'n' roll isn't dead.",                              # straight apostrophes
])
def test_apostrophes_are_not_quotes(text):
    assert quotes(text) == []


def test_a_stray_single_quote_does_not_swallow_double_quotes():
    text = "'Tis the season. He said, “We are ready.”"
    assert quotes(text) == ["We are ready."]


def test_multi_paragraph_quote_continues_when_next_paragraph_reopens():
    text = "“First paragraph of the quote.\n\n“Second paragraph,” he said."
    found = find_quotes(text).candidates
    assert [text[c.start:c.end] for c in found] == ["First paragraph of the quote.", "Second paragraph,"]
    assert found[1].continued and not found[0].continued


def test_unbalanced_candidate_is_rejected_alone():
    text = "“This never closes.\n\nBut “this one does,” he said."
    det = find_quotes(text, "a.txt", "a")
    assert [text[c.start:c.end] for c in det.candidates] == ["this one does,"]
    assert [r.reason for r in det.rejections] == ["detect_unbalanced_marks"]
    assert det.rejections[0].path == "a.txt"


def test_mask_keeps_length_and_hides_quotes():
    text = "He said, “Stop. Now.” Then he left."
    det = find_quotes(text)
    assert len(det.mask) == len(text)
    assert "Stop" not in det.mask and "Then he left." in det.mask
    assert all(ch in Q_CHARS for ch in det.mask[9:21])


def test_sentences_do_not_split_inside_quotes_or_after_abbreviations():
    text = "“One. Two. Three,” Mr. Smith said. The U.S. agreed. Sen. Jones did not."
    det = find_quotes(text)
    got = [text[a:b] for a, b in sentences(det.mask)]
    assert got == ["“One. Two. Three,” Mr. Smith said.", "The U.S. agreed.", "Sen. Jones did not."]


def test_many_marks_are_linear_and_never_raise():
    text = "“" * 5000 + " text " + "”" * 3000 + "\"" * 2001
    det = find_quotes(text)
    assert len(det.mask) == len(text)


def test_a_paragraph_break_ends_a_sentence_even_after_an_abbreviation():
    text = "Vaccines must not reach the U.K.\n\nThe border was a problem."
    got = [text[a:b] for a, b in sentences(find_quotes(text).mask)]
    assert got == ["Vaccines must not reach the U.K.", "The border was a problem."]


def test_an_editors_bracketed_period_ends_the_quote_sentence():
    text = 'Parmet said it would place "stigma on the victims[.]" She added, "People think."'
    got = [text[a:b] for a, b in sentences(find_quotes(text).mask)]
    assert got == ['Parmet said it would place "stigma on the victims[.]"', 'She added, "People think."']


def test_a_pronoun_after_a_closing_abbreviation_starts_a_sentence():
    text = "He is trying to distract voters in the U.S. He says they need facts. She met Sen. The Rock."
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["He is trying to distract voters in the U.S.", "He says they need facts.", "She met Sen. The Rock."]
    assert len(sentences("He joined the U.S. Army in 2001.")) == 1
