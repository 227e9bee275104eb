//! A search as SphinxQL statements against the aggregator, and their rows
//! back as atlas's hits, facets and stats.
//!
//! The engine finds and counts; atlas makes the snippets (from the stored
//! body, with the local snippet code), maps name hashes back to names and,
//! when the translation was only a superset (`recheck`), runs its own query
//! over the candidates in a throw-away in-memory index, so that the answer
//! is the local answer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use mysql::prelude::Queryable;

use super::ClusterError;
use super::schema::{self, ARTICLE_COLUMNS, AUTHOR_HASHES, DESK_HASH, TAG_HASHES};
use super::tokens;
use super::translate::{Translation, Translator, lang_match};
use super::words::WordList;
use crate::article::{Article, DateSource};
use crate::facets::Facets;
use crate::query::{Expr, Highlight, Languages, parse_query};
use crate::quotes::QuoteAnswers;
use crate::request::{SearchError, SearchRequest, SearchResults, Sort, Stats, filters_of, to_hit};

/// A candidate set larger than this is not re-checked in memory.
pub(super) const MAX_RECHECK: usize = 100_000;
/// Groups a facet can return.
const MAX_GROUPS: usize = 100_000;

/// Rows of the first result set, plus the engine's warnings (a shard that
/// did not answer is a warning, not an error).
pub(super) fn rows(
    conn: &mut mysql::Conn,
    sql: &str,
) -> Result<(Vec<Vec<String>>, Vec<String>), ClusterError> {
    let mut out = Vec::new();
    let warnings;
    {
        let mut result = conn.query_iter(sql)?;
        for row in result.by_ref() {
            let row = row?;
            out.push(row.unwrap().into_iter().map(text).collect());
        }
        warnings = result.warnings();
    }
    let mut messages = Vec::new();
    if warnings > 0 {
        let shown: Vec<mysql::Row> = conn.query("SHOW WARNINGS")?;
        for row in shown {
            let cols: Vec<String> = row.unwrap().into_iter().map(text).collect();
            messages.extend(cols.last().cloned());
        }
    }
    Ok((out, messages))
}

fn text(v: mysql::Value) -> String {
    match v {
        mysql::Value::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
        mysql::Value::NULL => String::new(),
        other => other.as_sql(true).trim_matches('\'').to_string(),
    }
}

/// `SHOW META` as a map (`total_found`, …).
fn meta(conn: &mut mysql::Conn) -> Result<BTreeMap<String, String>, ClusterError> {
    let (rows, _) = rows(conn, "SHOW META")?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.first()?.clone(), r.get(1)?.clone())))
        .collect())
}

/// `total_found` of the last query, and its warning: a shard that did not
/// answer is reported there (`agent …: connect() failed`), not as an error.
pub(super) fn total(conn: &mut mysql::Conn) -> Result<(usize, Vec<String>), ClusterError> {
    let meta = meta(conn)?;
    let total = meta.get("total_found").and_then(|t| t.parse().ok());
    Ok((
        total.unwrap_or(0),
        meta.get("warning").cloned().into_iter().collect(),
    ))
}

fn unsupported(what: &str) -> SearchError {
    SearchError::Unsupported(format!(
        "{what} is not available on a cluster (search the local index for it)"
    ))
}

/// The request's WHERE conditions (its parsed text `expr` and the
/// filters), or `None` when it can match nothing; and the translation's
/// notes (whether the text was only a superset, the prefixes it expanded).
fn conditions<'w>(
    words: Option<&'w WordList>,
    expr: &Expr,
    req: &SearchRequest,
    langs: &Languages,
) -> Result<(Option<Vec<String>>, Translator<'w>), SearchError> {
    let filters = filters_of(req)?;
    let mut translator = Translator::new(words).with_languages(langs);
    let translation = translator
        .translate(expr)
        .map_err(|e| SearchError::Unsupported(e.to_string()))?;
    let mut conds = Vec::new();
    // `--lang` joins the text's MATCH (an engine query has one): a token
    // of `meta`, as `lang:` is.
    let langs = (!filters.langs.is_empty()).then(|| lang_match(&filters.lang_codes()));
    let text = match (translation, langs) {
        (Translation::Nothing, _) => return Ok((None, translator)),
        (Translation::Everything, langs) => langs,
        (Translation::Match(m), None) => Some(m),
        (Translation::Match(m), Some(langs)) => Some(format!("({m} {langs})")),
    };
    if let Some(m) = text {
        conds.push(format!("MATCH({})", super::row::quote(&m)));
    }
    for (attr, names) in [
        (DESK_HASH, &filters.desks),
        (AUTHOR_HASHES, &filters.authors),
        (TAG_HASHES, &filters.tags),
    ] {
        if !names.is_empty() {
            let h: Vec<String> = names
                .iter()
                .map(|n| tokens::name_hash(n).to_string())
                .collect();
            conds.push(format!("{attr} IN ({})", h.join(",")));
        }
    }
    if filters.since.is_some() || filters.until.is_some() {
        conds.push(format!("{} = 1", schema::DATED));
    }
    if let Some(s) = filters.since {
        let day = tokens::day_number(s.first_day());
        conds.push(format!("{} >= {day}", schema::DAY));
    }
    if let Some(u) = filters.until {
        let day = tokens::day_number(u.last_day());
        conds.push(format!("{} <= {day}", schema::DAY));
    }
    Ok((Some(conds), translator))
}

fn where_clause(conds: &[String]) -> String {
    match conds.is_empty() {
        true => String::new(),
        false => format!(" WHERE {}", conds.join(" AND ")),
    }
}

/// Sphinx's answer to a query tree deeper than its thread stack allows.
const TOO_COMPLEX: &str = "not enough stack";

/// A search on the aggregator's `index`; `words` and `quote_words` are
/// the push mirror's word lists (its articles' and its quotations').
pub fn search(
    conn: &mut mysql::Conn,
    index: &str,
    words: Option<&WordList>,
    quote_words: Option<&WordList>,
    req: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let mut expansions = Vec::new();
    let words = (words, quote_words);
    run_search(conn, index, words, req, &mut expansions).map_err(|e| match e {
        SearchError::Cluster(m) if m.contains(TOO_COMPLEX) => too_complex(&m, &expansions),
        e => e,
    })
}

/// A query the engine found too complex: exit 2, naming the prefix that
/// made it so (the largest expansion), with what would help.
fn too_complex(engine: &str, expansions: &[(String, usize)]) -> SearchError {
    let said = engine
        .split(": ")
        .find(|part| part.contains(TOO_COMPLEX))
        .unwrap_or(TOO_COMPLEX)
        .trim();
    let what = match expansions.iter().max_by_key(|(_, n)| *n) {
        Some((prefix, n)) if *n > 0 => format!("`{prefix}` expands to {n} words: "),
        _ => String::new(),
    };
    SearchError::Unsupported(format!(
        "{what}the query is too complex for the cluster's engine (it says: {said}); make the prefix longer or the query smaller, or raise `thread_stack` in every searchd config (`atlas cluster config` writes {})",
        super::config::THREAD_STACK
    ))
}

fn run_search(
    conn: &mut mysql::Conn,
    index: &str,
    (words, quote_words): (Option<&WordList>, Option<&WordList>),
    req: &SearchRequest,
    expansions: &mut Vec<(String, usize)>,
) -> Result<SearchResults, SearchError> {
    if req.histogram.is_some() {
        return Err(unsupported("--histogram"));
    }
    if req.collapse {
        return Err(unsupported("--collapse"));
    }
    let expr = parse_query(&req.query)?;
    // `[variants]` as the last push recorded them (none without a word list).
    let (expr, expanded) = match (req.exact, words) {
        (false, Some(w)) => crate::variants::expand(&expr, &w.variants),
        _ => (expr, Default::default()),
    };
    let scoreless = expr.is_scoreless();
    // The languages the pushed articles are in (the push mirror's), else all.
    let langs = words.map_or_else(Languages::every, WordList::languages);
    let langs = langs.restricted_to(&filters_of(req)?.lang_codes());
    let highlight = Highlight::from_expr_in(&expr, &langs);
    // Each part made only of `speaker:`/`quote:` becomes the articles the
    // quote tables give for it, as the local quote index does.
    let (mut answers, mut quote_warnings) = (QuoteAnswers::default(), Vec::new());
    let quotes = schema::quotes_table(index);
    let expr = crate::quotes::resolve_with(expr, &mut |part| {
        let (ids, warnings) = super::quotes::article_ids(conn, &quotes, quote_words, part)?;
        answers.record(part, &ids);
        quote_warnings.extend(warnings);
        Ok(ids)
    })?;
    let (conds, translator) = conditions(words, &expr, req, &langs)?;
    let recheck = translator.recheck;
    *expansions = translator.expansions;
    let mut results = SearchResults {
        query: req.query.clone(),
        total_hits: 0,
        hits: Vec::new(),
        facets: req.facets.then(Facets::default),
        histogram: None,
        partial: Some(false),
        expanded,
        suggestions: Vec::new(),
        warnings: Vec::new(),
    };
    note_warnings(&mut results, quote_warnings);
    let Some(conds) = conds else {
        return Ok(results);
    };
    let filter = where_clause(&conds);
    if recheck {
        let variants = words.map(|w| &w.variants);
        return super::recheck::recheck_search(
            conn, index, &filter, req, variants, &answers, results,
        );
    }
    let order = match req.sort.for_query(scoreless) {
        Sort::Relevance => "w DESC, day DESC",
        Sort::Newest => "day DESC, w DESC",
        Sort::Oldest => "dated DESC, day ASC, w DESC",
    };
    let want = req.offset + req.limit.max(1);
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS}, dated FROM {index}{filter} ORDER BY {order} LIMIT {}, {} \
         OPTION max_matches={}, ranker=bm25, field_weights=(title={})",
        req.offset,
        req.limit.max(1),
        want.max(1000),
        crate::query::TITLE_BOOST as u32,
    );
    let (page, warnings) = rows(conn, &sql)?;
    let (total, meta_warnings) = total(conn)?;
    results.total_hits = total;
    note_warnings(&mut results, warnings);
    note_warnings(&mut results, meta_warnings);
    let mut snippets = crate::snippet::Snippeter::new(&highlight);
    for (i, row) in page.iter().take(req.limit).enumerate() {
        let article = article_of(row);
        let score: f64 = row.get(1).and_then(|w| w.parse().ok()).unwrap_or(0.0);
        results
            .hits
            .push(to_hit(req.offset + i + 1, score, article, &mut snippets));
    }
    if req.facets {
        let (facets, warnings) = facets(conn, index, &filter)?;
        results.facets = Some(facets);
        note_warnings(&mut results, warnings);
    }
    Ok(results)
}

pub(super) fn note_warnings(results: &mut SearchResults, warnings: Vec<String>) {
    if !warnings.is_empty() {
        results.partial = Some(true);
    }
    for w in warnings {
        if !results.warnings.contains(&w) {
            results.warnings.push(w);
        }
    }
}

/// A row of `ARTICLE_COLUMNS` as the article it stores.
pub(super) fn article_of(row: &[String]) -> Article {
    let col = |i: usize| row.get(i).cloned().unwrap_or_default();
    let opt = |i: usize| Some(col(i)).filter(|s| !s.is_empty());
    let list = |i: usize| serde_json::from_str::<Vec<String>>(&col(i)).unwrap_or_default();
    Article {
        id: col(2),
        path: col(3),
        title: col(4),
        // The body's parts: `s_body`, then `s_body_2` … (`row::BODY_PARTS`).
        body: std::iter::once(5).chain(14..22).map(col).collect(),
        authors: list(6),
        desk: opt(7),
        tags: list(8),
        date_source: opt(9).and_then(|s| DateSource::parse(&s)),
        bio: opt(10),
        url: opt(11),
        date: col(13)
            .parse::<i32>()
            .ok()
            .filter(|d| *d > 0)
            .and_then(NaiveDate::from_num_days_from_ce_opt),
        // Saved searches (what needs it) are not served by a cluster.
        indexed_at: None,
        lang: opt(22),
        // Page starts and a mail's listed attachments are not pushed: cluster
        // hits name no page, and list no attachment.
        ..Article::default()
    }
}

/// Desk, year and author counts over every match; names come back from
/// the hashes through each group's own stored names.
fn facets(
    conn: &mut mysql::Conn,
    index: &str,
    filter: &str,
) -> Result<(Facets, Vec<String>), ClusterError> {
    let mut facets = Facets::default();
    let mut warnings = Vec::new();
    for (attr, names) in schema::FACETS {
        let sql = format!(
            "SELECT GROUPBY() AS g, {names}, COUNT(*) AS c FROM {index}{filter} GROUP BY {attr} \
             ORDER BY c DESC LIMIT 0, {MAX_GROUPS} OPTION max_matches={MAX_GROUPS}"
        );
        let (groups, w) = rows(conn, &sql)?;
        warnings.extend(w);
        for g in groups {
            let (Some(key), Some(name), Some(count)) = (g.first(), g.get(1), g.get(2)) else {
                continue;
            };
            let count: u64 = count.parse().unwrap_or(0);
            let key: u64 = key.parse().unwrap_or(0);
            if key == 0 || count == 0 {
                continue;
            }
            let (map, name) = match attr {
                DESK_HASH => (&mut facets.desk, Some(name.clone())),
                schema::LANG_HASH => (&mut facets.lang, Some(name.clone())),
                schema::YEAR => (&mut facets.year, Some(key.to_string())),
                _ => {
                    let list: Vec<String> = serde_json::from_str(name).unwrap_or_default();
                    let found = list.into_iter().find(|a| tokens::name_hash(a) == key);
                    (&mut facets.author, found)
                }
            };
            if let Some(name) = name {
                *map.entry(name).or_insert(0) += count;
            }
        }
    }
    Ok((facets, warnings))
}

pub fn article(
    conn: &mut mysql::Conn,
    index: &str,
    id: &str,
) -> Result<Option<Article>, SearchError> {
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM {index} WHERE id = {}",
        tokens::doc_id(id)
    );
    let (found, _) = rows(conn, &sql)?;
    Ok(found.iter().map(|r| article_of(r)).find(|a| a.id == id))
}

/// What the cluster holds; a shard that did not answer is a warning
/// (`partial`), as in a search.
pub fn stats(conn: &mut mysql::Conn, index: &str) -> Result<Stats, SearchError> {
    let mut warnings = Vec::new();
    let mut count = |conn: &mut mysql::Conn, filter: &str| -> Result<u64, ClusterError> {
        let (_, w) = rows(conn, &format!("SELECT id FROM {index}{filter} LIMIT 1"))?;
        let (n, meta_w) = total(conn)?;
        warnings.extend(w.into_iter().chain(meta_w));
        Ok(n as u64)
    };
    let articles = count(conn, "")?;
    let undated = count(conn, " WHERE dated = 0")?;
    let (facets, facet_warnings) = facets(conn, index, "")?;
    warnings.extend(facet_warnings);
    let mut date_at =
        |conn: &mut mysql::Conn, order: &str| -> Result<Option<String>, ClusterError> {
            let sql =
                format!("SELECT id, day FROM {index} WHERE dated = 1 ORDER BY day {order} LIMIT 1");
            let (r, w) = rows(conn, &sql)?;
            warnings.extend(w);
            Ok(r.first()
                .and_then(|r| r.get(1)?.parse::<i32>().ok())
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .map(|d| d.format("%Y-%m-%d").to_string()))
        };
    let first_date = date_at(conn, "ASC")?;
    let last_date = date_at(conn, "DESC")?;
    warnings.dedup();
    Ok(Stats {
        articles,
        undated,
        desks: facets.desk,
        authors: facets.author,
        years: facets.year,
        languages: facets.lang,
        first_date,
        last_date,
        index_bytes: 0,
        // Copy groups are computed by the local indexer only.
        copy_groups: None,
        articles_in_copy_groups: None,
        configs: Vec::new(),
        variants: None,
        partial: Some(!warnings.is_empty()),
        warnings,
    })
}

/// What one shard says its index takes (RAM chunk and disk).
pub fn index_bytes(conn: &mut mysql::Conn, index: &str) -> u64 {
    let Ok((status, _)) = rows(conn, &format!("SHOW INDEX {index} STATUS")) else {
        return 0;
    };
    status
        .iter()
        .filter(|r| {
            matches!(
                r.first().map(String::as_str),
                Some("ram_bytes" | "disk_bytes")
            )
        })
        .filter_map(|r| r.get(1)?.parse::<u64>().ok())
        .sum()
}
