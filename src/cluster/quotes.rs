//! `speaker:` and `quote:` on a cluster. Each shard keeps its articles'
//! quotations in a second table (`schema::quotes_table`), one row per
//! quotation in an article row's shape: the local quote index's documents
//! (`quotes::quote_article`: the quoted words its title, the speaker its
//! authors) with the article's id token in `meta`, as every row has.
//!
//! Push writes them after their article (`rows_into`) and deletes them
//! with it (`delete_of`, by that token: also the rows of a push killed
//! midway). A search answers each quote part of its query here
//! (`article_ids`: a query on the aggregator's quote table, every page of
//! it), and the rewrite the local index uses (`quotes::resolve_with`)
//! puts the set of articles in its place.

use std::collections::BTreeSet;

use mysql::prelude::Queryable;

use super::ClusterError;
use super::engine::{MAX_RECHECK, article_of, rows};
use super::row::{quote, row_into};
use super::schema::ARTICLE_COLUMNS;
use super::tokens;
use super::translate::{MAX_PREFIX_EXPANSIONS, TranslateError, Translation, Translator};
use super::words::WordList;
use crate::article::Article;
use crate::query::{Expr, Languages, Target};
use crate::request::SearchError;

/// Rows read per statement (`max_matches` is set to it: the engine's
/// default, 1000, would cut a longer answer short).
const PAGE: usize = 5_000;
/// Articles whose quotations one statement looks up to delete.
const CHUNK: usize = 500;

/// The engine's document id of an article's `n`-th quotation.
fn quote_doc(id: &str, n: usize) -> u64 {
    tokens::doc_id(&format!("{id}\u{0}{n}"))
}

/// The rows of `article`'s quotations, appended to `out` (`, ` between
/// rows); `Err` says why one cannot be stored (nothing is written then).
pub(super) fn rows_into(out: &mut String, article: &Article, hash: &str) -> Result<(), String> {
    let start = out.len();
    for (n, q) in crate::quotes::of_article(article).iter().enumerate() {
        if out.len() > start {
            out.push_str(", ");
        }
        let doc = crate::quotes::quote_article(article, q);
        if let Err(reason) = row_into(out, quote_doc(&article.id, n), &doc, hash) {
            out.truncate(start);
            return Err(format!("a quotation in it cannot be stored: {reason}"));
        }
    }
    Ok(())
}

/// Deletes every quotation of these articles from one shard's quote table.
pub(super) fn delete_of(
    conn: &mut mysql::Conn,
    table: &str,
    ids: &[&str],
) -> Result<(), ClusterError> {
    for chunk in ids.chunks(CHUNK) {
        let toks: Vec<String> = chunk.iter().map(|id| tokens::id_token(id)).collect();
        let m = quote(&format!("(@meta ({}))", toks.join(" | ")));
        let mut after = 0u64;
        loop {
            let sql = format!(
                "SELECT id FROM {table} WHERE MATCH({m}) AND id > {after} ORDER BY id ASC \
                 LIMIT 0, {PAGE} OPTION max_matches={PAGE}"
            );
            let (found, _) = rows(conn, &sql)?;
            let docs: Vec<&str> = (found.iter())
                .filter_map(|r| r.first().map(String::as_str))
                .collect();
            if docs.is_empty() {
                break;
            }
            after = docs
                .iter()
                .filter_map(|d| d.parse().ok())
                .max()
                .unwrap_or(after);
            conn.query_drop(format!(
                "DELETE FROM {table} WHERE id IN ({})",
                docs.join(",")
            ))?;
            if found.len() < PAGE {
                break;
            }
        }
    }
    Ok(())
}

/// A quote part's leaves where a quote row holds them. Locally unfielded
/// words skip the quote index's name fields (it records none as held,
/// `quotes::index`), so `quote:` is the quoted words only: the title here
/// (the body is empty), never the speaker or the article's authors.
fn on_quote_rows(expr: &Expr) -> Expr {
    match expr {
        Expr::Leaf(Target::Default, l) => Expr::Leaf(Target::Title, l.clone()),
        Expr::Not(e) => Expr::Not(Box::new(on_quote_rows(e))),
        Expr::And(v) => Expr::And(v.iter().map(on_quote_rows).collect()),
        Expr::Or(v) => Expr::Or(v.iter().map(on_quote_rows).collect()),
        other => other.clone(),
    }
}

fn unsupported(e: TranslateError) -> SearchError {
    SearchError::Unsupported(e.to_string())
}

/// The articles with a quotation matching `part` (a part of the query
/// made only of `speaker:` and `quote:`), from the aggregator's quote
/// table `table`, whose prefixes expand over `words` (the push mirror's
/// quote index); and the engine's warnings (a shard that did not answer).
pub(super) fn article_ids(
    conn: &mut mysql::Conn,
    table: &str,
    words: Option<&WordList>,
    part: &Expr,
) -> Result<(BTreeSet<String>, Vec<String>), SearchError> {
    let langs = words.map_or_else(Languages::every, WordList::languages);
    let mut translator = Translator::new(words).with_languages(&langs);
    let expr = on_quote_rows(&crate::quotes::to_quote_fields(part));
    let text = match translator.translate(&expr).map_err(unsupported)? {
        Translation::Nothing => return Ok(Default::default()),
        Translation::Everything => String::new(),
        Translation::Match(m) => format!("MATCH({}) AND ", quote(&m)),
    };
    let columns = match translator.recheck {
        true => ARTICLE_COLUMNS,
        false => "id, WEIGHT() AS w, aid",
    };
    let (mut ids, mut candidates, mut warnings) = (BTreeSet::new(), Vec::new(), Vec::new());
    let mut after = 0u64;
    loop {
        let sql = format!(
            "SELECT {columns} FROM {table} WHERE {text}id > {after} ORDER BY id ASC \
             LIMIT 0, {PAGE} OPTION max_matches={PAGE}"
        );
        let (found, w) = rows(conn, &sql)?;
        warnings.extend(w);
        for row in &found {
            after = after.max(row[0].parse().unwrap_or(after));
            match translator.recheck {
                true => candidates.push((article_of(row), String::new())),
                false => {
                    ids.insert(row[2].clone());
                }
            }
        }
        if ids.len() > MAX_PREFIX_EXPANSIONS {
            return Err(unsupported(TranslateError::TooManyQuoted(ids.len())));
        }
        if candidates.len() > MAX_RECHECK {
            return Err(SearchError::Unsupported(format!(
                "`speaker:`/`quote:` here has more than {MAX_RECHECK} candidate quotations on the cluster, more than atlas re-checks (a phrase with slop, or a Chinese, Japanese or Korean word of three or more characters, is checked by atlas itself; add words inside `quote:(…)`)"
            )));
        }
        if found.len() < PAGE {
            break;
        }
    }
    if translator.recheck {
        // A superset: atlas's own quote search over the candidates decides.
        let index = super::recheck::in_memory(&candidates, None)?;
        ids = crate::quotes::article_ids(&index, part)?;
        if ids.len() > MAX_PREFIX_EXPANSIONS {
            return Err(unsupported(TranslateError::TooManyQuoted(ids.len())));
        }
    }
    Ok((ids, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;

    #[test]
    fn quoted_words_are_looked_up_in_the_title_and_speakers_in_authors() {
        let part = parse_query("quote:(dam -water) speaker:sharif").unwrap();
        let got = on_quote_rows(&crate::quotes::to_quote_fields(&part));
        let want = parse_query("title:(dam -water) author:sharif").unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn articles_a_quote_part_became_are_their_id_tokens() {
        use crate::query::Leaf;
        let id = |s: &str| Expr::Leaf(Target::Id, Leaf::Word(s.into()));
        let mut t = Translator::new(None);
        let not_quoting = Expr::Not(Box::new(Expr::Or(vec![id("a.txt"), id("b.txt")])));
        let want = format!(
            "((@meta {}) -(@meta ({} | {})))",
            tokens::MARKER,
            tokens::id_token("a.txt"),
            tokens::id_token("b.txt")
        );
        assert_eq!(t.translate(&not_quoting).unwrap(), Translation::Match(want));
        assert_eq!(t.ids, 2);
        // No article: an id none has.
        let none = t.translate(&id("")).unwrap();
        assert_eq!(
            none,
            Translation::Match(super::super::translate::NOTHING.into())
        );
        // Too many for one engine query: exit 2, saying so.
        let many = Expr::Or(
            (0..=MAX_PREFIX_EXPANSIONS)
                .map(|n| id(&n.to_string()))
                .collect(),
        );
        let err = Translator::new(None).translate(&many).unwrap_err();
        assert!(matches!(err, TranslateError::TooManyQuoted(_)), "{err}");
    }

    #[test]
    fn each_quotation_has_its_own_row_and_document_id() {
        let article = Article {
            id: "wire/dam.txt".into(),
            title: "Dam".into(),
            body: "\"We will build the dam this year,\" Sharif said.\n\n\
                   \"The water belongs to everyone here,\" said Maria Lopez.\n"
                .into(),
            ..Article::default()
        };
        let mut out = String::new();
        rows_into(&mut out, &article, "h").unwrap();
        let first = quote_doc("wire/dam.txt", 0).to_string();
        let second = quote_doc("wire/dam.txt", 1).to_string();
        assert!(out.starts_with(&format!("({first}, ")), "{out}");
        assert!(out.contains(&format!("), ({second}, ")), "{out}");
        assert_ne!(first, second);
        assert!(out.contains(&tokens::id_token("wire/dam.txt")));
        let mut none = String::new();
        let plain = Article {
            body: "No quotation here.".into(),
            ..article
        };
        rows_into(&mut none, &plain, "h").unwrap();
        assert!(none.is_empty());
    }
}
