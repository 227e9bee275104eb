//! `atlas related ID` (SPEC "Copies and related coverage"): an article's
//! copies (its copy group, each with its similarity), then related coverage
//! — other stories on the same subject — by a more-like-this query (what
//! tantivy's `MoreLikeThisQuery` does, made deterministic: [`best_terms`]).
//!
//! The more-like-this query is two: one over the title's terms, boosted
//! ([`TITLE_BOOST`]: a headline names the subject more densely than a body),
//! one over the body's. Terms must occur in at least [`MIN_DOC_FREQ`]
//! articles (a word only this article has finds nothing) and in at most a
//! [`MAX_DOC_SHARE`] of them (stop-like words: "said", "the", a house name),
//! body terms at least twice in the body; the [`MAX_QUERY_TERMS`] best by
//! tf-idf are kept. Terms are the article's own analysis, so a German
//! article finds German ones; languages that share an analysis (those
//! without a stemmer: Chinese, Japanese, Korean, …) are kept apart by the
//! article's language. The article itself and its copies are excluded, so
//! the related list never repeats what the copies list shows.

use crate::analysis::lang::{PLAIN, analysis_of, marked, untagged};
use crate::analysis::script::is_cjk;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use crate::article::Article;
use crate::copies::{Body, containment, fold_words};
use crate::query::TITLE_BOOST;
use crate::request::{Related, SearchError, listed_hit};
use crate::schema::{Fields, name};
use crate::store::{address_of, load_article};

/// Terms found in fewer articles than this are not asked for.
pub const MIN_DOC_FREQ: u64 = 2;
/// Terms found in more than this share of the articles are stop-like.
pub const MAX_DOC_SHARE: f64 = 0.5;
/// Terms of the article the query keeps, best tf-idf first.
pub const MAX_QUERY_TERMS: usize = 25;
/// Shorter words are not asked for.
pub const MIN_WORD_CHARS: usize = 3;

/// The copies and related coverage of `id`; `None` when no article has it.
pub fn related(
    searcher: &Searcher,
    fields: Fields,
    id: &str,
    limit: usize,
) -> Result<Option<Related>, SearchError> {
    let Some(address) = address_of(searcher, fields, id)? else {
        return Ok(None);
    };
    let article = load_article(searcher, fields, address)?;
    let body = Body::new(&fold_words(&article.body));
    let mut copies = Vec::new();
    for a in members(searcher, address)? {
        let copy = load_article(searcher, fields, a)?;
        let similarity = containment(&body, &Body::new(&fold_words(&copy.body)));
        copies.push((similarity, copy));
    }
    copies.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut excluded: Vec<&str> = copies.iter().map(|(_, c)| c.id.as_str()).collect();
    excluded.push(id);
    let query = like_this(searcher, fields, &article, &excluded)?;
    let top = match (query, limit) {
        (Some(q), 1..) => searcher.search(&q, &TopDocs::with_limit(limit).order_by_score())?,
        _ => Vec::new(),
    };
    let mut related = Vec::new();
    for (i, (score, a)) in top.into_iter().enumerate() {
        related.push(listed_hit(
            i + 1,
            score as f64,
            load_article(searcher, fields, a)?,
        ));
    }
    let copies = (copies.into_iter().enumerate())
        .map(|(i, (s, c))| listed_hit(i + 1, s, c))
        .collect();
    Ok(Some(Related {
        id: id.to_string(),
        copies,
        related,
    }))
}

/// The other members of the article's copy group (a scan of the group column).
fn members(searcher: &Searcher, of: DocAddress) -> tantivy::Result<Vec<DocAddress>> {
    let column = |ord: u32| {
        searcher
            .segment_reader(ord)
            .fast_fields()
            .u64(name::COPY_GROUP)
    };
    let Some(group) = column(of.segment_ord)?.first(of.doc_id) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let groups = column(ord as u32)?;
        for doc in segment.doc_ids_alive() {
            let a = DocAddress::new(ord as u32, doc);
            if a != of && groups.first(doc) == Some(group) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// The more-like-this query of the article, without it and its copies.
fn like_this(
    searcher: &Searcher,
    fields: Fields,
    article: &Article,
    excluded: &[&str],
) -> tantivy::Result<Option<Box<dyn Query>>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // In the article's own analysis: the index is given its text marked
    // with its language (`analysis::lang`), and so is the analyzer here.
    let lang = article.lang.as_deref();
    let title = marked(lang, &article.title);
    if let Some(q) = best_terms(searcher, fields.title, &title, 1)? {
        clauses.push((Occur::Should, Box::new(BoostQuery::new(q, TITLE_BOOST))));
    }
    if let Some(q) = best_terms(searcher, fields.body, &marked(lang, &article.body), 2)? {
        clauses.push((Occur::Should, q));
    }
    if clauses.is_empty() {
        return Ok(None);
    }
    if analysis_of(lang) == Some(PLAIN) {
        // Chinese, Japanese, Korean and every other language without a
        // stemmer share one analysis: a Chinese article's bigram `政府` is
        // also a Japanese one's. Its own language's articles only, as a
        // German article's terms (marked `de`) find German ones only.
        let likeness = BooleanQuery::new(std::mem::take(&mut clauses));
        clauses.push((Occur::Must, Box::new(likeness)));
        let term = Term::from_field_text(fields.lang, lang.unwrap_or_default());
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(q), 0.0)),
        ));
    }
    for id in excluded {
        let term = Term::from_field_text(fields.id, id);
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        clauses.push((Occur::MustNot, Box::new(q)));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// At least `MIN_WORD_CHARS` characters, without the mark of a language;
/// a CJK bigram counts as a word (it is a two-character word's term).
fn long_enough(term: &str) -> bool {
    let word = untagged(term);
    let chars = word.chars().count();
    chars >= MIN_WORD_CHARS || (chars == 2 && word.chars().all(is_cjk))
}

/// What `MoreLikeThisQuery` does for one field, with one difference: terms
/// of equal tf-idf are kept in word order, where tantivy's keeps them in
/// hash-map order — so the same article gave different lists run to run.
/// Each kept term is a should-clause boosted by its tf-idf over the best's.
fn best_terms(
    searcher: &Searcher,
    field: tantivy::schema::Field,
    text: &str,
    min_tf: usize,
) -> tantivy::Result<Option<Box<dyn Query>>> {
    let docs = searcher.num_docs();
    let max_df = ((docs as f64 * MAX_DOC_SHARE) as u64).max(MIN_DOC_FREQ);
    let analyzer_name = match searcher.schema().get_field_entry(field).field_type() {
        tantivy::schema::FieldType::Str(o) => {
            o.get_indexing_options().map(|i| i.tokenizer().to_string())
        }
        _ => None,
    };
    let Some(mut analyzer) = analyzer_name.and_then(|n| searcher.index().tokenizers().get(&n))
    else {
        return Ok(None);
    };
    let mut tf: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for token in crate::analysis::tokens(&mut analyzer, text) {
        if long_enough(&token.text) {
            *tf.entry(token.text).or_insert(0) += 1;
        }
    }
    let mut scored: Vec<(f32, Term)> = Vec::new();
    for (word, n) in tf.into_iter().filter(|(_, n)| *n >= min_tf) {
        let term = Term::from_field_text(field, &word);
        let df = searcher.doc_freq(&term)?;
        if df < MIN_DOC_FREQ || df > max_df {
            continue;
        }
        let idf = (1.0 + (docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        scored.push((n as f32 * idf, term));
    }
    // Stable: equal scores stay in word order.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.truncate(MAX_QUERY_TERMS);
    let Some(best) = scored.first().map(|(s, _)| *s).filter(|s| *s > 0.0) else {
        return Ok(None);
    };
    let clauses: Vec<(Occur, Box<dyn Query>)> = (scored.into_iter())
        .map(|(score, term)| {
            let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), score / best)) as Box<dyn Query>,
            )
        })
        .collect();
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}
