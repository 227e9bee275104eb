//! Input strategies for `tests/fuzz_props.rs`: "query soup" built from the
//! tokens the grammar cares about, and bodies in the archive's style.

use proptest::prelude::*;

/// Tokens the grammar treats specially, words with inner punctuation, and
/// the odd Unicode users paste.
pub const SOUP: &[&str] = &[
    "\"",
    "\"",
    "(",
    ")",
    "-",
    "+",
    "OR",
    "AND",
    "NOT",
    "||",
    "&&",
    "*",
    ":",
    "~",
    "~2",
    "~999999999999",
    "title:",
    "date:",
    "author:",
    "desk:",
    "tag:",
    "body:",
    "nope:",
    "TITLE:",
    "[",
    "]",
    "{",
    "}",
    " TO ",
    "2024",
    "2024-06",
    "2024-13-45",
    "June 24, 2024",
    "pakistan",
    "Pakistan's",
    "U.S.",
    "Azm-i-Istehkam",
    "glacier*",
    "g*",
    "resolve",
    "for",
    "stability",
    "Québec",
    "“",
    "”",
    "’",
    "\u{a0}",
    "\t",
    "\n",
    "\0",
    "\u{1b}[31m",
    "🦀",
    "👩‍👩‍👧",
    "שלום",
    "مرحبا",
    "\u{202e}",
    "\u{200b}",
    "a",
    "the",
    "*x",
    "x*y",
    "--",
    "++",
    "-\"",
    "\\",
    "/",
    "^2",
    "!",
    "?",
    "'",
];

pub fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(SOUP),
            prop::sample::select(&["", " ", " ", "  "][..]),
        ),
        0..max,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(t, sep)| format!("{t}{sep}"))
            .collect()
    })
}

pub fn any_query() -> impl Strategy<Value = String> {
    prop_oneof![soup(24), any::<String>(), "[ -~]{0,60}"]
}

/// The bodies of the real samples, as the parser reads them.
pub fn real_bodies() -> Vec<String> {
    let bodies: Vec<String> = super::walk(&super::fixtures().join("samples"))
        .into_iter()
        .filter(|(rel, _)| rel != "MANIFEST.json")
        .flat_map(|(rel, path)| {
            atlas_search::parse::parse(&rel, &std::fs::read(path).unwrap()).articles
        })
        .map(|item| item.article.body)
        .collect();
    assert!(bodies.len() >= 9, "samples missing: {}", bodies.len());
    bodies
}

/// A body in the archive's style: a real sample's body, words, punctuation,
/// odd whitespace.
pub fn body() -> impl Strategy<Value = String> {
    let words: &[&str] = &[
        "The",
        "glaciers",
        "of",
        "Québec",
        "are",
        "melting.",
        "Resolve",
        "for",
        "Stability",
        "Pakistan’s",
        "Azm-i-Istehkam––or",
        "U.S.",
        "desalination",
        "🦀",
        "שלום",
        "\u{a0}",
        "\u{200b}",
        "“kinetic",
        "operations”",
        "2024",
        "June",
        "22nd",
    ];
    prop_oneof![
        prop::sample::select(real_bodies()),
        any::<String>(),
        prop::collection::vec(
            (
                prop::sample::select(words),
                prop::sample::select(&[" ", "  ", "\n", "\n\n", "\u{a0}", "\t", ""][..]),
            ),
            0..400,
        )
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect()),
    ]
}
