"""The attribution and citation rules, by name: shape, reason, and examples that must hold.

Every record carries the names of the rules that made it (`rules` field), so a reviewer can
look a name up here. The shape uses the DESIGN.md §2 notation: $Q a quote, $S a speaker
mention, $V a cue verb, $T an appositive title, $C a reported clause, $O a cue's object.
`tests/test_rules.py` runs every example through the real pipeline: a positive example must
produce a record with the expected quote, speaker mention and rule; a negative one must not.
Order is the order the engine tries them (a list, so output is deterministic).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Example:
    """`text` must yield a record made by the rule with this quote and speaker mention (for a
    citation rule: `quote` is the cited name); `negative=True`: no record by this rule. A `text`
    starting with "<" is an HTML page and goes through the HTML parser first."""

    text: str
    quote: str | None = None
    speaker: str | None = None
    negative: bool = False


@dataclass(frozen=True)
class Rule:
    """A named attribution or citation pattern."""

    name: str
    shape: str
    doc: str
    why: str
    examples: tuple[Example, ...] = field(default_factory=tuple)


RULES: list[Rule] = [
    # --- direct quotes -----------------------------------------------------------------------
    Rule("quote_speaker_verb", "$Q , $S $V", "A quote followed by its speaker and cue.",
         "The most common news attribution: PolNeAR train has 2,446 direct quotes with the speaker after.",
         (Example("“Hoosier Republicans are going to aim to be fair,” he said.",
                  "Hoosier Republicans are going to aim to be fair,", "he"),
          Example("\"We are ready,\" Treasury Secretary Christopher Hui told reporters on Monday.",
                  "We are ready,", "Treasury Secretary Christopher Hui"),
          Example("“Who knows?” she asked.", "Who knows?", "she"),
          Example("“It was,” the report said, without evidence.", "It was,", "the report"),
          Example("“Hamlet,” the play he wrote in 1600, is still staged.", None, None, negative=True),
          Example("Speaking on ABC’s “Face the Nation,” Sanders said he would stay in the race.", None, None, negative=True))),
    Rule("quote_verb_speaker", "$Q , $V $S , $T", "A quote followed by an inverted cue and speaker.",
         "Inversion ('said Vilsack, a former governor') is standard when the speaker carries a title.",
         (Example("“The timing of it is quite suspect,” said Vilsack, a former Iowa governor.",
                  "The timing of it is quite suspect,", "Vilsack"),
          Example("\"A train has crashed,\" said a spokeswoman for the British Transport Police.",
                  "A train has crashed,", "a spokeswoman for the British Transport Police"),
          Example("\"We had to stand by\" said Nick Green, a spokesman.", "We had to stand by", "Nick Green"),
          Example("Holm said the ad “unmistakably and wrongfully” suggests that the police support him.",
                  None, None, negative=True),
          # a participle after the quote opens the subject's next clause; it is no inverted cue
          Example("Trump defended “New York values,” saying the city embodied the “soul of America.”",
                  None, None, negative=True))),
    Rule("lead_into_quote", "$C $Q , $S $V", "The writer's words run into a quote attributed after it: "
         "one mixed statement from the sentence start.",
         "'The country \"has made dramatic changes,\" McConnell said': PolNeAR train annotates 76 of 87 such "
         "sentences as one mixed quote from the sentence start. An opening closed by a comma or colon is an "
         "introduction, and an opening with its own cue is a statement of its own.",
         (Example("The country \"has made dramatic changes for the better,\" McConnell said in June 2012.",
                  "The country \"has made dramatic changes for the better,\"", "McConnell"),
          Example("This is “roughly the same advantage she has held all month,” reported Reuters.",
                  "This is “roughly the same advantage she has held all month,”", "Reuters"),
          Example("The mayor’s office \"is doing everything it can,\" he said.",
                  "The mayor’s office \"is doing everything it can,\"", "he"),
          Example("In a statement, \"we are ready,\" he said.", None, None, negative=True),
          Example("He added that the plan \"is a disaster,\" Smith said.", None, None, negative=True),
          # the comma ends a list of the subject's verbs: 'denounced her record and' is no speaker
          Example("Trump called Clinton “terrible,” denounced her record and said she should not run.",
                  None, None, negative=True))),
    Rule("quote_then_attribution_sentence", "$Q . $S $V .",
         "A full-sentence quote whose attribution is the next, bare sentence.",
         "Some outlets close the quote with a period and attribute in a sentence of its own.",
         (Example("“We will not stop.” Smith said.", "We will not stop.", "Smith"),
          Example("“Who would have believed it?” Trump said, looking out at the crowd.", "Who would have believed it?", "Trump"))),
    Rule("speaker_verb_quote", "$S , $T , $V [,:] $Q", "Speaker and cue introduce the quote.",
         "The seed article's shape ('Paul Chan Mo-po, Financial Secretary, Hong Kong SAR, remarked, “...”').",
         (Example("Paul Chan Mo-po, Financial Secretary, Hong Kong SAR, remarked, “The action plan works.”",
                  "The action plan works.", "Paul Chan Mo-po"),
          Example("Trump told reporters on Monday: “I will win.”", "I will win.", "Trump"),
          Example("He said: \"This is over.\"", "This is over.", "He"),
          # "as $S put it" borrows the speaker's words
          Example("Or, as Tom Ridge, a former secretary of homeland security, put it: “The barbarians are inside.”",
                  "The barbarians are inside.", "Tom Ridge"),
          Example("Trump has promised to put it into play with “his appeal to workers.”", None, None, negative=True))),
    Rule("subject_into_quote", "$S $V $N $Q", "A name or pronoun between the cue and its quote runs into it: one "
         "mixed statement from the name.",
         "'King says Ali “talked the talk”', 'Jeb Bush called Trump “unhinged”': the name is the reported clause's "
         "subject or what the speaker calls someone (PolNeAR train: 25 of our 32 such quotes match a gold mixed "
         "quote, 1 a direct one; mixed F1 0.705 -> 0.714). After told/asked/warned the name is whom it was said "
         "to, and a weekday is when.",
         (Example("King says Ali “talked the talk and walked the walk.”",
                  "Ali “talked the talk and walked the walk.”", "King"),
          Example("Trump went after Bush, calling him “a total stiff.”", "him “a total stiff.”", "Trump"),
          Example("Smith told Wikinews “we are ready.”", None, None, negative=True),
          Example("He said Monday “we are ready.”", None, None, negative=True))),
    Rule("name_label_quote", "$S : $Q", "A full name and a colon right before a quote label it.",
         "Roundups and hearing excerpts label quotes this way ('Rep. Trey Gowdy (R-S.C.): \"...\"', '... - Philip "
         "Bump: “...”', headlines 'John Bolton: ‘...’'): PolNeAR train has 23 gold direct quotes after such a colon "
         "of 47. The name must be all the sentence holds before the colon (or all after a dash): a person of two to "
         "four name words, no place, at most three words in a title-case headline, and it must read as a person - "
         "with a title, after a dash, in the first paragraph, or with the surname named elsewhere ('Key West:' is "
         "no label).",
         (Example("It is her calculation.  Rep. Trey Gowdy (R-S.C.): \"I have not heard that figure.\"",
                  "I have not heard that figure.", "Rep. Trey Gowdy"),
          Example("The message was clear: “We are coming.”", None, None, negative=True),
          Example("Update: “We are coming.”", None, None, negative=True))),
    Rule("colon_introduces_quote", "$S $V : ⏎ $Q", "A paragraph ending in speaker, cue and colon introduces "
         "the quote opening the next paragraph.",
         "Long block quotes are set off this way ('He said: ⏎⏎ \"We have a situation ...\"'); 25 of 29 such "
         "colons in PolNeAR train introduce a gold quote. The cue must be a speech verb within three words "
         "of the colon ('... refusing to call the attack terrorism:' is no introduction).",
         (Example("The New York Times reports:\n\n\"Just 24 percent of the contributors gave $200 or less.\"",
                  "Just 24 percent of the contributors gave $200 or less.", "The New York Times"),
          # "the following statement:" introduces whatever the verb
          Example("In response, nominee Donald Trump issued the following statement:\n\n“Our prayers are with them.”",
                  "Our prayers are with them.", "nominee Donald Trump"),
          Example("The White House was refusing to call the attack terrorism:\n\n\"It is not over.\"",
                  negative=True))),
    Rule("according_to_quote", "according to $S , $Q", "'according to' introduces a quote.",
         "Wire copy often opens a quote with 'According to X,'.",
         (Example("According to the ministry, “the plan is on schedule.”", "the plan is on schedule.", "the ministry"),)),
    Rule("quote_split", "$Q , $S $V , $Q", "The second piece of an interrupted quote.",
         "Interrupted quotes are one statement in two pieces (PolNeAR: 2,479 two-part direct quotes).",
         (Example("“We are ready,” she said. “The team has worked for months.”",
                  "The team has worked for months.", "she"),
          Example("“We are ready,” she said, “and we will win.”", "and we will win.", "she"))),
    Rule("quote_continues_speaker", "$S $V : ¶ $Q",
         "A quote opening a paragraph, with no cue of its own, continues the previous speaker.",
         "News convention: consecutive quote paragraphs by one speaker are attributed once.",
         (Example("“The plan is ready,” Hui said.\n\n“It will help everyone.”", "It will help everyone.", None),
          # a short line in single marks on its own is a section head (NYT style), not more of the quote
          Example("“The plan is ready,” Hui said.\n\n‘A healthy environment.’\n\nThe plant opened in 1970.",
                  None, None, negative=True))),
    Rule("interview_label", "NAME : text", "Interview and transcript turns labelled with the speaker.",
         "Q&A interviews and transcripts ('THE PRESIDENT:', '((WN))') quote speakers without marks; "
         "a label must open at least two paragraphs, so one-off 'Source:' lines are not speakers. A transcript "
         "quoted paragraph by paragraph ('\"PENCE: ...') keeps its marks out of the turns, and stage "
         "directions ('(CROSSTALK)') are nobody's words.",
         (Example("MAYOR SMITH: We will rebuild the bridge this year.\n\nREPORTER: When?\n\n"
                  "MAYOR SMITH: Before the winter comes back again.",
                  "We will rebuild the bridge this year.", "MAYOR SMITH"),
          Example("Source: CoinMarketCap\n\nSource: https://example.com/a", None, None, negative=True))),
    Rule("headline_label", "¶0 $S : $C", "A headline 'Speaker: claim', credited to the speaker.",
         "Political news headlines credit a claim this way ('Lynch: No outside influence on FBI probe'); "
         "PolNeAR train marks 70 of 112 such first lines. Kickers ('The Latest:', 'BREAKING:') are not "
         "speakers: the label must be a source noun or a name the article uses.",
         (Example("Poll: Clinton and Trump in dead heat\n\nA new poll shows a tie.",
                  "Clinton and Trump in dead heat", "Poll"),
          Example("The Latest: Cruz wins the caucus\n\nTed Cruz won.", None, None, negative=True))),
    Rule("interview_turn_continues", "NAME : text ¶ text", "An unlabelled paragraph inside an interview turn.",
         "Long answers run over several paragraphs; only the first carries the speaker's label.",
         (Example("((WN)) Why did you run?\n\n((Jane Doe)) Because someone had to do it.\n\n"
                  "It was a hard year for all of us.\n\n((WN)) What comes next for the party?",
                  "It was a hard year for all of us.", "Jane Doe"),)),
    Rule("blockquote", "… $S $V : ¶ <blockquote>", "An HTML block quote, credited to the speaker introducing it.",
         "Block quotes hold quoted words without marks; the paragraph before names who wrote them.",
         (Example("<html><body><article><p>The minister wrote in her post on Monday evening:</p><blockquote><p>We "
                  "will rebuild every school that was lost in the flood this year.</p></blockquote></article></body></html>",
                  "We will rebuild every school that was lost in the flood this year.", "The minister"),)),
    Rule("quote_dash_speaker", "$Q — NAME", "A quote followed by a dash and the name of who said it.",
         "Reader comments, epigraphs and fact-check roundups credit quotes this way ('“...” ― Jane Doe').",
         (Example("“You are not a leader, you are a dictator.” ― Christina Olidem", "You are not a leader, you are a dictator.",
                  "Christina Olidem"),
          Example("\"I went to Wall Street before the crash and warned everyone.\"\n\n- Clinton.",
                  "I went to Wall Street before the crash and warned everyone.", "Clinton"))),
    # --- reported (indirect and mixed) statements ---------------------------------------------
    Rule("speaker_verb_clause", "$S $V (that) $C", "A speaker and cue followed by the reported clause.",
         "The dominant indirect shape: PolNeAR train has 11,727 indirect attributions with the speaker first.",
         (Example("Liu Bin advocates reinforcing the global application of the digital renminbi.",
                  "reinforcing the global application of the digital renminbi", "Liu Bin"),
          Example("The Chinese government said it would never accept the decision.",
                  "it would never accept the decision", "The Chinese government"),
          Example("Barr told the Associated Press that no evidence of fraud had been found.",
                  "that no evidence of fraud had been found", "Barr"),
          Example("Clubs have had to adapt to what she said is growing demand for fitness facilities.",
                  "is growing demand for fitness facilities", "she"),
          # a participle aside between the speaker and the cue reports nothing of its own
          Example("The Daily Telegraph, citing local paramilitary groups, reported that the attack was planned.",
                  "that the attack was planned", "The Daily Telegraph"),
          # a "that" after the clause's own subject or after "and" is inside the clause, not its start
          Example("Clinton said she appreciated the apology and that she wanted to move forward.",
                  "she appreciated the apology and that she wanted to move forward", "Clinton"),
          # a belief verb after "but $S" goes on with the reported clause; it is no new statement
          Example("Clinton said she hopes to win, but she knows that the race is close.",
                  "she hopes to win, but she knows that the race is close", "Clinton"),
          Example("The so-called plan was reported widely in the press last year.", None, None, negative=True))),
    Rule("participle_clause", "$S ... , $V-ing (that) $C",
         "A participle cue after a comma reports a clause of the sentence's subject.",
         "'Rubio defended himself, arguing that ...' and '“...,” he said, adding that ...' are frequent in PolNeAR.",
         (Example("Marco Rubio defended himself on Saturday, arguing that dropping the plan was an act of leadership.",
                  "that dropping the plan was an act of leadership", "Marco Rubio"),)),
    Rule("clause_split_by_speaker", "$C1 , $S $V , $C2",
         "An attribution that interrupts the reported sentence: both pieces are one statement.",
         "PolNeAR train has 3,226 two-piece indirect attributions, mostly '[The golf industry], she said, [is doing better]'.",
         (Example("The golf industry, she said, is doing much better than it did last year.",
                  "is doing much better than it did last year", "she"),)),
    Rule("coordinated_verb_clause", "$S $V1 ... (and|but) $V $C",
         "A cue coordinated with an earlier verb reports a clause of the sentence's subject.",
         "'Carson admitted the name was wrong, but said ...' has its speaker far from the cue.",
         (Example("Carson admitted that the course name was wrong, but said his campaign would release the article.",
                  "his campaign would release the article", "Carson"),)),
    Rule("purpose_infinitive", "$S <verb phrase> to $V $C",
         "A speech verb in an infinitive of purpose reports what the sentence's subject, a person, said.",
         "'Ben Carson went on ABC's This Week to explain [his staff shake-up]': PolNeAR credits the sentence's "
         "subject (train: 50 of 92 such spans annotated, 39 with the right speaker; other verbs, 38 of 133, are "
         "left out, and so are subjects that are not a person: 'The bill would allow farmers to criticize ...').",
         (Example("Retired neurosurgeon Ben Carson went on ABC's This Week to explain his recent staff shake-up.",
                  "his recent staff shake-up", "Retired neurosurgeon Ben Carson"),
          Example("Recently, Tom Emanuel stood at a Bush event here to say he was leaning toward Mr. Trump.",
                  "he was leaning toward Mr. Trump", "Tom Emanuel"),
          Example("The bill would allow farmers to criticize the agency.", None, None, negative=True),
          Example("Volunteers work together to write articles. Most volunteers check facts.", None, None,
                  negative=True))),
    Rule("speaker_inside_clause", "... $S $V $C / ... $S $V , $Q", "A name or pronoun right before a speech verb, inside a clause.",
         "A speaker need not open the clause: 'the third time AROS said ...', 'In a Bloomberg interview Trump "
         "declared ...' (PolNeAR train: 103 of 197 such spans are annotated; infinitives after them, 8 of 37, "
         "are left out).",
         (Example("It was the third time Acme Corp said it had set up such an event.",
                  "it had set up such an event", "Acme Corp"),
          Example("In a television interview Smith declared the program a failure.",
                  "the program a failure", "Smith"),
          Example("During the speech Smith claimed, \"The plan is not a solution to the crisis.\"",
                  "The plan is not a solution to the crisis.", "Smith"),
          Example("On Friday Acme Corp announced the company was under investigation.",
                  "the company was under investigation", "Acme Corp"),
          Example("He was the man who has repeatedly pledged to ban all imports.", None, None, negative=True),
          Example("Here is what we propose: lower taxes for every family.", None, None, negative=True))),
    Rule("relative_pronoun_piece", "..., which $S $V $C", "A relative pronoun before a cue's speaker is a piece of the statement.",
         "The object a speaker reports on sits before them: 'a wall, [which] he said [Mexico should pay for]' "
         "(PolNeAR train: 167 'which'/'what' pieces; after a preposition, 'in which he said', it is where, not what).",
         (Example("Trump promised a wall, which he said Mexico should pay for.", "which", "he"),
          Example("He gave an interview in which he said taxes would rise.", None, None, negative=True))),
    Rule("fronted_piece", "$C1 , $S $V , $Q|$C2", "The opening of a sentence before an interrupting attribution is a piece of the statement.",
         "'[Greensboro], Sexton said, [made him question ...]' and '[In cases of abortion], it said, “...”' keep the "
         "fronted words with the statement (PolNeAR train: 28 of 35 such records right); an opening that frames the "
         "saying ('Asked ...', 'Minutes later', 'In a statement Thursday', 'But') is not one, a condition ('If ...') is.",
         (Example("Greensboro, Sexton said, made him question who is stealing the show.", "Greensboro", "Sexton"),
          Example("In cases of abortion, it said, “the woman is a victim.”", "In cases of abortion", "it"),
          Example("Asked about the vote, Ryan said, “Sure, I get that.”", None, None, negative=True),
          Example("Minutes later, she wrote, “I need you tomorrow.”", None, None, negative=True))),
    Rule("document_saying", "$S <issued> a statement|letter|tweet saying $C", "A document issued by the sentence's subject reports a clause.",
         "'X released a statement saying ...' is how news reports written statements; the participle has no "
         "subject of its own (PolNeAR train: 14 of 16 such records right).",
         (Example("The White House issued a statement saying that the president would veto the bill.",
                  "that the president would veto the bill", "The White House"),
          Example("The countries claiming parts of the sea met on Monday.", None, None, negative=True))),
    Rule("verb_that_clause", "$S <any verb> that $C", "A verb outside the lexicons that takes a that-clause.",
         "A that-clause after a finite verb is a reported proposition whatever the verb ('X conceded that ...'); "
         "this catches the long tail of cue verbs (PolNeAR train has 3,864 distinct cue strings).",
         (Example("The senator later intimated that the vote would be delayed until spring.",
                  "that the vote would be delayed until spring", "The senator"),)),
    Rule("clause_speaker_verb", "$C , $S $V", "A reported clause followed by its speaker and cue.",
         "Second most common indirect shape (2,662 in PolNeAR train).",
         (Example("The campaign decided to change course, a source said.",
                  "The campaign decided to change course", "a source"),
          # the writer's aside after the attribution is not the second half of a split statement
          Example("The economy is weak, the minister said on Monday, as officials gathered in the capital.",
                  "The economy is weak", "the minister"),
          # a fronted adverbial is not a statement
          Example("On Thursday, the governor wrote, warning that rates would rise.", "On Thursday", None,
                  negative=True))),
    Rule("clause_verb_speaker", "$C , $V $S", "A reported clause followed by an inverted cue and speaker.",
         "Inversion also happens after reported clauses ('..., said the ministry').",
         (Example("The talks will resume next week, said the foreign ministry.",
                  "The talks will resume next week", "the foreign ministry"),
          Example("The plant is under pressure from imports, said the company's chief executive, John J. Ferriola.",
                  "The plant is under pressure from imports", "John J. Ferriola"),
          Example("Defending that terrain is within his wheelhouse, said Democrats who point to his record.",
                  "Defending that terrain is within his wheelhouse", "Democrats"))),
    Rule("according_to_clause", "according to $S , $C | $C , according to $S | $C1 , according to $S , $C2",
         "A clause credited with 'according to'; an interrupting 'according to' credits both pieces.",
         "'according to' is the fourth most frequent cue in PolNeAR train (429). Interrupting it, PolNeAR "
         "marks the clause after it as a piece too ('At the heart of the trouble, according to Ross, [was "
         "a decision ...]'; 19 of 25 such second pieces on train are right), unless what follows the "
         "source is its relative clause or appositive; a connective or subordinate opening before it "
         "('In addition,', 'While ...,') frames the statement and is no piece.",
         (Example("According to the police, three people were injured in the attack.",
                  "three people were injured in the attack", "the police"),
          Example("Three people were injured in the attack, according to police.",
                  "Three people were injured in the attack", "police"),
          Example("The plan, according to two officials, would cost billions of dollars.",
                  "would cost billions of dollars", "two officials"),
          Example("In addition, according to the department, nine million workers will be protected.",
                  "nine million workers will be protected", "the department"))),
    Rule("survey_finding", "In a/the <...> poll|survey|study , $C",
         "The finding of a survey named at the opening of its sentence, with no cue verb.",
         "Political news reports polls this way ('In the latest Washington Post-ABC News poll, [Clinton "
         "led Trump 47 percent to 39 percent]'); PolNeAR train annotates 10 of the 16 such sentences "
         "that hold no other attribution. A participle after the comma describes the survey instead.",
         (Example("In the latest Quinnipiac poll, the senator leads his rival by nine points.",
                  "the senator leads his rival by nine points", "the latest Quinnipiac poll"),
          Example("In the new poll, conducted last week, the senator leads his rival by nine points.",
                  None, None, negative=True),
          Example("In the latest polls, he doesn't.", None, None, negative=True))),
    Rule("passive_by_speaker", "$C was $V by $S", "A subject reported, echoed or rejected by an agent.",
         "The passive puts what was said first: '[The registration issue] was first reported by The "
         "Washington Post' (PolNeAR train: 59 spans before 'is/was/has been ... by').",
         (Example("His views were echoed by a number of tax experts.", "His views", "a number of tax experts"),
          Example("The bridge was built by the army in 1950.", None, None, negative=True))),
    Rule("asked_question", "Asked about $C , $S $V", "The question a sentence opens with, asked by someone unnamed.",
         "'Asked about X, Christie said ...' / 'When asked whether ..., he said ...' / '..., he said when asked "
         "[whether ...]' report the question as well as the answer (PolNeAR train: 41 of 57 such openings annotated, "
         "to the comma; the closing form adds about 10 right spans).",
         (Example("Asked about his previous criticisms of Trump, Christie said that was natural.",
                  "his previous criticisms of Trump", None),
          # the question may close the sentence, after the answer ("..., he said when asked [...]")
          Example("“We’ll see,” Sanders said when asked whether he would campaign for other candidates.",
                  "whether he would campaign for other candidates", None),
          # a passive "was asked" puts the question too; when and where it was put are no part of it
          Example("At a town hall she was asked about securing the border during the debate on Thursday.",
                  "securing the border", None),
          Example("He asked for extensions, made partial payments and moved on.", None, None, negative=True))),
    Rule("unattributed_expectation", "$C1 is expected / seems / appears / is seen as $C2", "An expectation or "
         "impression whose holders go unnamed: the subject and the infinitive or complement, with no speaker.",
         "'X is expected to Y', 'X seemed to Y' and 'X is seen as Y' report a view without its source; PolNeAR marks "
         "both pieces (train: 'is expected to' 70 of 80 annotated, 'seemed to' 42 of 54, 'appeared to' 32 of 53; "
         "passive see/view/regard as and considered: 50 of 101 of our pieces right). The complement ends at the "
         "first clause comma ('[to come before the deadline], but Republicans ...'): PolNeAR dev +0.0012 all-kinds F1.",
         (Example("Trump is expected to deliver a victory speech later tonight.",
                  "to deliver a victory speech later tonight", None),
          Example("The kingdom is viewed as a bulwark against Iran.", "The kingdom", None),
          Example("The walk-off is considered one of the largest in company history.",
                  "one of the largest in company history", None),
          Example("A vote is expected to come before the deadline, but Republicans held out.",
                  "to come before the deadline", None),
          Example("Santilli is seen speaking during a march.", None, None, negative=True),
          Example("He expected me to read my prepared statement.", None, None, negative=True))),
    # --- citations (the `quote` of an example is the cited name) -----------------------------
    Rule("cite_according_to", "according to $S / as per $S / per $S", "The source credited with 'according to' or 'as per'.",
         "The seed cites CoinMarketCap with 'As per'; 'according to' is the most frequent sourcing phrase. A named "
         "source is cited even when the clause went to another speaker ('Pelosi called ...') or 'per' credits it.",
         (Example("As per CoinMarketCap, Bitcoin is priced at $106,536.", "CoinMarketCap"),
          Example("According to these videos and NPR, the police then surrounded the attacker.", "NPR"),
          Example("According to a statement released by Erdogan's office, the aim is security.", "Erdogan's office"),
          Example("In the analysis of the German Institute for Economic Research, the costs are too high.",
                  "German Institute for Economic Research"),
          Example("\"Stock up,\" said Russell Zimmerman per ABC News.", "ABC News"),
          Example("Masks are required per WHO guidelines.", negative=True),
          Example("The number of cases per U.S. state rose.", negative=True),
          Example("According to a report, the plan failed.", negative=True))),
    Rule("cite_reported", "$S reported (that) $C / reported by $S / $OUTLET said",
         "Whoever reports a statement, and a news outlet quoted with any cue.",
         "'The New York Post reports that ...' credits a publication; so do 'reported by The Guardian' and "
         "'Greek daily Kathimerini said' (project gold: Wikinews articles cite outlets these ways).",
         (Example("The Jakarta Post reported that the search would end on Friday.", "Jakarta Post"),
          Example("The badge was used by the assailant, reported by The Guardian as a convict, to gain entry.", "Guardian"),
          Example("Greek daily Kathimerini said Greece and Cyprus had to speed up.", "Kathimerini"),
          Example("Broadcaster Piers Morgan said the man was a hero.", negative=True))),
    Rule("cite_told", "$S told $OUTLET / speaking to, spoke on, an interview with $OUTLET", "The outlet a speaker talked to.",
         "'told Reuters' makes the outlet the medium of the quote (citations.quote_id links them).",
         (Example("“We will continue searching,” the commander told The Jakarta Post.", "Jakarta Post"),
          Example("Speaking to NBC News, she said, “They did their best.”", "NBC News"),
          Example("Senator Lindsey Graham spoke on Fox News, “This is going to lead to a conflict.”", "Fox News"),
          Example("In an interview with the Associated Press, Barr said agents had worked diligently.", "Associated Press"),
          Example("Biden spoke with EU leaders on Monday about the plan.", negative=True))),
    Rule("cite_source_line", "Source: $X", "A 'Source:' line naming a publication or a URL.",
         "Saved pages end with 'Source: <url>' lines; captions end with 'Source: <name>' (seed article).",
         (Example("Bitcoin daily chart. Source: CoinMarketCap\n\nSource: https://example.com/a", "CoinMarketCap"),)),
    Rule("cite_link", "<a href=URL>anchor</a>", "A hyperlink in the article body.",
         "Links are how web articles cite; the anchor text and the URL are kept.",
         (Example("<html><body><article><p>The figures come from <a href=\"https://example.org/report\">a report by the "
                  "central bank</a> published this week, which covers every region of the country in detail.</p>"
                  "</article></body></html>", "a report by the central bank"),)),
    # --- coreference and titles (lineage only: they change a record's speaker, not its span) ---
    Rule("coref_pronoun", "he / she / they / it -> earlier entity",
         "A pronoun mention resolved to the nearest earlier entity of a compatible kind.",
         "About 20% of PolNeAR speaker mentions are pronouns.", ()),
    Rule("coref_surname", "Hui -> Christopher Hui", "A partial name resolved to the full name met in the article.",
         "News style names a person in full once, then by surname.", ()),
    Rule("coref_title", "the secretary -> Christopher Hui", "A title-only mention resolved to the entity holding it.",
         "'the secretary said' refers back to a named office holder.", ()),
    Rule("title_propagated", "X , T , ... X said", "Titles met anywhere in the article attached to the speaker.",
         "An appositive usually comes with the first mention only.", ()),
    Rule("coref_interviewer", "((WN)) ... -> reporter William S. Saturn",
         "The label whose turns are questions stands for the one reporter the interview article names.",
         "Wikinews interviews label their questions '((WN))' and name the reporter once ('With accredited "
         "Wikinews reporter William S. Saturn, Kokesh details ...'); Q&A pieces elsewhere do the same with 'Q:'. "
         "The reporter must be named before the first turn and be none of the labelled speakers.", ()),
]

RULE_NAMES = [r.name for r in RULES]
BY_NAME = {r.name: r for r in RULES}
