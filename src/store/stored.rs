//! Stored articles read back: by a hit's address, or by id.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::article::Article;
use crate::schema::{self, Fields};

pub fn load_article(
    searcher: &Searcher,
    fields: Fields,
    address: DocAddress,
) -> tantivy::Result<Article> {
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(schema::to_article(fields, &doc))
}

/// Where the article with this id is, if the index holds it.
pub fn address_of(
    searcher: &Searcher,
    fields: Fields,
    id: &str,
) -> tantivy::Result<Option<DocAddress>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    Ok(top.first().map(|(_, a)| *a))
}

/// The article with this id, if the index holds it.
pub fn article(searcher: &Searcher, fields: Fields, id: &str) -> tantivy::Result<Option<Article>> {
    match address_of(searcher, fields, id)? {
        Some(address) => load_article(searcher, fields, address).map(Some),
        None => Ok(None),
    }
}
