"""Attribution: speakers, titles, coreference, kinds, and the cases that must not be quotes."""

import pytest

from builder.attribute import extract


def by_quote(text):
    return {text[a.start:a.end]: a for a in extract(text).attributions}


def mention_of(text, quote):
    """The speaker mention of the attribution whose span is `quote`."""
    return by_quote(text)[quote].mention.text


def test_seed_paragraph_titles_and_affiliation():
    text = ("Paul Chan Mo-po, Financial Secretary, Hong Kong SAR, remarked, “The action plan implements the "
            "country’s requirements.” source.")
    a = by_quote(text)["The action plan implements the country’s requirements."]
    assert a.speaker == "Paul Chan Mo-po" and a.title == "Financial Secretary" and a.affiliation == "Hong Kong SAR"
    assert a.kind == "direct" and a.cue.text == "remarked"


def test_pre_name_title_is_split_from_the_name():
    text = "“We will act,” Treasury Secretary Christopher Hui said."
    a = by_quote(text)["We will act,"]
    assert a.speaker == "Christopher Hui" and a.title == "Treasury Secretary"


def test_pronoun_and_surname_resolve_to_the_full_name():
    text = ("“The plan is good,” said Christopher Hui, the treasury secretary.\n\n"
            "“It will work,” he said.\n\n“We are sure,” Hui added.")
    got = by_quote(text)
    assert got["It will work,"].speaker == "Christopher Hui" and got["It will work,"].mention.text == "he"
    assert "coref_pronoun" in got["It will work,"].rules
    assert got["We are sure,"].speaker == "Christopher Hui" and got["We are sure,"].mention.text == "Hui"


def test_surname_first_mention_finds_the_full_name_elsewhere():
    text = "Janet Yellen was nominated on Monday.\n\n“We have work to do,” Yellen said."
    assert by_quote(text)["We have work to do,"].speaker == "Janet Yellen"


def test_anonymous_and_organization_speakers():
    got = by_quote("The deal is off, a source said.\n\nThe deal will close in March, the ministry said.")
    assert got["The deal is off"].speaker_kind == "anonymous" and got["The deal is off"].speaker is None
    assert got["The deal will close in March"].speaker_kind == "organization"


def test_mixed_quote_keeps_the_fragment_inside_the_clause():
    text = "Trump said the deal was “a total disaster” for workers."
    (a,) = extract(text).attributions
    assert a.kind == "mixed" and text[a.start:a.end] == "the deal was “a total disaster” for workers"


def test_scare_quotes_and_titles_of_works_are_not_quotes():
    text = "The so-called “reform” passed. She read “War and Peace” twice."
    assert extract(text).attributions == ()
    # a long title with a subtitle does not continue the previous speaker
    text = ("“So much of this has been wrong,” he said.\n\n"
            "The movie, “13 Hours: The Secret Soldiers of Benghazi,” is based on a book.")
    assert [text[a.start:a.end] for a in extract(text).attributions] == ["So much of this has been wrong,"]
    # a title after a possessor, its period inside the marks
    text = '"We will see," Christie said on ABC\'s "This Week with George Stephanopoulos." "It is early."'
    assert [text[a.start:a.end] for a in extract(text).attributions] == ["We will see,", "It is early."]
    # a title set off by commas after the word for the work
    text = "“We have no context,” she said.\n\nCheck out the trailer for her documentary, “13th,” below."
    assert [text[a.start:a.end] for a in extract(text).attributions] == ["We have no context,"]


def test_split_quote_pieces_share_a_statement():
    text = "“We are ready,” she said, “and we will win.”"
    pieces = sorted(extract(text).attributions, key=lambda a: a.start)
    assert [text[a.start:a.end] for a in pieces] == ["We are ready,", "and we will win."]
    assert pieces[0].statement == pieces[1].statement


def test_a_fronted_opening_is_a_piece_of_the_interrupted_statement():
    text = "Trump, Sexton said, has created a “strange, reality-bending political correctness-free zone.”"
    pieces = sorted(extract(text).attributions, key=lambda a: a.start)
    assert [(text[a.start:a.end], a.kind) for a in pieces] == [
        ("Trump", "indirect"), ("has created a “strange, reality-bending political correctness-free zone.”", "mixed")]
    assert pieces[0].statement == pieces[1].statement and pieces[0].speaker == pieces[1].speaker == "Sexton"
    # a connective or the time of saying is no piece of what was said
    for text in ("But, Carson added, he did not support it.", "At the time, she wrote, “I need you tomorrow.”"):
        assert all("fronted_piece" not in a.rules for a in extract(text).attributions)


def test_that_before_a_name_is_a_conjunction_not_a_determiner():
    text = "Part of it is that Republicans think the Fed has enabled big government."
    (a,) = extract(text).attributions
    assert a.mention.text == "Republicans" and text[a.start:a.end] == "the Fed has enabled big government"


def test_office_after_the_cue_keeps_its_body_and_the_name():
    got = by_quote("“We will win,” said Ambassador to the United Nations Nikki Haley.\n\n"
                   "“We will lose,” said Senator Smith of Ohio.")
    haley, smith = got["We will win,"], got["We will lose,"]
    assert (haley.speaker, haley.title) == ("Nikki Haley", "Ambassador to the United Nations")
    assert (smith.speaker, smith.title, smith.affiliation) == ("Smith", "Senator", "Ohio")


def test_an_abbreviation_ending_a_reported_clause_keeps_its_period():
    text = "The senator said the money should stay in the U.S."
    (a,) = extract(text).attributions
    assert text[a.start:a.end] == "the money should stay in the U.S."
    text = "The senator said the money should stay here."
    (a,) = extract(text).attributions
    assert text[a.start:a.end] == "the money should stay here"


def test_speaker_before_modals_catenatives_and_time_prefixed_titles():
    got = by_quote("And I can now say that their objective has been met.\n\n"
                   "Donald Trump needs to remind voters that he built a business.\n\n"
                   "In 2014, then-Senate Majority Leader Harry Reid (D) relentlessly attacked the Koch brothers.")
    assert got["that their objective has been met"].mention.text == "I"
    assert got["that he built a business"].speaker == "Donald Trump"
    assert got["the Koch brothers"].speaker == "Harry Reid"
    text = "Hillary Clinton spoke on Monday. Clinton herself also signaled that she is girding for a fight."
    assert by_quote(text)["that she is girding for a fight"].speaker == "Hillary Clinton"


def test_closing_attribution_with_whom_it_was_told_and_a_study_by_a_body():
    got = by_quote("Michigan was only doing what 40 states already do, he told the court in his filing.\n\n"
                   "Turnout fell sharply, a report by the state election board shows.")
    assert got["Michigan was only doing what 40 states already do"].mention.text == "he"
    assert got["Turnout fell sharply"].mention.text == "a report by the state election board"


def test_a_negated_auxiliary_stands_between_speaker_and_cue():
    got = by_quote("Trump isn't saying what other techniques he would support.\n\n"
                   "Clinton didn’t say whether she would release the transcripts.")
    assert got["what other techniques he would support"].mention.text == "Trump"
    assert got["whether she would release the transcripts"].mention.text == "Clinton"


def test_a_dash_pair_inside_a_reported_clause_is_an_aside():
    got = by_quote("Officials said they discovered those old - and previously unreported - postings last week.\n\n"
                   "Officials said they found the postings - a decisive clue.")
    assert "they discovered those old - and previously unreported - postings last week" in got
    assert "they found the postings" in got


def test_a_dash_followed_by_including_or_and_extends_the_reported_clause():
    got = by_quote("Party leaders said they would weigh options — including the possibility of a third-party run.\n\n"
                   "Officials said the plan will help workers — and he makes sure to include miners.\n\n"
                   "He said he wants to ban the practice — a controversial proposal he has raised before.")
    assert "they would weigh options — including the possibility of a third-party run" in got
    assert "the plan will help workers — and he makes sure to include miners" in got
    assert "he wants to ban the practice" in got


def test_an_infinitive_or_a_participle_next_to_a_quote_is_no_attribution():
    text = "Cruz said he is certain Rubio will continue to be “a champion for opportunity in America.”"
    (a,) = extract(text).attributions
    assert a.kind == "mixed" and a.mention.text == "Cruz"
    text = "Miller said the bill can be “the best of both worlds,” giving states more power."
    assert [x.mention.text for x in extract(text).attributions] == ["Miller"]
    text = "The 14th Amendment states, “all persons born here are citizens.”"
    assert [x.mention.text for x in extract(text).attributions] == ["The 14th Amendment"]


def test_a_verb_phrase_before_an_infinitive_cue_is_no_speaker():
    text = "Hillary Clinton took to Twitter to say thanks to her supporters on Monday."
    assert all("took" not in (a.mention.text if a.mention else "") for a in extract(text).attributions)


def test_offsets_slice_to_the_text():
    text = "On Monday, “It’s over,” the mayor said, adding that the city “will rebuild.”\n\nShe left."
    for a in extract(text).attributions:
        assert 0 <= a.start < a.end <= len(text)
        if a.mention:
            assert text[a.mention.start:a.mention.end] == a.mention.text
        if a.cue:
            assert text[a.cue.start:a.cue.end] == a.cue.text


def test_chinese_speaker_title_and_affiliation():
    text = "香港行政长官梁振英说：“我们会继续努力。”\n\n他称，政府将在两周内公布方案。"
    got = {text[a.start:a.end]: a for a in extract(text, "zh").attributions}
    first = got["我们会继续努力。"]
    assert (first.speaker, first.title, first.affiliation) == ("梁振英", "行政长官", "香港")
    second = got["政府将在两周内公布方案"]
    assert second.kind == "indirect" and second.mention.text == "他" and second.speaker == "梁振英"


def test_chinese_cue_inside_a_word_is_not_a_cue():
    assert extract("他写的小说很受欢迎，名称也很有趣。", "zh").attributions == ()


def test_german_french_spanish_inversion():
    de = "„Wir schaffen das“, sagte die Kanzlerin am Montag."
    (a,) = extract(de, "de").attributions
    assert de[a.start:a.end] == "Wir schaffen das" and a.mention.text == "die Kanzlerin"
    fr = "« Nous sommes prêts », a déclaré le ministre."
    (a,) = extract(fr, "fr").attributions
    assert a.mention.text == "le ministre" and a.cue.text == "déclaré"
    es = "“Estamos listos”, dijo el ministro de Salud."
    (a,) = extract(es, "es").attributions
    assert a.mention.text.startswith("el ministro") and a.cue.text == "dijo"


def test_spanish_reported_clause_starts_at_que():
    text = "La socióloga Ana Pérez explicó a la prensa que la situación sigue siendo grave en el norte."
    (a,) = extract(text, "es").attributions
    assert text[a.start:a.end] == "que la situación sigue siendo grave en el norte" and a.speaker == "Ana Pérez"


def test_empty_comma_segments_do_not_crash():
    # found by the property tests: ",," before a cue left an empty segment to classify
    for text in (",,said", "They,, said it was over.", "“Yes,,” he said."):
        for a in extract(text).attributions:
            assert 0 <= a.start <= a.end <= len(text)


def test_office_of_a_place_stays_in_the_title_and_particle_surnames_are_names():
    got = by_quote("“We are ready,” Mayor of London Sadiq Khan said.\n\n"
                   "“It will pass,” Ambassador to the United Nations Nikki Haley said.\n\n"
                   "AU chairperson President Abdel Fattah el-Sisi of Egypt said, “The test is real.”\n\n"
                   "Birmingham City University criminology professor David Wilson said, “It was calm.”")
    assert (got["We are ready,"].speaker, got["We are ready,"].title) == ("Sadiq Khan", "Mayor of London")
    assert got["It will pass,"].speaker == "Nikki Haley"
    assert got["The test is real."].speaker == "Abdel Fattah el-Sisi"
    assert got["The test is real."].affiliation in ("AU", "Egypt")
    wilson = got["It was calm."]
    assert (wilson.title, wilson.affiliation) == ("criminology professor", "Birmingham City University")


def test_affiliation_inside_a_title_or_before_a_role_noun():
    got = by_quote("“It is closed,” said Man-kei Tam, Hong Kong director of Amnesty International.\n\n"
                   "“Prices rose,” said Alex Lagakos, deputy director of the Greek Energy Forum.\n\n"
                   "“We are open,” a Woolworths spokesperson said.\n\n"
                   "“No comment,” a senior State Department official said.\n\n"
                   "“It is safe,” Local authorities said.\n\n"
                   "“It is settled,” said Jo Bell, the Secretary of State.")
    assert got["It is closed,"].affiliation == "Amnesty International"
    assert got["Prices rose,"].affiliation == "Greek Energy Forum"
    assert (got["We are open,"].title, got["We are open,"].affiliation) == ("spokesperson", "Woolworths")
    assert (got["No comment,"].title, got["No comment,"].affiliation) == ("senior official", "State Department")
    # a capitalised adjective opening the sentence, and a portfolio after "of", are no organisation
    assert got["It is safe,"].affiliation is None
    assert got["It is settled,"].affiliation is None


def test_title_before_the_name_anywhere_in_the_article_reaches_the_speaker():
    text = ("Greek Prime Minister Kyriakos Mitsotakis visited the port on Monday.\n\n"
            "“We will build it,” Mitsotakis said.")
    mits = by_quote(text)["We will build it,"]
    assert (mits.speaker, mits.title, mits.affiliation) == ("Kyriakos Mitsotakis", "Prime Minister", "Greek")


def test_title_before_a_name_inside_a_clause_reaches_the_speaker():
    text = ("The inquiry looks into the conduct of United States President Donald Trump.\n\n"
            "On Sunday the meeting was attended by Israeli prime minister Benjamin Netanyahu.\n\n"
            "“It was a perfect call,” Trump said. “This is historic,” Netanyahu said. "
            "“We are ready,” a spokesman for the president said.")
    got = by_quote(text)
    assert (got["It was a perfect call,"].title, got["It was a perfect call,"].affiliation) == ("President", "United States")
    assert (got["This is historic,"].title, got["This is historic,"].affiliation) == ("prime minister", "Israeli")
    # an office after "for" is the title's complement, not an affiliation
    assert (got["We are ready,"].title, got["We are ready,"].affiliation) == ("spokesman", None)


def test_whom_an_office_serves_is_the_affiliation():
    got = by_quote("“We are safe,” said the mayor of Leeds, Anna Pike.\n\n"
                   "“It is built like a tank,” said Virgin owner Richard Branson.\n\n"
                   "“We must stay,” said former Ohio governor Bob Taft.\n\n"
                   "“We are allies,” said Former US Ambassador to the United Nations Ann Lee.\n\n"
                   "“It is over,” said Secretary of State Jo Bell.\n\n"
                   "“I served,” said an Iraq War veteran, Tom Moe.")
    assert (got["We are safe,"].speaker, got["We are safe,"].affiliation) == ("Anna Pike", "Leeds")
    assert (got["It is built like a tank,"].title, got["It is built like a tank,"].affiliation) == ("owner", "Virgin")
    assert (got["We must stay,"].title, got["We must stay,"].affiliation) == ("former governor", "Ohio")
    assert (got["We are allies,"].title, got["We are allies,"].affiliation) == ("Former Ambassador to the United Nations", "US")
    # a portfolio after "of", and a capitalised descriptor after an article, are no affiliation
    assert got["It is over,"].affiliation is None
    assert got["I served,"].affiliation is None


def test_full_name_after_a_description_after_the_cue_is_the_speaker():
    got = by_quote("“We are open,” said a spokesman for the ministry, John Doe.\n\n"
                   "“We are closed,” the mayor of Leeds, Anna Pike, said.\n\n"
                   "“We are ready,” said former senator Jo Ross, who praised President George W. Bush.\n\n"
                   "“It swayed,” said a BBC executive, Caroline Thomson.\n\n"
                   "“It is a difficult issue,” said the Florida senator.")
    assert (got["We are open,"].speaker, got["We are open,"].title) == ("John Doe", "a spokesman for the ministry")
    assert (got["We are closed,"].speaker, got["We are closed,"].title) == ("Anna Pike", "the mayor of Leeds")
    # a relative clause after the name names someone else
    assert got["We are ready,"].speaker == "Jo Ross"
    # the capitalised words before a lower-case head noun name the body, not the speaker
    assert (got["It swayed,"].speaker, got["It swayed,"].affiliation) == ("Caroline Thomson", "BBC")
    assert got["It is a difficult issue,"].speaker != "Florida"


def test_office_of_a_place_before_a_name_and_british_courtesy_titles():
    text = ("Today, Chief Executive of Hong Kong Carrie Lam delivered her annual speech.\n\n"
            "“We will recover,” Lam said. Mr Branson praised the driver. "
            "Richard Branson visited the site.")
    got = by_quote(text)
    lam = got["We will recover,"]
    assert (lam.speaker, lam.title, lam.affiliation) == ("Carrie Lam", "Chief Executive of Hong Kong", "Hong Kong")
    assert got["the driver"].speaker == "Richard Branson"


def test_age_appositive_and_field_of_an_office():
    text = ("Another was tour manager Thomas Gray, 24, who cited the sport of rugby: \"I did what any Londoner "
            "would do.\"\n\nBroadcaster Piers Morgan commented, \"The guy was a hero.\"")
    got = by_quote(text)
    gray, morgan = got["I did what any Londoner would do."], got["The guy was a hero."]
    assert gray.speaker == "Thomas Gray" and "tour manager" in gray.titles
    assert (morgan.speaker, morgan.title) == ("Piers Morgan", "Broadcaster")


def test_no_title_from_a_clause_that_precedes_a_name():
    text = "Wikinews reached out to Richard Stallman.\n\n“Sorry,” Stallman said."
    assert by_quote(text)["Sorry,"].title is None


def test_progressive_report_is_active_and_a_closing_relative_clause_is_background():
    text = ("The White House is saying that the plan will pass.\n\n"
            "Graham has acknowledged the reality of climate change, which makes him an outlier.")
    spans = {text[a.start:a.end] for a in extract(text).attributions}
    assert "that the plan will pass" in spans
    assert "the reality of climate change" in spans


def test_a_that_followed_by_a_verb_is_a_relative_pronoun():
    text = "The agency issued rules that could lead to the closing of plants."
    assert extract(text).attributions == ()


def test_a_work_introduced_by_its_kind_is_no_quote():
    text = 'The campaign ran a spot titled “Arrogant,” said the report.'
    assert all(text[a.start:a.end] != "Arrogant," for a in extract(text).attributions)


def test_attribution_followed_by_an_aside_or_a_participle_cue():
    got = by_quote("The economy is weak, the minister said on Monday, as officials gathered in the capital.")
    assert set(got) == {"The economy is weak"} and got["The economy is weak"].speaker_kind != "unknown"
    got = by_quote("The economy is weak, the minister said, adding that prices would rise.")
    assert set(got) == {"The economy is weak", "that prices would rise"}
    assert got["that prices would rise"].cue.text == "adding"
    # a gerund subject after "he said," continues the split statement
    got = by_quote("Talks were hard, he said, replacing the envoy would be acrimonious.")
    assert "replacing the envoy would be acrimonious" in got


def test_fronted_adverbial_and_dateline_are_not_statements():
    got = by_quote("On Thursday, the governor wrote, warning that rates would rise.")
    assert "On Thursday" not in got and "that rates would rise" in got
    got = by_quote("WASHINGTON (AP) — The plan is dead, two senators said Friday.")
    assert set(got) == {"The plan is dead"}
    # a fronted clause followed by the statement itself stays whole
    got = by_quote("While he is third in the polls, a strong showing could help him, the adviser said.")
    assert "While he is third in the polls, a strong showing could help him" in got


def test_sentence_initial_nouns_and_party_plurals_hold_views():
    got = by_quote("Polls showed that few voters cared.")
    assert got["that few voters cared"].speaker_kind == "organization"
    assert "the plan" in by_quote("Democrats criticized the plan.")
    # a lone capitalised word that is neither stays a doubtful source for a stance verb
    assert by_quote("Bitcoin shows a 27% increase.") == {}


def test_participle_cue_after_a_comma_starts_its_own_statement():
    got = by_quote("Donald Trump is once again questioning the integrity of the vote, encouraging his "
                   "supporters to watch polling places.")
    assert got["the integrity of the vote"].speaker == "Donald Trump"
    assert got["his supporters to watch polling places"].cue.text == "encouraging"


def test_closing_attribution_is_a_statement_of_its_own():
    got = by_quote("Authorities are also concerned that more pipes may break, Mr. Haddox said.")
    assert got["Authorities are also concerned that more pipes may break"].speaker == "Haddox"
    assert got["that more pipes may break"].speaker_kind == "group"


def test_headline_speaker_label():
    text = ("Lynch: No outside influence on FBI probe into Clinton emails\n\n"
            "Attorney General Loretta Lynch said on Tuesday that nothing changed.")
    a = by_quote(text)["No outside influence on FBI probe into Clinton emails"]
    assert a.speaker == "Loretta Lynch" and a.mention.text == "Lynch" and "headline_label" in a.rules
    poll = by_quote("Poll: Clinton and Trump in dead heat\n\nA new poll shows a tie.")
    assert poll["Clinton and Trump in dead heat"].speaker_kind == "organization"
    # kickers name no one the article mentions
    assert by_quote("The Latest: Cruz wins the caucus\n\nTed Cruz won.") == {}
    assert by_quote("BREAKING: Cruz wins the caucus\n\nTed Cruz won.") == {}


def test_governed_preposition_and_time_belong_to_the_cue():
    got = by_quote("Keron Blair called for more school investment.\n\nThe mayor said Wednesday the plan was dead.")
    assert "more school investment" in got and "the plan was dead" in got
    # "on Monday" is when it was said, not a governed preposition
    assert "that talks would resume" in by_quote("The minister said on Monday that talks would resume.")


def test_phrasal_cue_and_a_cue_inside_an_opening_subordinate_clause():
    got = by_quote("As Hillary Clinton talked about bringing communities together, the crowd cheered.")
    assert got["bringing communities together"].cue.text == "talked about"
    assert by_quote("Donald Trump railed against the trade deal.")["the trade deal"].speaker == "Donald Trump"
    # without its preposition the verb reports nothing
    assert by_quote("Donald Trump talked to reporters on the plane.") == {}


def test_no_statement_after_a_particle_or_only_an_adverbial():
    assert by_quote("The real candidate showed up at the debate.") == {}
    got = by_quote("Jason Chaffetz said in a statement, adding that the agreements were handed out freely.")
    assert set(got) == {"that the agreements were handed out freely"}


def test_transcript_quoted_paragraph_by_paragraph():
    # Breitbart-style "Partial transcript as follows:" — every turn opens with a quote mark that
    # never closes, and "(CROSSTALK)" stage directions belong to nobody.
    text = ('Partial transcript as follows:\n\n"WALLACE: Why would he invite her to the debate?\n\n'
            '"PENCE: Well, look, this is just a distraction from the issues.\n\n'
            '"And that is why we will win in November.\n\n"(CROSSTALK.)\n\n'
            '"WALLACE: Will she be there tomorrow night?\n\n"PENCE: She will not be attending the debate.\n\n'
            '"Follow Pam Key on Twitter @pamkeyNEN."')
    got = by_quote(text)
    assert got["Why would he invite her to the debate?"].mention.text == "WALLACE"
    assert got["Well, look, this is just a distraction from the issues."].mention.text == "PENCE"
    assert got["And that is why we will win in November."].rules == ("interview_turn_continues",)
    assert not any("CROSSTALK" in q or "Follow" in q or q.startswith(("PENCE", '"')) for q in got)


def test_unattributed_expectation_has_two_pieces_and_no_speaker():
    got = by_quote("Trump is expected to deliver a victory speech later tonight.")
    subject, verb_phrase = got["Trump"], got["to deliver a victory speech later tonight"]
    assert subject.speaker is None and subject.mention is None and subject.statement == verb_phrase.statement
    which = by_quote("The final between Argentina and Chile, which is expected to draw a large audience, starts today.")
    assert set(which) == {"which", "to draw a large audience"}
    assert "more than 250,000 Iowans" in by_quote("By most counts, more than 250,000 Iowans are expected to attend caucuses.")
    # a named holder is a speaker; before another cue, a raising verb is a catenative, and the clause
    # both cues reach is one record
    assert by_quote("He expected me to read my prepared statement.")["me to read my prepared statement"].mention.text == "He"
    implied = by_quote("She appeared to imply that Trump could lead to more upheaval.")
    assert list(implied) == ["that Trump could lead to more upheaval"]
    assert implied["that Trump could lead to more upheaval"].mention.text == "She"


def test_asked_question_opening_a_sentence():
    got = by_quote("When asked whether he was encouraging the crowd's fury, he said he hoped not.")
    question = got["whether he was encouraging the crowd's fury"]
    assert question.speaker is None and question.rules == ("asked_question",)
    assert got["he hoped not"].mention.text == "he"
    # "asked" with its own subject is an ordinary cue, and a sentence with no comma has no question to cut
    assert "asked_question" not in by_quote("He asked for extensions, made partial payments.")["extensions, made partial payments"].rules
    assert by_quote("Asked about it he just smiled.") == {}
    # 'she said, asking X to be ...' is a participle cue with the sentence's speaker, not a question
    assert by_quote('"Justice takes time," she said, asking Cengiz to be patient.')["to be patient"].mention.text == "she"


def test_title_case_headline_verbs_are_cues():
    text = "Bernie Sanders Says He Has Already Started Writing His Inaugural Address\n\nThe senator spoke in Iowa."
    (a,) = [a for a in extract(text).attributions if a.cue and a.cue.text == "Says"]
    assert text[a.start:a.end] == "He Has Already Started Writing His Inaugural Address" and a.mention.text == "Bernie Sanders"
    # a capitalised verb form in running text or in a sentence-case headline is a name or a noun
    assert not extract("The Support Group Meets On Tuesday In Ohio\n\nIt meets weekly.").attributions
    assert not [a for a in extract("Trump and the Says family\n\nThe Says family said nothing.").attributions
                if a.cue and a.cue.text == "Says"]


def test_a_joined_clause_with_its_own_speaker_is_its_own_statement():
    got = by_quote("Islamic State claimed responsibility for the attack but U.S. officials have said "
                   "they do not believe he was assisted from abroad.")
    assert got["responsibility for the attack"].mention.text == "Islamic State"
    assert got["they do not believe he was assisted from abroad"].mention.text == "U.S. officials"
    # after a bare comma only a speech verb starts a new statement; a stance verb is the main clause
    got = by_quote("Debt was the subject of his book, Mr. McKinley said he considered debt a last resort.")
    assert got["he considered debt a last resort"].mention.text == "Mr. McKinley"
    got = by_quote("Lawyers warned that if the state held up the deal, Patriot could threaten to liquidate its mines.")
    assert "that if the state held up the deal, Patriot could threaten to liquidate its mines" in got
    # no new speaker after the conjunction: the clause goes on
    assert "a wide lead, and a debate performance that included an unsubtle effort" in by_quote(
        "Clinton highlighted a wide lead, and a debate performance that included an unsubtle effort.")


def test_a_name_between_a_determiner_and_a_verb_form_makes_a_noun():
    got = by_quote("Officials denied that he was slain, however, a UN report eventually concluded he was murdered.")
    assert got["he was murdered"].mention.text == "a UN report" and got["he was murdered"].cue.text == "concluded"
    assert by_quote("The Democrats report that turnout rose.")["that turnout rose"].cue.text == "report"


def test_an_infinitive_after_a_stance_verb_is_no_adverbial_tail():
    # 'Patriot could threaten to liquidate ...' is a main clause, not '$C , $S $V to the crowd'
    got = by_quote("The lawyer said that if the state held up the deal, Patriot could threaten to liquidate its mines.")
    assert "that if the state held up the deal, Patriot could threaten to liquidate its mines" in got
    assert by_quote("The plan will fail, he said to the crowd.")["The plan will fail"].mention.text == "he"


def test_relative_pronoun_is_the_mention_of_a_named_antecedent():
    text = "Leonard Burman praised the plan. Mr. Burman, who emphasized that the rules would simplify returns, agreed."
    # the relative clause ends at its comma: "agreed" is the main clause's verb
    a = by_quote(text)["that the rules would simplify returns"]
    assert a.mention.text == "who" and a.speaker == "Leonard Burman"
    # an unnamed antecedent stays the mention
    got = by_quote("The ministry of defence, which denied any role in the attacks, was silent.")
    assert next(iter(got.values())).mention.text == "The ministry of defence"


def test_appositive_with_a_gerund_or_hyphenated_adjective_is_a_title():
    # "expert on messaging", "self-described socialist": -ing/-ed words that are not verbs
    a = by_quote("Frank Luntz, a Republican expert on political messaging, said the campaign had failed.")[
        "the campaign had failed"]
    assert a.speaker == "Frank Luntz" and a.title == "a Republican expert on political messaging"
    a = by_quote("Sanders, a senator and self-described democratic socialist, said stagnation is the source.")[
        "stagnation is the source"]
    assert a.speaker == "Sanders"
    # a verb in the segment still makes it a clause, not a title
    assert "the plan would work" not in by_quote("Smith, the panel concluded, said the plan would work.")


def test_say_after_a_number_quantifier_or_comma_is_a_verb():
    from builder.attribute import find_cues
    for text in ("A mere 9 percent say they only buy American.", "Majorities in all five say they want change.",
                 "Others, however, say a recalibration is overdue."):
        assert "say" in [c.text for c in find_cues(text, "en")], text
    assert [c.text for c in find_cues("They want a say in it.", "en")] == ["want"]   # a noun after "a"


def test_noun_like_forms_are_no_cues_but_still_follow_direct_quotes():
    # "(states)", "(continues)" in the lexicons: nouns or aspect verbs, not reports of a clause
    assert by_quote("Some states remained too close to call on Tuesday night.") == {}
    assert by_quote("The delegate lead for the senator continues to grow after the primary.") == {}
    a = by_quote("“We will win this state,” he continues.")["We will win this state,"]
    assert a.cue.text == "continues" and a.mention.text == "he"


def test_interrupting_according_to_credits_both_pieces_but_not_a_framing_opening():
    text = "The plan, according to two officials, would cost billions of dollars."
    assert sorted(text[a.start:a.end] for a in extract(text).attributions) == ["The plan", "would cost billions of dollars"]
    text = "In addition, according to the department, nine million workers will be protected."
    assert [text[a.start:a.end] for a in extract(text).attributions] == ["nine million workers will be protected"]


def test_according_to_source_with_a_long_description_is_still_the_source():
    text = ("According to a 2013 study by economists Peter Schott and Justin Pierce, the Great Recession "
            "is partly to blame for lost jobs.")
    (a,) = extract(text).attributions
    assert a.mention.text == "a 2013 study by economists Peter Schott and Justin Pierce"
    assert text[a.start:a.end] == "the Great Recession is partly to blame for lost jobs"


def test_relative_clause_after_an_according_to_source_is_no_second_piece():
    text = "The deal is dead, according to his aides, who were briefed on the talks."
    assert [text[a.start:a.end] for a in extract(text).attributions] == ["The deal is dead"]


def test_stance_object_ends_before_the_time_it_was_taken():
    text = "Paul Ryan endorsed Donald Trump in early June, but only after weeks of delay."
    (a,) = extract(text).attributions
    assert text[a.start:a.end] == "Donald Trump" and a.mention.text == "Paul Ryan"
    # a clause object keeps its adverbials: they are part of what was said
    text = "Paul Ryan said the party would unite in early June, after the primaries."
    (a,) = extract(text).attributions
    assert text[a.start:a.end].startswith("the party would unite in early June")


def test_speaker_before_a_time_phrase_an_including_aside_or_a_dash_aside():
    for text, speaker in (("The governor last month announced that taxes would rise.", "The governor"),
                          ("Mr. Trump earlier this week said the plan was dead.", "Mr. Trump"),
                          ("Several candidates, including Trump, said the country should take no refugees.",
                           "Several candidates"),
                          ("Insiders in two states — Nevada and South Carolina — said the race was close.",
                           "Insiders in two states")):
        (a,) = extract(text).attributions
        assert a.mention.text == speaker, text
    # a participle keeps its time: the poll is the one released last week
    text = "A poll released last week showed that the senator leads."
    (a,) = extract(text).attributions
    assert a.mention.text == "A poll released last week"


def test_a_that_clause_after_it_is_starts_at_it():
    text = "Officials said it is important that she close the gap."
    (a,) = extract(text).attributions
    assert text[a.start:a.end] == "it is important that she close the gap"


def test_a_stance_verb_object_may_be_one_name():
    text = "The National Rifle Association, which has endorsed Trump, used the comments in an ad."
    (a,) = extract(text).attributions
    assert text[a.start:a.end] == "Trump" and a.cue.text == "endorsed"


def test_a_party_tag_between_speaker_and_verb_is_skipped():
    text = "“Mitt Romney was prepared,” Sen. Claire McCaskill (D-Mo.) said Friday."
    (a,) = extract(text).attributions
    assert a.kind == "direct" and a.speaker == "Claire McCaskill" and a.title == "Sen."


def test_a_full_name_after_its_description_is_the_speaker():
    text = "“We lost,” the Vatican spokesman, Federico Lombardi, said."
    (a,) = extract(text).attributions
    assert a.speaker == "Federico Lombardi" and a.title == "the Vatican spokesman"
    # an indefinite description never names: "a Republican, Mark Amodei,"
    (a,) = extract("A Republican, Mark Amodei, said he supports the inquiry.").attributions
    assert a.speaker == "Mark Amodei" and a.title == "A Republican"
    # a name then its description keeps the name
    text = "“We lost,” Representative Peter T. King, Republican of New York, said."
    (a,) = extract(text).attributions
    assert a.speaker == "Peter T. King"


def test_a_nickname_in_quotes_is_part_of_the_name_not_a_quote():
    text = ('"This is a big year!" state Del. Marcia "Cia" Price (D-Newport News), shouted to the crowd. '
            '"The nation is watching."')
    quotes = [text[a.start:a.end] for a in extract(text).attributions]
    assert "Cia" not in quotes and len(quotes) == 2
    assert {a.speaker for a in extract(text).attributions} == {'Marcia "Cia" Price'}


def test_a_shared_surname_resolves_to_the_person_named_most():
    text = ("Marcel Lazar said he was innocent. Lazar said he acted alone. "
            "“We need him,” his wife, Gabriela Lazar, said. Lazar said he was sorry.")
    speakers = [r.speaker for r in extract(text).attributions]
    assert speakers[-1] == "Marcel Lazar" and "Gabriela Lazar" in speakers


def test_a_colon_paragraph_introduces_the_quote_paragraph_after_it():
    text = "Trump spoke about Chicago. Cruz said:\n\n\"We have a situation where our inner cities are in trouble.\""
    (a,) = extract(text).attributions
    assert a.speaker == "Cruz" and "colon_introduces_quote" in a.rules
    # a stance verb far from the colon introduces nothing
    text = "The White House was refusing to call the attack terrorism:\n\n\"It is not over, and it never was.\""
    assert not any("colon_introduces_quote" in a.rules for a in extract(text).attributions)


def test_a_title_case_headline_name_joins_the_body_name():
    text = ("Rival Hillary Clinton Says Trump Is Unfit.\n\n"
            "Hillary Clinton said on Monday that Trump was unfit. The rival campaign disagreed. "
            "Clinton said she would win.")
    assert {a.speaker for a in extract(text).attributions if a.speaker} == {"Hillary Clinton"}


def test_a_cue_form_before_say_is_a_plural_noun():
    text = "Parents protested the funding system, which advocates say disadvantages needy schools."
    got = {text[a.start:a.end]: a for a in extract(text).attributions}
    a = got["disadvantages needy schools"]
    assert a.cue.text == "say" and a.mention.text == "advocates"


def test_title_only_mention_resolves_to_the_person_introduced_with_that_title():
    text = ("U.S. President-elect Joe Biden introduced his economic team on Tuesday. Republican nominee Donald "
            "Trump's rally was cancelled.\n\nIn Wilmington, the president-elect said his choice is Janet Yellen. "
            "The Democratic nominee said the team was ready.")
    got = by_quote(text)
    biden = got["his choice is Janet Yellen"]
    assert (biden.speaker, biden.title, biden.affiliation) == ("Joe Biden", "President-elect", "U.S.")
    # the whole title must match: "Republican nominee Donald Trump" is not "the Democratic nominee"
    assert got["the team was ready"].speaker != "Donald Trump"


def test_a_name_after_the_article_or_a_country_is_no_person():
    text = ("The Guardian reported that the talks failed. China said the probe landed. "
            "Later, the Democrats said they would act. The Republican said he was ready.")
    got = by_quote(text)
    assert (got["that the talks failed"].speaker, got["that the talks failed"].speaker_kind) == ("Guardian", "organization")
    assert got["the probe landed"].speaker_kind == "organization"
    assert got["they would act"].speaker_kind == "group"
    assert got["he was ready"].speaker_kind == "person"          # one party member
    # a country's name that belongs to a person of the article stays the person
    text = "Jim Jordan attended the hearing. Jordan said the probe failed."
    (a,) = extract(text).attributions
    assert (a.speaker, a.speaker_kind) == ("Jim Jordan", "person")


def test_an_office_of_a_place_is_a_title_not_a_name():
    text = "Adil Abdul-Mahdi, the acting Prime Minister of Iraq, spoke out against the attack, calling it an aggression."
    got = extract(text).attributions            # 'spoke out against [the attack]' and 'calling [it an aggression]'
    assert [a.cue.text for a in got] == ["spoke out against", "calling"]
    assert {(a.speaker, a.title, a.affiliation) for a in got} == {("Adil Abdul-Mahdi", "the acting Prime Minister of Iraq", "Iraq")}
    text = "The mayor of Houston, Sylvester Turner, said the city was ready."
    (a,) = extract(text).attributions
    assert (a.speaker, a.title, a.affiliation) == ("Sylvester Turner", "The mayor of Houston", "Houston")
    # the comma closing the office may be missing
    text = "Erwin Chemerinsky, Dean of UC Berkeley School of Law called it a truly silly argument."
    (a,) = extract(text).attributions
    assert (a.speaker, a.title) == ("Erwin Chemerinsky", "Dean of UC Berkeley School of Law")
    # "Secretary of State John Kerry" still names Kerry
    (a,) = extract("Secretary of State John Kerry said the talks failed.").attributions
    assert (a.speaker, a.title) == ("John Kerry", "Secretary of State")


def test_words_leading_into_a_name_are_no_title():
    text = "A Twitter post by Amy Cook said the event was cancelled."
    (a,) = extract(text).attributions
    assert a.speaker == "Amy Cook" and a.title is None


def test_when_an_office_was_held_and_why_someone_was_reached_are_no_title():
    text = ("Brett McGurk, who was the special envoy to the coalition until December, also criticized "
            "the decision via Twitter.")
    (a,) = extract(text).attributions
    assert (a.speaker, a.title) == ("Brett McGurk", "the special envoy to the coalition")
    text = "Reporters reached Ann Lee, a maintainer of the project to discuss the takedown. \"It is bad,\" Lee said."
    (a,) = extract(text).attributions
    assert (a.speaker, a.title) == ("Ann Lee", "a maintainer of the project")
    # "to" before a noun is part of the office
    (a,) = extract("John Smith, adviser to the president since 2015, said the plan was dead.").attributions
    assert a.title == "adviser to the president"
    (a,) = extract("Jeff Merkley, the only senator to endorse Sanders, said the plan was dead.").attributions
    assert a.title == "the only senator to endorse Sanders"
    # nor of the organisation
    text = "Dan Benjamin, coordinator at the State Department from 2009 to 2012, said the plan was dead."
    (a,) = extract(text).attributions
    assert (a.title, a.affiliation) == ("coordinator at the State Department", "State Department")


def test_an_age_a_home_town_and_its_state_are_no_speaker_and_no_title():
    for text in ("Brianne Stone, 29, of Huntsville, Ala., says the plan was good.",
                 "Johnnie Wilson, of Springfield, Va., said the plan was good."):
        (a,) = extract(text).attributions
        assert a.speaker in ("Brianne Stone", "Johnnie Wilson") and a.title is None
    (a,) = extract("Bill Carr, 31, a Philadelphia freelance photographer, said the plan was good.").attributions
    assert (a.speaker, a.title) == ("Bill Carr", "a Philadelphia freelance photographer")
    (a,) = extract("Jan Johnson, a salesman from Sumter, South Carolina, says the plan was good.").attributions
    assert (a.speaker, a.title) == ("Jan Johnson", "a salesman from Sumter")
    # a name before the town is still the speaker
    text = "Another delegate, Michael Brown of Washington, D.C., explained that the plan was good."
    (a,) = extract(text).attributions
    assert a.speaker == "Michael Brown"
    text = ("Hatice Cengiz, a writer, addressed reporters in New York, New York, calling for the killers "
            "to be brought to justice.")
    (a,) = extract(text).attributions
    assert a.speaker == "Hatice Cengiz"


def test_titles_met_elsewhere_keep_abbreviations_and_drop_tags_and_doings():
    text = ("Dennis B. Ross, a former adviser to Mr. Obama who is now a fellow, spoke. \"It is good,\" Ross said.")
    assert extract(text).attributions[0].title == "a former adviser to Mr. Obama"
    (a,) = extract("Sen. Kelly Ayotte, R-N.H., said the plan was good.").attributions
    assert a.title == "Sen."
    text = "Jane Roe, speaking to the US Conference of Mayors, said the plan was good."
    assert extract(text).attributions[0].title is None
    text = "Trump was out-brutalizing Ted Cruz, who said he would use it sparingly. Ted Cruz said it was torture."
    assert all(a.title is None for a in extract(text).attributions)
    # "acting" and "visiting" are title modifiers
    (a,) = extract("Jane Roe, acting Prime Minister of Iraq, said the plan was good.").attributions
    assert a.title == "acting Prime Minister of Iraq"


def test_a_description_before_a_name_after_the_cue_ends_at_its_comma():
    text = "It mattered, said a former spokesman for the ministry, Oleg Voloshyn, who also ran as a candidate."
    (a,) = extract(text).attributions
    assert (a.speaker, a.title) == ("Oleg Voloshyn", "a former spokesman for the ministry")


def test_a_capitalised_name_joiner_opening_a_name_is_a_first_name():
    for text, name in (("Ben Carson said the plan was good.", "Ben Carson"),
                       ("Former vice president Al Gore said the plan was good.", "Al Gore"),
                       ("Mohammed bin Salman said the plan was good.", "Mohammed bin Salman")):
        (a,) = extract(text).attributions
        assert (a.speaker, a.title not in ("Ben", "Al")) == (name, True)
    # a surname that opens with a joiner is the person named in full
    text = "Mayor Bill de Blasio said the city was safe. De Blasio said the plan was good."
    assert {a.speaker for a in extract(text).attributions} == {"Bill de Blasio"}
    text = "France’s Marine Le Pen spoke in Paris. \"It is bad,\" Le Pen said."
    (a,) = extract(text).attributions
    assert a.speaker == "Marine Le Pen"          # the possessor is no part of the full name
    (a,) = extract("Del. Stacey Plaskett said the plan was good.").attributions
    assert (a.speaker, a.title) == ("Stacey Plaskett", "Del.")


def test_a_verb_between_a_subject_and_a_name_is_no_title():
    text = "In August, several groups granted Mr. Clarke an extension, saying his capital was short."
    (a,) = extract(text).attributions
    assert (a.speaker, a.speaker_kind) == (None, "group")
    (a,) = extract("\"It is bad,\" said Wells Fargo CEO John Stumpf.").attributions
    assert (a.speaker, a.title, a.affiliation) == ("John Stumpf", "CEO", "Wells Fargo")


def test_a_title_names_a_role_not_a_predicate():
    for text in ("Jane Roe, active in politics, said the plan was good.",
                 "Jane Roe, critical of the plan, said it was bad.",
                 "Donald Trump and Sen. Ted Cruz spoke. Ted Cruz said the plan was good."):
        assert all(a.title is None or a.title == "Sen." for a in extract(text).attributions), text
    for text, title in (("Jane Roe, a nursing home owner, said the plan was good.", "a nursing home owner"),
                        ("Jane Roe, daughter of the mayor, said the plan was good.", "daughter of the mayor"),
                        ("Jane Roe, longtime pollster, said the plan was good.", "longtime pollster"),
                        ("Jane Roe, publisher of the Gazette, said the plan was good.", "publisher of the Gazette")):
        (a,) = extract(text).attributions
        assert a.title == title


def test_a_common_noun_opening_the_sentence_is_no_name():
    text = "Officials closed the border for migrants. Migrants say they are fleeing poverty."
    (a,) = extract(text).attributions
    assert a.speaker is None and a.speaker_kind == "group" and a.mention.text == "Migrants"
    # a place is no first name: "China" does not grow into "South China" from "South China Sea"
    text = "Ships crossed the South China Sea. China said the ships were safe."
    (a,) = extract(text).attributions
    assert (a.speaker, a.speaker_kind) == ("China", "organization")


def test_a_named_member_of_a_body_is_a_person_affiliated_to_it():
    for text, speaker, affiliation in (
            ("Jane Doe from Amnesty International said the law was unjust.", "Jane Doe", "Amnesty International"),
            ("Regina Ip from the pro-Beijing camp said the vote was fair.", "Regina Ip", "pro-Beijing camp"),
            ("Lee Wang of The Intercept asked whether the transcripts were public.", "Lee Wang", "The Intercept"),
            ("Maria Lopez from Guatemala said the border was closed.", "Maria Lopez", None)):
        (a,) = extract(text).attributions
        assert (a.speaker, a.speaker_kind, a.affiliation) == (speaker, "person", affiliation), text
    # a time or a verb after the preposition makes no body
    (a,) = extract("Proponents of the new bill say it will help.").attributions
    assert a.speaker is None and a.affiliation is None


def test_the_office_alone_names_the_person_the_article_gave_it():
    text = ("Italian economic development minister Stefano Patuanelli sent a letter of support, but the "
            "minister said they are to build another pipeline.")
    (a,) = extract(text).attributions
    assert (a.speaker, a.speaker_kind) == ("Stefano Patuanelli", "person") and a.title.endswith("minister")
    (a,) = extract("A minister said the talks failed.").attributions
    assert (a.speaker, a.speaker_kind) == (None, "anonymous")


def test_a_name_after_its_description_may_carry_a_courtesy_title_or_an_office():
    for text, speaker, title in (
            ("The agency's director, Dr. Anthony Fauci, said the virus was spreading.", "Anthony Fauci",
             "The agency's director"),
            ("The chairman of the Joint Chiefs, Gen. Joseph Dunford, said the plan was bad.", "Joseph Dunford",
             "The chairman of the Joint Chiefs"),
            # a description relating him to someone else yields to the office before his name
            ("His Democratic opponent, Rep. Alan Grayson, said the plan was bad.", "Alan Grayson", "Rep."),
            ("Her husband, Mr. John Smith, said the plan was bad.", "John Smith", "Her husband")):
        (a,) = extract(text).attributions
        assert (a.speaker, a.title) == (speaker, title), text


def test_a_possessive_body_is_the_affiliation_of_the_role_after_it():
    for text, title, affiliation in (
            ("The Food and Agriculture Organization's chief veterinary officer said the virus spread.",
             "chief veterinary officer", "Food and Agriculture Organization"),   # "and" inside the name
            ("Mr. Sanders's campaign manager said the plan was good.", "campaign manager", "Sanders")):
        (a,) = extract(text).attributions
        assert (a.speaker_kind, a.title, a.affiliation) == ("person", title, affiliation), text
    text = ("The decision followed. The United States' National Institute of Allergy and Infectious Disease's "
            "director, Dr. Anthony Fauci, said of the outbreak, \"it's going to get worse.\"")
    (a,) = extract(text).attributions
    assert (a.speaker, a.title, a.affiliation) == ("Anthony Fauci", "director",
                                                   "National Institute of Allergy and Infectious Disease")
    # rivals are set against the possessor, not affiliated to it
    (a,) = extract("Trump's rivals said the plan was bad.").attributions
    assert a.affiliation is None


def test_a_description_headed_by_a_body_describes_an_organisation():
    # after "Name of Body," it describes the body, so it is no title of the person
    text = "Doug Miller of Milltech Marine, a firm specialising in AIS, told reporters that the ship was lost."
    (a,) = extract(text).attributions
    assert (a.speaker, a.title, a.affiliation) == ("Doug Miller", None, "Milltech Marine")
    # after a bare name, the name is the body's: an organisation speaker with that description
    (a,) = extract("Wealth-X, a private company, said billionaires were richer.").attributions
    assert (a.speaker, a.speaker_kind, a.title) == ("Wealth-X", "organization", "a private company")
    (a,) = extract("Jane Roe, the group's founder, said the plan was good.").attributions
    assert (a.speaker_kind, a.title) == ("person", "the group's founder")


def test_a_home_town_before_a_state_is_neither_speaker_title_nor_affiliation():
    for text in ("Tom Emanuel, Laconia, N.H., said he would vote for Sanders.",
                 "Jane Doe, Boston, Mass., said she would vote.",
                 "Tom Emanuel of Laconia, N.H., said he would vote for Sanders.",
                 "Recently, Emanuel of Laconia, N.H., said he would vote for Sanders."):
        (a,) = extract(text).attributions
        assert a.speaker in ("Tom Emanuel", "Jane Doe", "Emanuel") and (a.title, a.affiliation) == (None, None), text
    # an honorific is no state: "Del." after a name is her office
    (a,) = extract("Stacey Plaskett, Del., said she would vote.").attributions
    assert (a.speaker, a.title) == ("Stacey Plaskett", "Del.")


def test_a_plural_common_noun_opening_a_sentence_is_a_group_not_a_name():
    text = "The probe launched on Tuesday. Plans call for the robot lander to drill into the lunar surface."
    (a,) = extract(text).attributions
    assert (a.speaker, a.speaker_kind) == (None, "group")
    # names agree in the singular, and nationalities and parties name their groups
    for text, speaker in (("The list was published. Forbes says the list is accurate.", "Forbes"),
                          ("Polls closed. Americans say the vote was fair.", "Americans")):
        (a,) = extract(text).attributions
        assert a.speaker == speaker, text


def test_an_organisation_named_with_of_is_no_person_of_a_body():
    (a,) = extract("The Department of Health and Human Services said the rule was final.").attributions
    assert (a.speaker, a.speaker_kind, a.affiliation) == ("Department of Health and Human Services", "organization", None)


def test_the_fuller_form_of_a_title_wins_but_not_another_office():
    text = 'Thomas Gray, 24, said he ran. "I ran," Gray said. Another was tour manager Thomas Gray, 24.'
    assert {a.title for a in extract(text).attributions} == {"tour manager"}
    text = "President Joe Biden said the plan was bad. Vice President Joe Biden said the plan was good."
    assert [a.title for a in extract(text).attributions] == ["President", "Vice President"]
    (a,) = extract("2020 Melbourne Lord Mayor candidate Wayne Tseng answered some questions.").attributions
    assert (a.title, a.affiliation) == ("2020 Melbourne Lord Mayor candidate", None)


def test_a_german_article_before_a_noun_is_no_clause_boundary():
    text = ("Die Regierung hat die Vereinbarungen nicht eingehalten. In der Zwischenzeit rufen "
            "Oppositionsgruppen zu Demonstrationen auf.")
    assert all(a.speaker != "Zwischenzeit" for a in extract(text, language="de").attributions)


def test_a_possessive_inside_the_body_an_office_serves():
    text = "Bobi Wine, the leader of Uganda's main opposition party, said the vote was rigged."
    (a,) = extract(text).attributions
    assert (a.title, a.affiliation) == ("the leader of Uganda's main opposition party", "Uganda's main opposition party")
    # a possessor that is no name is no affiliation: "The group's executive director"
    (a,) = extract("Betty Bradley, the group's executive director, said the plan was good.").attributions
    assert a.affiliation is None


def test_a_possessor_of_several_words_is_the_affiliation_not_part_of_the_name():
    for text, speaker, title, affiliation in (
            ("Hong Kong’s Financial Secretary Paul Chan said the plan was good.", "Paul Chan", "Financial Secretary", "Hong Kong"),
            ("The Washington Post's Robert Costa said the plan was good.", "Robert Costa", None, "Washington Post")):
        (a,) = extract(text).attributions
        assert (a.speaker, a.title, a.affiliation) == (speaker, title, affiliation), text


def test_a_place_alone_is_no_title():
    text = "Biden named his team, Ed Donahue said.\n\nEd Donahue, Washington.\n\nBarr says the vote was fair."
    assert all(a.title != "Washington" for a in extract(text).attributions)


def test_a_role_noun_before_a_name_is_its_title():
    for text, speaker, title in (("Voter Kitty Mak told reporters that the vote was fair.", "Kitty Mak", "Voter"),
                                 ("Student Joshua Wong said the vote was fair.", "Joshua Wong", "Student"),
                                 ("John Paul Jones said the vote was fair.", "John Paul Jones", None)):
        (a,) = extract(text).attributions
        assert (a.speaker, a.title) == (speaker, title), text


def test_a_bare_interview_label_is_an_unanswered_question_not_more_of_the_last_turn():
    text = ("Intro text here.\n\n((WN))  Which candidates would you vote for?  Why?\n\n((Wayne Tseng))\n\n"
            "((WN))  What are the reasons?\n\n((Wayne Tseng))  The reasons are many and varied.")
    got = [(text[a.start:a.end], a.speaker) for a in extract(text).attributions]
    assert got == [("Which candidates would you vote for?  Why?", "WN"), ("What are the reasons?", "WN"),
                   ("The reasons are many and varied.", "Wayne Tseng")]


def test_review_counter_examples_keep_their_speakers_titles_and_affiliations():
    for text, want in (
            ("John Smith of all people said the plan failed.", (None, None)),
            ("John Kerry with Sergei Lavrov said the talks failed.", ("John Kerry", None)),
            ("Jane Doe from Google said the plan failed.", ("Jane Doe", "Google")),
            ("Jane Doe of Acme, Inc., said the plan failed.", ("Jane Doe", "Acme")),
            ("Trump's wife said the plan was good.", (None, None)),
            ("Jane Doe, a critic of China's government, said the plan failed.", ("Jane Doe", None)),
            ("Its chief executive, Dr. Lisa Su, said the plan was good.", ("Lisa Su", None)),
            ("The storm hit Florida and Georgia's governor said the damage was severe.", (None, "Georgia")),
            ("The vote was held. Cubans say the economy is failing.", ("Cubans", None))):
        (a,) = extract(text).attributions
        assert (a.speaker, a.affiliation) == want, text
    (a,) = extract("Barrick, the Canadian mining company, said profits rose.").attributions
    assert a.speaker_kind == "organization"
    (a,) = extract("Its chief executive, Dr. Lisa Su, said the plan was good.").attributions
    assert a.title == "Its chief executive"
    # the fuller form of another office does not replace a title
    text = "Lieutenant Governor Jane Roe said the plan failed. \"It is bad,\" Roe said. Governor Jane Roe spoke."
    assert extract(text).attributions[0].title == "Lieutenant Governor"


def test_a_german_relative_pronoun_before_the_cue_does_not_crash():
    for text in ("Das ist der Mann, der sagte, es sei gut.", "Die sagte: „Wir kommen.“", "Er kam und der sagte, es sei gut."):
        extract(text, language="de")


def test_appositive_with_a_gerund_a_town_modifier_or_an_along_with_aside_keeps_its_speaker():
    text = ("Maria Lopez, senior associate for education organizing at the Center for Schools, said parents "
            "want neighborhood schools.")
    (a,) = extract(text).attributions
    assert (a.speaker, a.affiliation) == ("Maria Lopez", "Center for Schools")
    (a,) = extract("Jacob Stein, a Hollywood, Fla., rabbi helping to organize the boycott, said the rabbis "
                   "were alarmed.").attributions
    assert (a.speaker, a.title) == ("Jacob Stein", "rabbi helping to organize the boycott")
    # an "-ing" word after a word that is no title or title modifier is still a verb
    from builder.mentions import title_like, tokens
    assert title_like(tokens("director of education organizing", 0, 32))
    assert not title_like(tokens("police began searching the area", 0, 31))


def test_to_and_a_name_after_a_cue_is_the_addressee_not_what_was_said():
    got = by_quote("Senior Democrats, along with top leaders, also wrote to Lynch, urging the department to "
                   "review the impact.\n\nHe said to reporters that the plan was dead.")
    assert "to Lynch" not in got and "Lynch" not in got
    assert got["that the plan was dead"].mention.text == "He"


def test_a_source_noun_with_a_postmodifier_is_the_source_and_a_month_is_no_name():
    (a,) = extract("Video of the incident shows him with his hands in the air.").attributions
    assert (a.mention.text, a.speaker_kind) == ("Video of the incident", "organization")
    (a,) = extract("A Quinnipiac University poll released in late August found that most voters agree.").attributions
    assert a.mention.text == "A Quinnipiac University poll released in late August" and a.speaker is None
    # no source noun before the postmodifier: a stance verb needs a plausible source
    assert not extract("Pictures of the incident show him with his hands in the air.").attributions


def test_a_that_inside_the_reported_clause_is_not_where_it_starts():
    got = by_quote("Ms. Sherry said she considered how that would play to readers.\n\n"
                   "He said he believed that the union backs Sanders.\n\n"
                   "Clinton said she appreciated the apology and that she wanted to move forward.")
    assert got["she considered how that would play to readers"].mention.text == "Ms. Sherry"
    assert got["he believed that the union backs Sanders"].mention.text == "He"
    assert "she appreciated the apology and that she wanted to move forward" in got
    # the complementizer after the cue's own adverbials still opens the clause
    got = by_quote("The ministry said in a statement that the talks had failed.\n\n"
                   "Barr told reporters on Monday that no fraud was found.")
    assert {"that the talks had failed", "that no fraud was found"} <= set(got)


def test_a_belief_verb_after_a_conjunction_continues_the_reported_clause():
    got = by_quote("Clinton said she hopes to be elected, but she knows that the race is close.")
    assert list(got) == ["she hopes to be elected, but she knows that the race is close"]
    # a speech or stance verb there starts a statement of its own
    got = by_quote("Khan said Mr. Trump had shown disrespect to his wife, and he accused Mr. Trump of running a "
                   "campaign of hatred.")
    assert "Mr. Trump had shown disrespect to his wife" in got


def test_a_long_dash_aside_stays_inside_the_reported_clause():
    text = ("His campaign manager, Jeff Weaver, said Sanders believes those efforts - which include Spanish-language "
            "radio ads in Nevada and an army of paid door-knockers in South Carolina - will pay off in coming weeks.")
    (a,) = extract(text).attributions
    assert text[a.start:a.end].endswith("will pay off in coming weeks") and a.speaker == "Jeff Weaver"
    # a lone dash still ends the clause at the writer's comment
    got = by_quote("Trump said he would kill the families of terrorists - a controversial idea.")
    assert "he would kill the families of terrorists" in got


def test_a_verb_phrase_ending_in_a_conjunction_is_no_speaker():
    text = "Trump called Clinton “terrible,” denounced her record and said she should not run for office."
    got = by_quote(text)
    assert list(got) == ["she should not run for office"] and got["she should not run for office"].speaker == "Trump"


def test_a_relative_clause_with_commas_before_the_cue_keeps_its_antecedent_as_speaker():
    (a,) = extract("Vice President Joseph R. Biden Jr., who was to travel to Columbus, Ohio, on Wednesday to "
                   "promote the rules, said they touched on a core issue.").attributions
    assert a.speaker == "Joseph R. Biden Jr." and a.mention.text == "Vice President Joseph R. Biden Jr."
    # the subject of an object relative is the speaker ('which [state news media] claimed')
    got = by_quote("The U.N., which imposed sanctions in March, called a meeting to discuss the test, which state "
                   "news media claimed allows Pyongyang to build warheads.")
    assert {a.mention.text for a in got.values() if a.cue.text == "claimed"} == {"state news media"}


def test_a_tally_after_a_name_label_is_no_interview_turn():
    text = ("THE TOTAL.\n\nClinton: 2,316.\n\nSanders: 1,547.\n\n"
            "Clinton needs 67 delegates to reach the 2,383 needed to win.\n\nSanders needs 836 delegates.")
    assert extract(text).attributions == ()
    # a label with words after it is a turn
    text = "Q: Will you run?\n\nA: I will not.\n\nQ: Why not?\n\nA: It is time to go home."
    assert [a.speaker for a in extract(text).attributions] == ["Q", "A", "Q", "A"]


def test_a_participle_after_a_quote_is_no_inverted_attribution():
    text = "Mr. Paulson said that concerns about Valeant were “overblown,” adding that Valeant had “significant upside.”"
    got = by_quote(text)
    assert list(got) == ["that concerns about Valeant were “overblown,” adding that Valeant had “significant upside.”"]
    assert got[list(got)[0]].mention.text == "Mr. Paulson"


def test_at_least_opens_a_quantity_subject():
    assert mention_of("At least half of voters say the positions are right.",
                      "the positions are right") == "At least half of voters"


def test_a_phrase_opening_with_a_preposition_or_an_ing_word_is_no_speaker():
    for text in ("The group is also spending money on mailings to voters that oppose both Bush and Clinton.",
                 "The only thing harder than picturing a black man winning the White House might have been "
                 "seeing a socialist occupying it."):
        assert all(not a.mention or not a.mention.text.startswith(("spending", "picturing"))
                   for a in extract(text).attributions), text
    # "about" opens a quantity
    assert mention_of("In Vermont, about half of Democratic primary voters said they want a change.",
                      "they want a change") == "about half of Democratic primary voters"


def test_maintain_reports_a_claim_only_with_a_clause():
    assert not extract("Clinton maintains a commanding lead among black voters.").attributions
    assert not extract("Fedora was adopted in RHEL, which Red Hat maintained and provided support for.").attributions
    got = by_quote("Clinton has long maintained that she complied with the rules.\n\n"
                   "The campaign has maintained they were not marked classified.\n\n"
                   "Iran has maintained its program is for peaceful purposes.\n\n"
                   "Turkey maintains a position that only Northern Cyprus has the right to the zone.")
    assert {"that she complied with the rules", "they were not marked classified",
            "its program is for peaceful purposes",
            "that only Northern Cyprus has the right to the zone"} <= set(got)


def test_a_share_of_support_is_a_noun_not_a_cue():
    assert not extract("The nominee sits at 85 percent support among black voters in Florida.").attributions
    assert not extract("Clinton received 48 percent support, while Trump received 38 percent support.").attributions
    assert mention_of("About 55 percent support Clinton, the poll found.", "Clinton") == "About 55 percent"


def test_a_title_case_headline_gives_no_full_name():
    for text, speaker in (
            ("Is Sanders Finally Connecting With Black Voters?\n\n"
             "Sanders said he would stay in the race. Bernie Sanders spoke in Ohio.", "Bernie Sanders"),
            # a capitalised common word opening a sentence is no first name either
            ("Is Sanders finally connecting with voters? It is not clear.\n\n"
             "Sanders said he would stay in the race. Bernie Sanders spoke in Ohio.", "Bernie Sanders"),
            ("ESPN Fires Schilling Over an Offensive Post\n\nSchilling said he was sorry.", "Schilling")):
        assert [a.speaker for a in extract(text).attributions] == [speaker], text


def test_a_sentence_opening_then_is_no_title_modifier():
    (a,) = extract("Then Trump said the wall would be built.").attributions
    assert (a.mention.text, a.speaker) == ("Trump", "Trump")


def test_advise_reports_only_with_that_or_to_and_was_is_no_as():
    assert not extract("He spent nights at Centerview, which advises big corporations on mergers.").attributions
    got = by_quote("He would advise him that the danger had increased.\n\nThe embassy advised U.S. citizens to leave.")
    assert {"that the danger had increased", "citizens to leave"} <= set(got)
    # "was accused by" is a passive, not "as ... by"; "as reported by" is a source
    text = "His troubles began, in part, when he was accused by a female reporter of grabbing her arm."
    assert not extract(text).attributions
    (a,) = extract("The plan is dead, as reported by The Washington Post.").attributions
    assert a.mention.text == "The Washington Post"


def test_as_the_speaker_put_it_introduces_or_closes_a_quote():
    assert mention_of("As Vulture put it, “Hello, it’s the Biebs.”", "Hello, it’s the Biebs.") == "Vulture"
    got = by_quote("The goal, she said, is growth. It is to “make sure our economy works for everyone,” as she put "
                   "it on Wednesday in Raleigh.")
    assert any(a.cue and a.cue.text == "put it" for a in got.values())
    # without "as" before its speaker, "put it" is no cue
    text = "“Well, let me put it this way,” he continued. Trump has promised to put it into play."
    assert all(a.cue is None or a.cue.text != "put it" for a in extract(text).attributions)


def test_a_verb_phrase_or_a_plural_noun_is_no_speaker_or_cue():
    text = "The administration has promised a veto and attempted to make the case to members of both parties that the bill is bad."
    assert all(not a.mention or not a.mention.text.startswith("attempted") for a in extract(text).attributions)
    assert all(a.cue.text != "parties" for a in extract(text).attributions)
    # an adjective in -ed before a speaker noun still opens a noun phrase
    assert mention_of("Still, undecided voters say they want a change.", "they want a change") == "undecided voters"


def test_by_and_a_participle_reports_for_the_sentence_subject():
    assert mention_of("Bolton distanced himself from the NeverTrump movement by saying he would be willing to help.",
                      "he would be willing to help") == "Bolton"
    # a possessor opening the sentence owns the speaker noun after it
    assert mention_of("Trump's campaign released a statement Monday, saying it was postponing a rally.",
                      "it was postponing a rally") == "Trump's campaign"


def test_a_brand_written_name_is_an_organisation_and_they_stands_for_a_group():
    (a,) = extract("GitHub said it had restored access to the project.").attributions
    assert a.speaker_kind == "organization"
    (a,) = extract("McCain said he would vote against the bill.").attributions
    assert a.speaker_kind == "person"
    # "they" stands for a group, not for the last organisation
    got = by_quote("Domain.com reported that sellers offered toilet paper.\n\n"
                   "The stores were reluctant, according to a report in which they said they had no plans.")
    assert got["they had no plans"].speaker is None


def test_asked_with_a_question_after_an_object_or_closing_the_sentence():
    assert mention_of("Ruth Marcus, an editor at The Post, asked Mook if the campaign would hold press conferences.",
                      "if the campaign would hold press conferences") == "Ruth Marcus"
    got = by_quote("The group asked whether candidates supported the act.")
    assert "whether candidates supported the act" in got
    got = by_quote("“It's possible,” he said when asked about Trump's temperament.")
    assert got["Trump's temperament"].rules == ("asked_question",)


def test_a_dateline_or_a_time_opener_is_no_sentence_speaker():
    assert mention_of("WASHINGTON, Dec. 8 (UPI) — In response to the plan, Clinton's aide rallied supporters, saying: "
                      "“We have to be ready to stop him.”", "We have to be ready to stop him.") == "Clinton's aide"
    assert mention_of("Hours later, Trump returned the compliment, telling Reuters, “Sheldon and I have been friends.”",
                      "Sheldon and I have been friends.") == "Trump"


def test_the_interviewer_label_stands_for_the_reporter_the_article_names():
    text = ("Adam Kokesh spoke with Wikinews.\n\nWith accredited Wikinews reporter William S. Saturn, Kokesh details "
            "his background.\n\n((WN)) Which figures do you admire?  Why?\n\n((Adam Kokesh)) Many people.\n\n"
            "((WN)) What is next?\n\n((Adam Kokesh)) The campaign.")
    got = [(a.speaker, a.title, a.mention.text) for a in extract(text).attributions]
    assert got[0] == ("William S. Saturn", "reporter", "WN") and got[1][0] == "Adam Kokesh"
    # with no reporter named, the label stays as it is
    assert [a.speaker for a in extract(text.replace("With accredited Wikinews reporter William S. Saturn, ", "")).attributions][0] == "WN"


def test_a_project_a_maintainer_serves_is_the_affiliation():
    from builder.mentions import split_affiliation
    assert split_affiliation("a former maintainer and contributor of the youtube-dl project") == (
        "a former maintainer and contributor of the youtube-dl project", "youtube-dl project")
    assert split_affiliation("a critic of the project")[1] is None


def test_long_appositives_and_participle_postmodifiers_keep_the_speaker():
    for text, speaker in (
            ("Rich Heffley, a top Tallahassee GOP operative who played a major role in John McCain’s big Florida win "
             "in 2008 and is now running Bush’s early-vote efforts in the state, said the program is critical.",
             "Rich Heffley"),
            ("Mike Shields, president of the Congressional Leadership Fund, a super PAC allied with House leadership, "
             "said nearly every conversation centers on a firewall.", "Mike Shields"),
            ("DECATUR, Ill. — Sen. Ted Cruz weighed in on the allegations, calling the behavior a “fireable offense.”",
             "Ted Cruz")):
        assert {a.speaker for a in extract(text).attributions} == {speaker}, text


def test_evidence_nouns_speak_for_what_they_show():
    assert mention_of("Exit polling showed that Clinton won every group except voters under 30.",
                      "that Clinton won every group except voters under 30") == "Exit polling"


def test_a_chant_or_a_sign_is_quoted_words_not_a_title():
    assert mention_of("The crowd chanted \"Lock her up!\" as he spoke.", "Lock her up!") == "The crowd"
    got = by_quote("Workers had amassed at the center, carrying signs saying, \"Merger today, Chapter 11 tomorrow.\"")
    assert any(a.mention.text == "Workers" for a in got.values())
    assert not extract("She read “War and Peace” twice.").attributions


def test_pledged_delegates_is_a_noun_phrase():
    assert not extract("About 475 pledged delegates will be at stake next week.").attributions


def test_a_connective_opening_the_sentence_is_no_subject():
    assert mention_of('Then he cut into Bush, calling him a "stiff" and accusing him of acting like a "spoiled child."',
                      'him a "stiff"') == "he"


def test_a_past_tense_cue_after_a_plural_subject_is_a_verb():
    assert mention_of("The senate passed a bill which critics said was discriminatory against gay couples.",
                      "was discriminatory against gay couples") == "critics"
    # an -s form before its own auxiliary is still a plural noun ("those blue states would help")
    assert not extract("Those new blue states would help the party.").attributions


def test_with_a_share_saying_reports_for_the_share():
    assert mention_of("Voters are gloomy, with 62 percent of voters saying race relations are getting worse.",
                      "race relations are getting worse") == "62 percent of voters"
    got = by_quote("Most, with three in 10 saying a running mate would not matter, were undecided.")
    assert "a running mate would not matter" in got
    assert not by_quote("But even with all precincts reporting the race was close.")


def test_as_put_it_needs_an_as_opening_a_clause():
    assert mention_of("“We are done,” as she put it on Wednesday.", "We are done,") == "she"
    assert mention_of("“We are done” as he put it.", "We are done") == "he"
    assert not extract("The bill, known as HR 1, puts it at risk.").attributions
    assert not extract("Firms such as Acme put it on hold.").attributions


def test_a_claimed_delegate_count_keeps_its_verb():
    assert mention_of("Trump claimed delegates were stolen from him.", "delegates were stolen from him") == "Trump"


def rules_of(text):
    """{quoted span: rule} of every attribution extracted from `text`."""
    return {text[a.start:a.end]: a.rules[0] for a in extract(text).attributions}


def test_a_passive_question_ends_before_the_next_clause_or_its_asker():
    assert rules_of("She was asked about her emails and said she had nothing to hide.") == {
        "her emails": "asked_question", "she had nothing to hide": "coordinated_verb_clause"}
    assert rules_of("He was asked about the plan by a reporter on the plane.") == {"the plan": "asked_question"}
    assert rules_of("He was asked for his ID at the door.") == {}      # a request, not a question


def test_a_name_label_needs_a_person_who_reads_as_one():
    assert rules_of("The hearing went on.\n\nRep. Trey Gowdy (R-S.C.): “We want the truth.”") == {
        "We want the truth.": "name_label_quote"}
    assert rules_of("The town was quiet.\n\nKey West: “Nothing happens here.”") == {}


def test_the_following_words_belong_to_who_issued_them_not_who_received_them():
    assert mention_of("Smith issued the following statement:\n\n“Come home now.”", "Come home now.") == "Smith"
    assert rules_of("Smith received the following message:\n\n“Come home now.”") == {}


def test_a_quote_with_its_own_subject_keeps_the_name_as_addressee():
    assert rules_of("The governor wrote Congress “we are ready to help.”") == {"we are ready to help.": "speaker_verb_quote"}
    assert rules_of("The governor wrote Congress “ready to help.”") == {"Congress “ready to help.”": "subject_into_quote"}


@pytest.mark.parametrize("preposition", ["Unlike", "Despite"])
def test_a_fronted_preposition_is_no_antecedent(preposition):
    assert mention_of(f"{preposition} Trump, who skipped the debate, Sen. Ted Cruz said he would attend.",
                      "he would attend") == "Sen. Ted Cruz"


def test_a_capitalised_common_word_before_a_surname_yields_to_a_fuller_name():
    assert by_quote("Is Sanders finally ready? Bernie Sanders spoke on Monday, and he is upbeat. “I am tired,” Sanders "
                    "said.")["I am tired,"].speaker == "Bernie Sanders"
    # with no fuller name the sentence-initial run is the name ("Bill" is no common word here)
    assert by_quote("Bill Clinton campaigned in Ohio on Monday. “I am tired,” Clinton said.")["I am tired,"].speaker \
        == "Bill Clinton"


def test_the_interviewer_is_the_reporter_named_before_the_first_turn():
    text = ("Wikinews reporter Jane Doe spoke with Tom Smith.\n\nJD: What do you want from them?\n\nTS: Peace for all.\n\n"
            "JD: Why now, after all this time?\n\nTS: Because we can win.")
    got = by_quote(text)
    assert got["What do you want from them?"].speaker == "Jane Doe" and got["Why now, after all this time?"].speaker == "Jane Doe"


def test_a_camel_case_surname_is_a_person_not_a_brand():
    assert by_quote("DelBene said the bill would pass.")["the bill would pass"].speaker_kind == "person"
    assert by_quote("YouTube said the video would stay.")["the video would stay"].speaker_kind == "organization"


def test_a_sentence_opening_with_a_poll_share_reports_for_the_share():
    assert mention_of("With 62 percent of voters saying race relations are worse, the mood is grim.",
                      "race relations are worse") == "62 percent of voters"


def test_out_of_is_no_particle_of_a_phrasal_cue():
    assert rules_of("She spoke out of turn at the meeting.") == {}
    assert by_quote("She spoke out against the plan.")["the plan"].cue.text == "spoke out against"


def test_a_long_title_case_quote_before_a_speech_cue_is_a_tweet_not_a_title():
    assert mention_of("“Crooked Hillary Clinton Is Unfit To Be President,” Trump tweeted on Monday.",
                      "Crooked Hillary Clinton Is Unfit To Be President,") == "Trump"
    assert rules_of("He watched “The Man Who Knew Too Much In Paris,” on Monday.") == {}
    # a work's kind and a comma set off a title-case name, not someone's words
    assert rules_of("She praised the show, “we will win,” she said.")["we will win,"] == "quote_speaker_verb"


def test_a_possessed_subject_after_an_opener_runs_to_its_last_noun_or_name():
    got = by_quote('On Monday, Trump\'s campaign manager Corey Lewandowski cut into the press, calling it "very dishonest."')
    assert got['it "very dishonest."'].speaker == "Corey Lewandowski"
    assert mention_of('On Monday, Trump\'s campaign manager cut into the press, calling it "very dishonest."',
                      'it "very dishonest."') == "Trump's campaign manager"


def test_maintain_and_advise_report_only_with_a_complement_of_their_own():
    assert by_quote("Iran has maintained its program is peaceful.")["its program is peaceful"].cue.text == "maintained"
    assert rules_of("Clinton maintains a lead in polls that are tightening.") == {}
    assert "to quit" in by_quote("She advised him to quit.")
    assert rules_of("She advised him to the end.") == {}
