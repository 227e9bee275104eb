//! Unit tests of `header`.
use super::*;

#[test]
fn keys() {
    let cases = [
        ("Title", Some(Field::Title)),
        ("HEADLINE", Some(Field::Title)),
        ("PubDate", Some(Field::Date)),
        ("published_at", Some(Field::Date)),
        ("Category", Some(Field::Desk)),
        ("canonical", Some(Field::Url)),
        ("subtitle", None),
    ];
    for (key, want) in cases {
        assert_eq!(field_for_key(key), want, "{key}");
    }
}

#[test]
fn headers() {
    let (meta, rest) =
        key_value_header("Title: T\nAuthor: A B and C D\nDate: 2024\n\nBody").unwrap();
    assert_eq!(meta.title.as_deref(), Some("T"));
    assert_eq!(meta.authors, ["A B", "C D"]);
    assert_eq!(meta.date.as_deref(), Some("2024"));
    assert_eq!(rest, "Body");
    assert!(key_value_header("Breaking: markets fall\n\nBody").is_none());
    assert!(key_value_header("Title: T\nSubtitle: S\n\nBody").is_none());
    assert!(key_value_header("Content: x\n\nBody").is_none());
}

#[test]
fn front_matters() {
    let (meta, rest) = front_matter("---\ntitle: T\ndate: 2024-12-10\n---\nBody")
        .unwrap()
        .unwrap();
    assert_eq!(meta.title.as_deref(), Some("T"));
    assert_eq!(meta.date.as_deref(), Some("2024-12-10"));
    assert_eq!(rest, "Body");
    let (meta, _) = front_matter("+++\ntitle = \"T\"\ndate = 2024-12-10\n+++\nBody")
        .unwrap()
        .unwrap();
    assert_eq!(meta.date.as_deref(), Some("2024-12-10"));
    assert!(front_matter("no front matter").unwrap().is_none());
    let cases = [
        ("---\ntitle: T\n", 1),
        ("---\ntitle: [unclosed\n---\n", 3),
        ("+++\ntitle = \n+++\n", 2),
        ("---\n- a list\n---\n", 2),
    ];
    for (text, line) in cases {
        match front_matter(text) {
            Err(SkipReason::MalformedFrontMatter { line: l, .. }) => {
                assert_eq!(l, line, "{text}")
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}
