//! Re-writing the articles whose group moved, and re-reading this run's
//! files for them.

use rustc_hash::FxHashMap;
use tantivy::schema::Value;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use super::{Copies, Place};
use crate::article::Article;
use crate::config::Configs;
use crate::indexer::canon::Canon;
use crate::indexer::copy_columns::stamp_of;
use crate::indexer::walk::CorpusFile;
use crate::schema;

impl Copies {
    pub(super) fn file(&self, file: u32) -> CorpusFile {
        let rel = self.paths.get(file);
        CorpusFile {
            rel: rel.to_string(),
            abs: (self.odd_paths.get(&file).cloned()).unwrap_or_else(|| self.corpus.join(rel)),
            stamp: self.stamps[file as usize],
        }
    }

    /// This run's articles of one file, read and parsed again.
    fn reread(&self, file: u32, configs: &Configs, canon: &mut Canon) -> Vec<Article> {
        let file = self.file(file);
        let mut out = crate::indexer::apply::reparse(&file, configs);
        for article in &mut out {
            canon.apply(article);
        }
        out
    }

    /// Re-writes each moved article with its new group value.
    pub(super) fn rewrite(
        &mut self,
        moved: &[(u32, u64)],
        searcher: &Searcher,
        writer: &IndexWriter,
        configs: &Configs,
        canon: &mut Canon,
    ) -> tantivy::Result<()> {
        let f = self.fields;
        let committed = self.committed_nodes();
        let mut by_file: FxHashMap<u32, FxHashMap<String, u64>> = FxHashMap::default();
        for &(n, group) in moved {
            match self.place(n) {
                Place::Committed(addr) => {
                    let fp = self.committed.fingerprint(n as usize);
                    let doc: TantivyDocument = searcher.doc(addr)?;
                    let article = schema::to_article(f, &doc);
                    let (hash, stamp) = stamp_of(searcher, addr)?;
                    let indexed_at = doc.get_first(f.indexed_at).and_then(|v| v.as_datetime());
                    let mut doc = schema::to_document(f, &article, &hash, stamp);
                    if let Some(at) = indexed_at {
                        schema::set_indexed_at(f, &mut doc, at.into_timestamp_secs());
                    }
                    let bytes = fp.map(|fp| fp.to_bytes()).unwrap_or_default();
                    schema::add_copy_fields(f, &mut doc, &bytes, group);
                    writer.delete_term(Term::from_field_text(f.id, &article.id));
                    writer.add_document(doc)?;
                }
                Place::Fresh(file) => {
                    let id = self.ids.get(n - committed).to_string();
                    by_file.entry(file).or_default().insert(id, group);
                }
                Place::Gone => {}
            }
        }
        for (file, groups) in by_file {
            for article in self.reread(file, configs, canon) {
                let Some(&group) = groups.get(article.id.as_str()) else {
                    continue;
                };
                let Some(slot) = self.ids.find(&article.id) else {
                    continue;
                };
                let Some(fp) = self.fresh.fingerprint(slot as usize) else {
                    continue;
                };
                let hash = crate::indexer::apply::stored_fields_hash(&article);
                let stamp = self.stamps[file as usize];
                let mut doc = schema::to_document(f, &article, &hash, stamp);
                schema::set_indexed_at(f, &mut doc, self.indexed_at[slot as usize]);
                schema::add_copy_fields(f, &mut doc, &fp.to_bytes(), group);
                writer.delete_term(Term::from_field_text(f.id, &article.id));
                writer.add_document(doc)?;
            }
        }
        Ok(())
    }
}
