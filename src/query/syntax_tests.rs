//! Unit tests of `syntax`.
use super::*;

fn ok(q: &str) -> Expr {
    parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn word(w: &str) -> Expr {
    Expr::Leaf(Target::Default, Leaf::Word(w.into()))
}

#[test]
fn grammar() {
    assert_eq!(ok(""), Expr::All);
    assert_eq!(ok("a b"), Expr::And(vec![word("a"), word("b")]));
    assert_eq!(ok("a AND b"), Expr::And(vec![word("a"), word("b")]));
    assert_eq!(
        ok("a b OR c"),
        Expr::Or(vec![Expr::And(vec![word("a"), word("b")]), word("c")])
    );
    assert_eq!(ok("-a"), Expr::Not(Box::new(word("a"))));
    assert_eq!(ok("NOT a"), Expr::Not(Box::new(word("a"))));
    assert_eq!(ok("Pakistan's"), word("Pakistan's"));
    assert_eq!(ok("Azm-i-Istehkam"), word("Azm-i-Istehkam"));
    assert_eq!(ok("U.S."), word("U.S."));
    assert_eq!(
        ok("desalin*"),
        Expr::Leaf(Target::Default, Leaf::Prefix("desalin".into()))
    );
    assert_eq!(
        ok("title:pakistan"),
        Expr::Leaf(Target::Title, Leaf::Word("pakistan".into()))
    );
    assert_eq!(
        ok("desk:\"central asia\"~2"),
        Expr::Leaf(
            Target::Desk,
            Leaf::Phrase {
                text: "central asia".into(),
                slop: 2,
                prefix: false
            }
        )
    );
    assert_eq!(
        ok("(a OR b) c"),
        Expr::And(vec![Expr::Or(vec![word("a"), word("b")]), word("c")])
    );
    assert_eq!(ok("*"), Expr::All);
    assert_eq!(ok("[sic]"), word("[sic]"));
    assert!(matches!(
        ok("date:2024-06"),
        Expr::Leaf(Target::Date, Leaf::DateRange(..))
    ));
    assert!(matches!(
        ok("date:[2023 TO 2024-06]"),
        Expr::Leaf(Target::Date, Leaf::DateRange(..))
    ));
}

#[test]
fn syntax_errors() {
    for (q, want) in [
        ("\"resolve for", QueryError::UnbalancedQuote),
        ("(a b", QueryError::UnbalancedParen),
        ("a b)", QueryError::UnbalancedParen),
        ("nope:x", QueryError::UnknownField("nope".into())),
        ("a OR", QueryError::DanglingOperator("OR".into())),
        ("date:2024-13-45", QueryError::BadDate("2024-13-45".into())),
    ] {
        assert_eq!(parse_query(q), Err(want), "{q}");
    }
    assert_eq!(parse_query(&"(".repeat(10_000)), Err(QueryError::TooDeep));
}
