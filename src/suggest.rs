//! Did you mean: when a search finds fewer than [`SUGGEST_BELOW`]
//! articles, each query word in fewer than [`RARE_BELOW`] articles is
//! checked against the index's own words within the fuzzy distance of its
//! length (`query::fuzzy`); a word in at least [`CORRECTION_FACTOR`] times
//! as many articles (and in one at least) corrects it, and the corrected
//! query is suggested when it finds more than the query as typed. A rare
//! word beside a common one (`Iran`/`Iraq`: both in many articles) is so
//! never "corrected". Filter values (`--author`, `--desk`, `--tag`) that
//! match nothing suggest the nearest names.
//!
//! Backend-neutral: the words come from a tantivy searcher (the local index,
//! or the mirror a cluster keeps beside its file) and every count from the
//! backend's own search, so a suggestion's `total_hits` is what running it
//! finds. The hits of the query as typed are never touched.

use std::collections::BTreeMap;

use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{self, analyze, exact_key};
use crate::query::fuzzy::{self, FUZZY_MAX_EXPANSIONS};
use crate::query::{Expr, Leaf, Target, parse_query};
use crate::request::{SearchError, SearchRequest, SearchResults, Suggestion};
use crate::schema::Fields;

/// Searches finding fewer articles than this get suggestions.
pub const SUGGEST_BELOW: usize = 3;
/// Query words in fewer articles than this are checked for corrections.
pub const RARE_BELOW: usize = 3;
/// A correction must be in this many times as many articles as the word.
pub const CORRECTION_FACTOR: usize = 20;
/// Suggestions shown at most (per query, and per filter value).
pub const MAX_SUGGESTIONS: usize = 3;
/// Nearest words (by articles) whose exact counts are asked for, per word.
const CANDIDATES: usize = 5;

/// Runs a request on the backend that answered the typed one (without
/// suggestions of its own).
pub type Run<'a> = dyn FnMut(&SearchRequest) -> Result<SearchResults, SearchError> + 'a;

/// The suggestions for `req`, which found `typed_total` articles.
/// `words`: the searcher and fields the words are looked up in.
pub fn suggest(
    req: &SearchRequest,
    typed_total: usize,
    words: (&Searcher, Fields),
    run: &mut Run,
) -> Result<Vec<Suggestion>, SearchError> {
    if typed_total >= SUGGEST_BELOW {
        return Ok(Vec::new());
    }
    let (searcher, fields) = words;
    let mut out = filter_names(req, searcher, fields, run)?;
    out.extend(corrected_queries(req, typed_total, searcher, fields, run)?);
    Ok(out)
}

/// A request for the count alone.
fn counting(req: SearchRequest) -> SearchRequest {
    SearchRequest {
        limit: 0,
        offset: 0,
        facets: false,
        histogram: None,
        collapse: false,
        ..req
    }
}

fn count(run: &mut Run, req: SearchRequest) -> Result<usize, SearchError> {
    Ok(run(&counting(req))?.total_hits)
}

// --- filter values ----------------------------------------------------------

fn filter_names(
    req: &SearchRequest,
    searcher: &Searcher,
    fields: Fields,
    run: &mut Run,
) -> Result<Vec<Suggestion>, SearchError> {
    let mut out = Vec::new();
    let kinds: [(&str, &Vec<String>, Field); 3] = [
        ("author", &req.authors, fields.author_exact),
        ("desk", &req.desks, fields.desk_exact),
        ("tag", &req.tags, fields.tag_exact),
    ];
    for (kind, values, field) in kinds {
        for (i, value) in values.iter().enumerate() {
            let alone = with_filter(&SearchRequest::default(), kind, vec![value.clone()]);
            if count(run, alone)? > 0 {
                continue;
            }
            let key = exact_key(value);
            let near = fuzzy::expand(
                searcher,
                field,
                &key,
                fuzzy::default_distance(&key),
                CANDIDATES,
            );
            let mut found = Vec::new();
            for candidate in near.iter().filter(|c| c.word != key) {
                let mut replaced = values.clone();
                replaced[i] = candidate.word.clone();
                let fixed = with_filter(req, kind, replaced);
                let results = run(&SearchRequest {
                    limit: 1,
                    offset: 0,
                    ..counting(fixed)
                })?;
                let Some(hit) = results.hits.first() else {
                    continue;
                };
                // The name as articles write it, not its folded key.
                let names: Vec<&String> = match kind {
                    "author" => hit.authors.iter().collect(),
                    "desk" => hit.desk.iter().collect(),
                    _ => hit.tags.iter().collect(),
                };
                let value = names
                    .into_iter()
                    .find(|n| exact_key(n) == candidate.word)
                    .cloned()
                    .unwrap_or_else(|| candidate.word.clone());
                found.push(Suggestion::Filter {
                    field: kind.to_string(),
                    value,
                    total_hits: results.total_hits,
                });
            }
            found.sort_by_key(|s| std::cmp::Reverse(s.total_hits()));
            out.extend(found.into_iter().take(MAX_SUGGESTIONS));
        }
    }
    Ok(out)
}

fn with_filter(req: &SearchRequest, kind: &str, values: Vec<String>) -> SearchRequest {
    let mut out = req.clone();
    match kind {
        "author" => out.authors = values,
        "desk" => out.desks = values,
        _ => out.tags = values,
    }
    out
}

// --- query words ------------------------------------------------------------

/// The words of the query that count (not excluded, not prefixes, fuzzy
/// words or dates), folded, with the field they are searched in.
fn query_words(expr: &Expr, unstemmed: &mut TextAnalyzer, out: &mut Vec<(Target, String)>) {
    match expr {
        Expr::All | Expr::Not(_) => {}
        Expr::And(children) | Expr::Or(children) => {
            for child in children {
                query_words(child, unstemmed, out);
            }
        }
        Expr::Leaf(
            target,
            Leaf::Word(text)
            | Leaf::Phrase {
                text,
                prefix: false,
                ..
            },
        ) if field_name(*target).is_some() => {
            for (_, word) in analyze(unstemmed, text) {
                if !out.contains(&(*target, word.clone())) {
                    out.push((*target, word));
                }
            }
        }
        Expr::Leaf(..) => {}
    }
}

/// How a word is written to search it in `target` alone.
fn field_name(target: Target) -> Option<&'static str> {
    Some(match target {
        Target::Default => "",
        Target::Title => "title:",
        Target::Body => "body:",
        Target::Authors => "author:",
        Target::Desk => "desk:",
        Target::Tags => "tag:",
        Target::Date | Target::Lang | Target::Speaker | Target::Quote | Target::Id => {
            return None;
        }
    })
}

fn words_fields(fields: Fields, target: Target) -> Vec<Field> {
    match target {
        Target::Title => vec![fields.title_words],
        Target::Body => vec![fields.body_words],
        Target::Authors => vec![fields.author_words],
        Target::Desk => vec![fields.desk_words],
        Target::Tags => vec![fields.tag_words],
        _ => vec![
            fields.title_words,
            fields.body_words,
            fields.author_words,
            fields.desk_words,
            fields.tag_words,
        ],
    }
}

/// The corrections of one rare word, the one in the most articles first.
fn corrections(
    target: Target,
    word: &str,
    searcher: &Searcher,
    fields: Fields,
    run: &mut Run,
) -> Result<Vec<String>, SearchError> {
    let prefix = field_name(target).unwrap_or_default();
    let alone = |w: &str| SearchRequest {
        query: format!("{prefix}{w}"),
        ..SearchRequest::default()
    };
    let typed = count(run, alone(word))?;
    if typed >= RARE_BELOW {
        return Ok(Vec::new());
    }
    // The nearest words by the articles they are in (in any field searched).
    let mut near: BTreeMap<String, u64> = BTreeMap::new();
    let distance = fuzzy::default_distance(word);
    for field in words_fields(fields, target) {
        for e in fuzzy::expand(searcher, field, word, distance, FUZZY_MAX_EXPANSIONS) {
            let n = near.entry(e.word).or_default();
            *n = (*n).max(e.articles);
        }
    }
    near.remove(word);
    let mut near: Vec<(String, u64)> = near.into_iter().collect();
    near.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let need = (typed * CORRECTION_FACTOR).max(1);
    let mut found = Vec::new();
    for (candidate, articles) in near.into_iter().take(CANDIDATES) {
        if (articles as usize) < need / 5 {
            // Even spread over five fields it could not reach `need`.
            continue;
        }
        let n = count(run, alone(&candidate))?;
        if n >= need {
            found.push((n, candidate));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(found.into_iter().map(|(_, w)| w).collect())
}

fn corrected_queries(
    req: &SearchRequest,
    typed_total: usize,
    searcher: &Searcher,
    fields: Fields,
    run: &mut Run,
) -> Result<Vec<Suggestion>, SearchError> {
    let Ok(expr) = parse_query(&req.query) else {
        return Ok(Vec::new());
    };
    let mut unstemmed = analysis::unstemmed_analyzer();
    let mut words = Vec::new();
    query_words(&expr, &mut unstemmed, &mut words);
    let mut fixes: Vec<(String, Vec<String>)> = Vec::new();
    for (target, word) in words {
        let found = corrections(target, &word, searcher, fields, run)?;
        if !found.is_empty() && !fixes.iter().any(|(w, _)| *w == word) {
            fixes.push((word, found));
        }
    }
    if fixes.is_empty() {
        return Ok(Vec::new());
    }
    // Every word at its best correction; then each other correction of one
    // word with the rest at their best.
    let best: Vec<(&str, &str)> = fixes
        .iter()
        .map(|(w, c)| (w.as_str(), c[0].as_str()))
        .collect();
    let mut queries = vec![rewrite(&req.query, &best, &mut unstemmed)];
    for (i, (_, found)) in fixes.iter().enumerate() {
        for other in found.iter().skip(1) {
            let mut choice = best.clone();
            choice[i].1 = other;
            queries.push(rewrite(&req.query, &choice, &mut unstemmed));
        }
    }
    let mut out: Vec<Suggestion> = Vec::new();
    for query in queries {
        if out
            .iter()
            .any(|s| matches!(s, Suggestion::Query { query: q, .. } if *q == query))
        {
            continue;
        }
        let total_hits = count(
            run,
            SearchRequest {
                query: query.clone(),
                ..req.clone()
            },
        )?;
        if total_hits > typed_total {
            out.push(Suggestion::Query { query, total_hits });
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.total_hits()));
    out.truncate(MAX_SUGGESTIONS);
    Ok(out)
}

/// The query as typed with each word (a run of letters and digits whose
/// folded form is a corrected word) replaced by its correction.
fn rewrite(query: &str, fixes: &[(&str, &str)], unstemmed: &mut TextAnalyzer) -> String {
    let mut out = String::with_capacity(query.len());
    let mut run = String::new();
    let mut flush = |run: &mut String, out: &mut String| {
        let folded = analyze(unstemmed, run);
        match folded.as_slice() {
            [(_, w)] => match fixes.iter().find(|(from, _)| from == w) {
                Some((_, to)) => out.push_str(to),
                None => out.push_str(run),
            },
            _ => out.push_str(run),
        }
        run.clear();
    };
    for c in query.chars() {
        if c.is_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

// --- how it is said -----------------------------------------------------------

/// `did you mean: gaddafi (1,204 articles)?`, every suggestion on one line
/// (text output, and stderr beside jsonl and csv); `None` when there is none.
pub fn line(suggestions: &[Suggestion]) -> Option<String> {
    if suggestions.is_empty() {
        return None;
    }
    let each: Vec<String> = suggestions
        .iter()
        .map(|s| {
            let n = s.total_hits();
            let noun = if n == 1 { "article" } else { "articles" };
            let what = match s {
                Suggestion::Query { query, .. } => query.clone(),
                Suggestion::Filter { field, value, .. } => format!("--{field} \"{value}\""),
            };
            format!("{what} ({} {noun})", thousands(n))
        })
        .collect();
    Some(format!("did you mean: {}?", each.join(" or ")))
}

/// `1204` → `1,204`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_keeps_the_query_around_the_words() {
        let mut a = analysis::unstemmed_analyzer();
        let fixes = [("gadafi", "gaddafi"), ("lybia", "libya")];
        assert_eq!(
            rewrite("Gadafi's (lybia OR -oil) author:x", &fixes, &mut a),
            "gaddafi's (libya OR -oil) author:x"
        );
        assert_eq!(
            rewrite("\"gadafi regime\"~2", &fixes, &mut a),
            "\"gaddafi regime\"~2"
        );
    }
}
