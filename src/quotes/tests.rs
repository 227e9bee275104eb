use super::{Quote, extract};

fn q(body: &str, lang: &str) -> Vec<(String, Option<String>)> {
    extract(body, lang)
        .into_iter()
        .map(|Quote { text, speaker, .. }| (text, speaker))
        .collect()
}

fn one(text: &str, speaker: Option<&str>) -> (String, Option<String>) {
    (text.to_string(), speaker.map(str::to_string))
}

#[test]
fn said_after_and_before_the_name_and_the_fullest_form() {
    let body = "Prime Minister Shehbaz Sharif spoke in Lahore.\n\n\
        \"We will not allow anyone to play with it,\" Sharif said.\n\n\
        \"Any reduction will be felt first,\" said Ahmed Kamal, a former chairman.";
    assert_eq!(
        q(body, "en"),
        vec![
            one(
                "We will not allow anyone to play with it,",
                Some("Shehbaz Sharif")
            ),
            one("Any reduction will be felt first,", Some("Ahmed Kamal")),
        ]
    );
}

#[test]
fn colon_according_to_and_a_role_without_a_name() {
    let body = "Ahmed Kamal said the two had never signed a treaty. He added: \"Without a treaty, every dam is a provocation.\"\n\n\
        \"There is no agreement at all,\" according to Shafqat Kakakhel, a diplomat.\n\n\
        \"We hope it can be resolved,\" a ministry spokesman said.";
    let got = q(body, "en");
    assert_eq!(got[0].1.as_deref(), Some("Ahmed Kamal"));
    assert_eq!(got[1].1.as_deref(), Some("Shafqat Kakakhel"));
    assert_eq!(got[2].1.as_deref(), Some("a ministry spokesman"));
}

#[test]
fn pronouns_and_continuations_are_the_last_named_person() {
    let body = "Rodrigo Mundaca, a campaigner, became governor. Mundaca was arrested several times.\n\n\
        “They used to call me a terrorist,” he said. “Now they call me governor.”";
    assert_eq!(
        q(body, "en"),
        vec![
            one("They used to call me a terrorist,", Some("Rodrigo Mundaca")),
            one("Now they call me governor.", Some("Rodrigo Mundaca")),
        ]
    );
}

#[test]
fn short_quotes_are_titles_or_scare_quotes() {
    let body = "The drought has been called a “megadrought”, a “very dry spell” by some.";
    assert!(q(body, "en").is_empty());
}

#[test]
fn single_marks_only_at_word_edges_never_apostrophes() {
    let body = "Councillor Janet O'Brien said the budget was 'cut to the bone'. \
        'We didn't choose this, and I won't pretend we did,' she said. It opened in the '90s and Jones' car is rock 'n' roll.";
    assert_eq!(
        q(body, "en"),
        vec![
            one("cut to the bone", Some("Janet O'Brien")),
            one(
                "We didn't choose this, and I won't pretend we did,",
                Some("Janet O'Brien")
            ),
        ]
    );
}

#[test]
fn a_quote_continued_into_the_next_paragraph_is_one_quote() {
    let body = "“We have cut the workers to five,” Tomás Hernández said. “Next year it may be three.\n\n\
        “For us it is already here.”\n\nHe paused.";
    let got = q(body, "en");
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1].0,
        "Next year it may be three. For us it is already here."
    );
    assert_eq!(got[1].1.as_deref(), Some("Tomás Hernández"));
}

#[test]
fn an_unbalanced_mark_never_swallows_more_than_its_paragraph() {
    let body = "\"I have never seen anything like it in twenty years, the auditor told the committee.\n\n\
        Delaney's report describes the books as chaotic and the mayor's office as slow to answer.";
    let got = extract(body, "en");
    assert_eq!(got.len(), 1);
    assert!(got[0].text.ends_with("told the committee."));
    assert!(!got[0].text.contains("Delaney"));
}

#[test]
fn german_french_and_spanish_marks_and_verbs() {
    let de = "„Wir haben der Bahn genug Zeit gegeben“, sagte GDL-Chef Claus Weselsky. \
        »Die Leute arbeiten nachts und am Wochenende«, sagte er.";
    assert_eq!(
        q(de, "de"),
        vec![
            one(
                "Wir haben der Bahn genug Zeit gegeben",
                Some("Claus Weselsky")
            ),
            one(
                "Die Leute arbeiten nachts und am Wochenende",
                Some("Claus Weselsky")
            ),
        ]
    );
    let fr = "«\u{a0}Nous ne voulons pas de violence\u{a0}», a déclaré Sophie Binet. « Le pays ne peut pas attendre », a-t-elle ajouté.";
    assert_eq!(
        q(fr, "fr"),
        vec![
            one("Nous ne voulons pas de violence", Some("Sophie Binet")),
            one("Le pays ne peut pas attendre", Some("Sophie Binet")),
        ]
    );
    let es = "«Estamos ante la peor sequía», dijo el presidente de la Generalitat, Pere Aragonès, en el Palau.";
    assert_eq!(
        q(es, "es"),
        vec![one("Estamos ante la peor sequía", Some("Pere Aragonès"))]
    );
}

#[test]
fn no_attribution_no_speaker_and_mail_quotes_are_not_quotes() {
    let body = "Staff were told to \"stay off social media until the results\" on the night.\n\n\
        > \"This was written in an earlier mail,\" she said.";
    assert_eq!(
        q(body, "en"),
        vec![one("stay off social media until the results", None)]
    );
}

#[test]
fn offsets_point_into_the_body() {
    let body = "Intro.\n\n“One two three four,” Ana Ruiz said.";
    let got = extract(body, "en");
    assert_eq!(&body[got[0].start..got[0].end], "One two three four,");
}

#[test]
fn an_apostrophe_before_a_digit_or_an_elision_opens_nothing() {
    // Without the rule, `'90s` opens and `students'` closes a five-word span.
    let body = "The school, which has trained teachers since the '90s, will close in March after the students' union failed to agree.\n\n\
        Fans of rock 'n' roll, of 'em all and the rest, were 'til then loyal to the club's owners.";
    assert_eq!(q(body, "en"), vec![]);
}

#[test]
fn a_plural_possessive_does_not_close_a_british_single_quote() {
    let body = "Campaigners marched on the council on Monday. \
        'The campaigners' case is strong and we will win it,' she said.";
    assert_eq!(
        q(body, "en"),
        vec![one(
            "The campaigners' case is strong and we will win it,",
            None
        )]
    );
}

#[test]
fn an_unclosed_mark_stops_at_its_line_when_no_blank_line_separates_paragraphs() {
    // JSON bodies keep one paragraph per line, single newlines between them.
    let body = "\"I have never seen anything like it in twenty years, the auditor told the committee.\n\
        Delaney's report describes the books as chaotic and the mayor's office as slow.\n\
        \"We will publish every invoice,\" Mayor Ann Delaney said.";
    let got = q(body, "en");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].0.ends_with("told the committee."));
    assert_eq!(
        got[1],
        one("We will publish every invoice,", Some("Ann Delaney"))
    );
}

#[test]
fn an_attribution_not_understood_is_no_speaker_not_the_last_named_person() {
    let body = "Mayor Ann Delaney opened the meeting on Monday.\n\n\
        \"We are reviewing every contract in the city,\" said a spokesman for the ministry.\n\n\
        \"We will appeal the ruling tomorrow,\" her lawyer, on the steps of the court, said.";
    let got = q(body, "en");
    assert_eq!(got.len(), 2, "{got:?}");
    for (_, speaker) in &got {
        assert_ne!(speaker.as_deref(), Some("Ann Delaney"), "{got:?}");
    }
    assert!(
        got[0].1.as_deref().is_none_or(|s| s.contains("spokesman")),
        "{got:?}"
    );
}

#[test]
fn stated_reiterated_and_quipped_are_speech_verbs() {
    // Each quote's paragraph names Tom Hart last: only the verb gives Delaney.
    let body = "Mayor Ann Delaney opened the meeting on Monday.\n\n\
        Tom Hart listened. \"The contracts will all be published online,\" Delaney stated.\n\n\
        Tom Hart frowned. \"Nobody here has anything to hide at all,\" Delaney reiterated.\n\n\
        Tom Hart laughed. \"I have read worse novels than these accounts,\" Delaney quipped.";
    let got = q(body, "en");
    assert_eq!(got.len(), 3, "{got:?}");
    for (_, speaker) in &got {
        assert_eq!(speaker.as_deref(), Some("Ann Delaney"), "{got:?}");
    }
}

#[test]
fn a_verb_with_no_subject_followed_by_a_new_clause_is_the_last_named_person() {
    let es = "Antes de despedirse, Alexia Putellas habla de su futuro. \
        «Me quedan unos cuantos años buenos y quiero ganarlo todo», añade, y se ríe.";
    assert_eq!(
        q(es, "es"),
        vec![one(
            "Me quedan unos cuantos años buenos y quiero ganarlo todo",
            Some("Alexia Putellas")
        )]
    );
}
