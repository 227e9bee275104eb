//! `speaker:` and `quote:` in an article search: each part of the query
//! made only of them is run on the quote index, and becomes the ids of the
//! articles holding a matching quote. So `quote:(dam water)` and
//! `speaker:sharif quote:dam` match inside one quotation, while `pakistan
//! speaker:sharif` is an article about Pakistan quoting Sharif.
//!
//! What answers a quote part is a lookup ([`QuoteLookup`]): the local
//! quote index here, a cluster's quote tables in `cluster::quotes`; the
//! rewrite around it is this one.

use std::collections::BTreeSet;
use std::path::Path;

use tantivy::collector::DocSetCollector;
use tantivy::query::EmptyQuery;

use crate::query::{Expr, Languages, Leaf, QueryBuilder, Target};
use crate::request::SearchError;
use crate::schema::name;
use crate::store::AtlasIndex;

/// Whether `expr` has a `speaker:` or `quote:` part.
pub(crate) fn mentions_quotes(expr: &Expr) -> bool {
    match expr {
        Expr::All => false,
        Expr::Leaf(t, _) => matches!(t, Target::Speaker | Target::Quote),
        Expr::Not(e) => mentions_quotes(e),
        Expr::And(v) | Expr::Or(v) => v.iter().any(mentions_quotes),
    }
}

/// Made only of `speaker:` and `quote:` leaves: one quotation must match
/// all of it. An exclusion counts inside such an AND (`quote:(dam
/// -water)`); alone it stays the article's (`-speaker:sharif`: articles
/// not quoting him).
fn only_quotes(expr: &Expr) -> bool {
    match expr {
        Expr::All | Expr::Not(_) => false,
        Expr::Leaf(t, _) => matches!(t, Target::Speaker | Target::Quote),
        Expr::And(v) => {
            v.iter().any(only_quotes)
                && v.iter().all(|e| match e {
                    Expr::Not(inner) => only_quotes(inner),
                    other => only_quotes(other),
                })
        }
        Expr::Or(v) => v.iter().all(only_quotes),
    }
}

/// The articles holding a quotation that matches a part of the query
/// made only of `speaker:` and `quote:` leaves: what answers such a part
/// (the local quote index, a cluster's quote tables, answers recorded).
pub type QuoteLookup<'a> = dyn FnMut(&Expr) -> Result<BTreeSet<String>, SearchError> + 'a;

/// `expr` with its quote parts answered by the quote index at `quotes`.
/// Without a quote index they match nothing.
pub fn resolve(expr: Expr, quotes: Option<&Path>) -> Result<Expr, SearchError> {
    if !mentions_quotes(&expr) {
        return Ok(expr);
    }
    let index = match quotes.filter(|q| crate::store::has_index(q)) {
        Some(dir) => Some(AtlasIndex::open(dir)?),
        None => None,
    };
    resolve_with(expr, &mut |part| match &index {
        Some(index) => article_ids(index, part),
        None => Ok(BTreeSet::new()),
    })
}

/// `expr` with each quote part replaced by the articles `lookup` gives
/// for it (`speaker:`/`quote:` leaves as typed: `to_quote_fields` says
/// where they are in a quote document).
pub fn resolve_with(expr: Expr, lookup: &mut QuoteLookup) -> Result<Expr, SearchError> {
    if !mentions_quotes(&expr) {
        return Ok(expr);
    }
    rewrite(expr, lookup)
}

/// What a lookup answered, part by part: a cluster records its answers so
/// that atlas's own re-check of its candidates (`cluster::recheck`)
/// resolves the same parts to the same articles without asking again.
#[derive(Debug, Default, Clone)]
pub struct QuoteAnswers(Vec<(Expr, BTreeSet<String>)>);

impl QuoteAnswers {
    pub fn record(&mut self, part: &Expr, ids: &BTreeSet<String>) {
        if self.get(part).is_none() {
            self.0.push((part.clone(), ids.clone()));
        }
    }

    pub fn get(&self, part: &Expr) -> Option<&BTreeSet<String>> {
        self.0.iter().find(|(e, _)| e == part).map(|(_, ids)| ids)
    }

    /// A lookup answering from these answers; a part never answered is an
    /// error, never a silent "nobody said it".
    pub fn lookup(&self, part: &Expr) -> Result<BTreeSet<String>, SearchError> {
        self.get(part)
            .cloned()
            .ok_or_else(|| SearchError::Cluster(format!("no recorded quote answer for {part:?}")))
    }
}

fn rewrite(expr: Expr, lookup: &mut QuoteLookup) -> Result<Expr, SearchError> {
    if only_quotes(&expr) {
        return Ok(id_set(lookup(&expr)?));
    }
    Ok(match expr {
        Expr::Not(e) => Expr::Not(Box::new(rewrite(*e, lookup)?)),
        Expr::And(v) => Expr::And(
            v.into_iter()
                .map(|e| rewrite(e, lookup))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Or(v) => Expr::Or(
            v.into_iter()
                .map(|e| rewrite(e, lookup))
                .collect::<Result<_, _>>()?,
        ),
        other => other,
    })
}

/// Matches exactly these articles (none: an id no article has).
fn id_set(ids: BTreeSet<String>) -> Expr {
    let mut leaves: Vec<Expr> = ids
        .into_iter()
        .map(|id| Expr::Leaf(Target::Id, Leaf::Word(id)))
        .collect();
    match leaves.len() {
        0 => Expr::Leaf(Target::Id, Leaf::Word(String::new())),
        1 => leaves.swap_remove(0),
        _ => Expr::Or(leaves),
    }
}

/// In a quote document, the quoted words are its title (what
/// unfielded words search there) and the speaker its `authors`.
pub(crate) fn to_quote_fields(expr: &Expr) -> Expr {
    match expr {
        Expr::Leaf(Target::Quote, l) => Expr::Leaf(Target::Default, l.clone()),
        Expr::Leaf(Target::Speaker, l) => Expr::Leaf(Target::Authors, l.clone()),
        Expr::Not(e) => Expr::Not(Box::new(to_quote_fields(e))),
        Expr::And(v) => Expr::And(v.iter().map(to_quote_fields).collect()),
        Expr::Or(v) => Expr::Or(v.iter().map(to_quote_fields).collect()),
        other => other.clone(),
    }
}

/// The ids of the articles with a quote matching `expr`, in the quote
/// index `index` (or quote documents in memory: a cluster's re-check).
pub(crate) fn article_ids(
    index: &AtlasIndex,
    expr: &Expr,
) -> Result<BTreeSet<String>, SearchError> {
    let searcher = index.searcher()?;
    let fields = index.fields.searching(&[]);
    // Quote documents carry their article's language and its analysis.
    let langs = Languages::present(&searcher, fields.lang);
    let query = QueryBuilder::new(fields)
        .with_searcher(searcher.clone())
        .with_languages(&langs)
        .build(&to_quote_fields(expr))
        .unwrap_or_else(|| Box::new(EmptyQuery));
    let docs = searcher.search(&query, &DocSetCollector)?;
    let mut out = BTreeSet::new();
    let mut id = String::new();
    let readers = searcher.segment_readers();
    let columns: Vec<_> = readers
        .iter()
        .map(|r| r.fast_fields().str(name::ID))
        .collect::<Result<_, _>>()?;
    for addr in docs {
        let Some(col) = &columns[addr.segment_ord as usize] else {
            continue;
        };
        if let Some(o) = col.term_ords(addr.doc_id).next() {
            id.clear();
            col.ord_to_str(o, &mut id)
                .map_err(|e| SearchError::Tantivy(e.into()))?;
            out.insert(id.clone());
        }
    }
    Ok(out)
}
