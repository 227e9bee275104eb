//! String fast columns read whole: every term once, by ordinal, in one
//! sorted pass over the column's dictionary. A lookup per document
//! (`ord_to_str`) decompresses a dictionary block each time, which made a
//! pass over every article a third of an unchanged run.

use tantivy::DocId;
use tantivy::columnar::StrColumn;

/// Every term of a string fast column, by ordinal.
pub(crate) fn all_terms(col: &StrColumn) -> std::io::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(col.num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

/// `doc`'s value in `col`, from its [`all_terms`].
pub(crate) fn term_of<'t>(col: &StrColumn, terms: &'t [String], doc: DocId) -> Option<&'t str> {
    let ord = col.term_ords(doc).next()?;
    terms.get(ord as usize).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{FAST, STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    /// The sorted pass gives every document the value a lookup per
    /// document gives (values shared, unique, missing, out of order).
    #[test]
    fn one_pass_over_the_dictionary_reads_what_lookups_read() {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("id", STRING | FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..500u32 {
            let mut doc = TantivyDocument::default();
            if i % 7 != 0 {
                doc.add_text(field, format!("k{}", (i * 37) % 113));
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let col = segment.fast_fields().str("id").unwrap().unwrap();
        let terms = all_terms(&col).unwrap();
        let mut found = 0;
        for doc in segment.doc_ids_alive() {
            let want = col.term_ords(doc).next().map(|o| {
                let mut s = String::new();
                col.ord_to_str(o, &mut s).unwrap();
                s
            });
            assert_eq!(term_of(&col, &terms, doc), want.as_deref(), "doc {doc}");
            found += usize::from(want.is_some());
        }
        assert_eq!(found, 500 - 72);
    }
}
