//! Loading the hits of a collected page: each address's stored article,
//! its snippet, handed on as soon as it is made.

use tantivy::{DocAddress, Score, Searcher};

use crate::query::Highlight;
use crate::request::{Hit, SearchError, to_hit};
use crate::schema::Fields;
use crate::snippet::Snippeter;
use crate::store::load_article;

pub(super) struct Hits<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    snippets: Snippeter<'a>,
    emit: &'a mut dyn FnMut(Hit) -> std::io::Result<()>,
}

impl<'a> Hits<'a> {
    pub fn new(
        searcher: &'a Searcher,
        fields: Fields,
        highlight: &'a Highlight,
        emit: &'a mut dyn FnMut(Hit) -> std::io::Result<()>,
    ) -> Hits<'a> {
        Hits {
            searcher,
            fields,
            snippets: Snippeter::new(highlight),
            emit,
        }
    }

    /// The hit ranked `rank`: its article loaded, its snippet cut.
    pub fn load(
        &mut self,
        rank: usize,
        score: Score,
        address: DocAddress,
    ) -> Result<Hit, SearchError> {
        let article = load_article(self.searcher, self.fields, address)?;
        Ok(to_hit(rank, score as f64, article, &mut self.snippets))
    }

    pub fn emit(&mut self, hit: Hit) -> Result<(), SearchError> {
        (self.emit)(hit).map_err(SearchError::Output)
    }
}
