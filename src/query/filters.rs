//! `--desk`, `--author`, `--tag`, `--since`, `--until`: exact-name and date
//! filters ANDed with the query text. They never change scores.

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::build::date_range;
use crate::parse::date::PartialDate;
use crate::schema::{self, Fields};

#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub desks: Vec<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// `--lang`: language codes as typed (`pt-BR`), ORed.
    pub langs: Vec<String>,
}

/// A filter clause: it must match and adds nothing to the score.
fn unscored(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.desks.is_empty()
            && self.authors.is_empty()
            && self.tags.is_empty()
            && self.since.is_none()
            && self.until.is_none()
            && self.langs.is_empty()
    }

    /// The `--lang` codes normalised (`pt-BR` → `pt`); a value that is no
    /// language code stays as typed and matches nothing.
    pub fn lang_codes(&self) -> Vec<String> {
        (self.langs.iter())
            .map(|l| crate::lang::normalize_code(l).unwrap_or_else(|| l.clone()))
            .collect()
    }

    /// `query` restricted by every filter: names of one flag ORed, flags ANDed.
    pub fn apply(&self, fields: Fields, query: Box<dyn Query>) -> Box<dyn Query> {
        if self.is_empty() {
            return query;
        }
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for (field, names) in [
            (fields.desk_exact, &self.desks),
            (fields.author_exact, &self.authors),
            (fields.tag_exact, &self.tags),
        ] {
            if names.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = names
                .iter()
                .map(|n| {
                    let term = schema::exact_term(field, n);
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            parts.push(unscored(Box::new(BooleanQuery::new(any))));
        }
        if self.since.is_some() || self.until.is_some() {
            parts.push(unscored(date_range(fields.date, self.since, self.until)));
        }
        if !self.langs.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = (self.lang_codes().into_iter())
                .map(|code| {
                    let term = tantivy::Term::from_field_text(fields.lang, &code);
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            parts.push(unscored(Box::new(BooleanQuery::new(any))));
        }
        Box::new(BooleanQuery::new(parts))
    }
}
