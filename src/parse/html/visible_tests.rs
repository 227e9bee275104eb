//! Unit tests of `visible`: author-box headings and meta lines.

use super::*;

#[test]
fn an_author_box_heading_is_a_name_only_when_it_reads_as_one() {
    assert!(full_name("Katrin Oberle"));
    assert!(full_name("Jan de Vries"));
    assert!(!full_name("Rezept von"));
    assert!(!full_name("Über den Autor"));
    assert!(!full_name("Autorin"));
    assert!(!full_name("About The Author"));
}

#[test]
fn a_meta_line_gives_the_date_then_the_names() {
    let s = |v: &[&str]| Some(v.iter().map(|n| n.to_string()).collect::<Vec<_>>());
    let cases = [
        (
            "04.02.2022 | 13:10 Uhr | Uta Helkenberg",
            s(&["Uta Helkenberg"]),
        ),
        ("11.12.2019 - Amelie Loevenich", s(&["Amelie Loevenich"])),
        (
            "05.02.2020 - Redaktion: Eberhard Fuhr (Pressesprecher des EJW)",
            s(&["Eberhard Fuhr"]),
        ),
        (
            "3. Mai 2021 · Anna Becker und Jan de Vries",
            s(&["Anna Becker", "Jan de Vries"]),
        ),
        // A place, a label or a lone word after the date: no names.
        ("04.02.2022 | Bad Homburg vor der Höhe", None),
        ("04.02.2022 | Pressemitteilung", None),
        ("04.02.2022 | Tags: Weihnachtsmarkt", None),
        ("12.05.2022 | PAID CONTENT", None),
        ("04.02.2022 | Lesezeit 3 Minuten", None),
        ("Uta Helkenberg | 04.02.2022", None),
    ];
    for (text, want) in cases {
        assert_eq!(names_after_date(text), want, "{text}");
    }
}
