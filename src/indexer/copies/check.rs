//! Checking candidate pairs with the exact rule: the bodies they need,
//! fetched in parallel and in bounded blocks.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Searcher, TantivyDocument};

use super::{Copies, Place};
use crate::config::Configs;
use crate::copies::{Body, BodyBuilder, Print, is_copy};
use crate::indexer::apply;
use crate::schema;

/// Shingles of fetched bodies held at once while pairs are checked (4
/// bytes each, 64 MB): beyond it pairs are checked block by block. Settling
/// is when a large run's memory peaks (the writer's buffers are full then
/// too), and since this run's bodies come back from the spill file a block
/// more costs little.
const CHECK_BUDGET: usize = 16 << 20;

/// The body as the exact rule sees it, from the folded words of `text`
/// (`analyzer` is `analysis::unstemmed_analyzer`, the index's own folding).
fn body_of(analyzer: &mut TextAnalyzer, text: &str) -> Body {
    builder_of(analyzer, text).finish()
}

/// [`body_of`] and the fingerprint: what an article read this run gets.
pub(in crate::indexer) fn print_of(analyzer: &mut TextAnalyzer, text: &str) -> Print {
    builder_of(analyzer, text).print()
}

fn builder_of(analyzer: &mut TextAnalyzer, text: &str) -> BodyBuilder {
    let mut builder = BodyBuilder::default();
    for run in unquoted(text) {
        let mut stream = analyzer.token_stream(run);
        while stream.advance() {
            builder.push(&stream.token().text);
        }
    }
    builder
}

/// The body without its quoted lines (`> …`, what a mail reply repeats of
/// the message it answers), as runs of consecutive other lines: a thread's
/// replies are not copies of its first message (SPEC "E-mail"). Bodies
/// without such a line (nearly all) are one run, unsplit.
fn unquoted(text: &str) -> Vec<&str> {
    if !text.starts_with('>') && !text.contains("\n>") {
        return vec![text];
    }
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('>') {
            if let Some(s) = start.take() {
                runs.extend(text.get(s..at));
            }
        } else if start.is_none() {
            start = Some(at);
        }
        at += line.len();
    }
    if let Some(s) = start {
        runs.extend(text.get(s..));
    }
    runs
}

impl Copies {
    /// The candidate pairs (indexes into `region`) that are copies by the
    /// exact rule. Bodies are fetched for a block of pairs at a time, at
    /// most [`CHECK_BUDGET`] shingles' worth (estimated from this run's
    /// bodies), and dropped after it: memory stays bounded where most
    /// articles are candidates of others, for re-reading a body once per
    /// block it is in. Every pair is checked (in parallel) even where an
    /// earlier one already joined the two: order-free, and cheap next to
    /// reading the bodies.
    pub(super) fn check_pairs(
        &mut self,
        pool: &rayon::ThreadPool,
        region: &[u32],
        mut pairs: Vec<(u32, u32)>,
        searcher: &Searcher,
        configs: &Configs,
    ) -> tantivy::Result<Vec<(u32, u32)>> {
        pairs.sort_unstable();
        let per_body = match self.bodies.len() {
            0 => 512,
            n => (self.cached / n).max(64),
        };
        // The variable exists for tests, which force blocks of one pair.
        let budget = (std::env::var("ATLAS_COPY_CHECK_BUDGET").ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(CHECK_BUDGET);
        let limit = (budget / per_body).max(2);
        let mut copies = Vec::new();
        let mut start = 0;
        while start < pairs.len() {
            let mut need: FxHashSet<u32> = FxHashSet::default();
            let mut end = start;
            while end < pairs.len() {
                let (i, j) = pairs[end];
                let fresh: Vec<u32> = [region[i as usize], region[j as usize]]
                    .into_iter()
                    .filter(|u| !need.contains(u) && !self.bodies.contains_key(u))
                    .collect();
                if end > start && need.len() + fresh.len() > limit {
                    break;
                }
                need.extend(fresh);
                end += 1;
            }
            let need: Vec<u32> = need.into_iter().collect();
            let fetched = self.fetch_bodies(pool, &need, searcher, configs)?;
            let bodies = &self.bodies;
            let block = &pairs[start..end];
            copies.extend(pool.install(|| {
                (block.par_iter().copied())
                    .filter(|&(i, j)| {
                        match (
                            bodies.get(&region[i as usize]),
                            bodies.get(&region[j as usize]),
                        ) {
                            (Some(x), Some(y)) => is_copy(x, y),
                            _ => false,
                        }
                    })
                    .collect::<Vec<_>>()
            }));
            for u in fetched {
                self.bodies.remove(&u);
            }
            start = end;
        }
        Ok(copies)
    }

    /// Puts the bodies of `need` in memory, in parallel: stored ones from
    /// the index, this run's (when not kept) from the spill file or else
    /// from their files, each file read once. Returns those it added (the caller drops them).
    fn fetch_bodies(
        &mut self,
        pool: &rayon::ThreadPool,
        need: &[u32],
        searcher: &Searcher,
        configs: &Configs,
    ) -> tantivy::Result<Vec<u32>> {
        let mut committed = Vec::new();
        let mut spilled = Vec::new();
        let mut by_file: FxHashMap<u32, FxHashSet<u32>> = FxHashMap::default();
        for &u in need {
            if self.bodies.contains_key(&u) {
                continue;
            }
            match self.place(u) {
                Place::Committed(addr) => committed.push((u, addr)),
                Place::Fresh(_) if self.spill.has(u - self.committed_nodes()) => spilled.push(u),
                Place::Fresh(file) => {
                    by_file.entry(file).or_default().insert(u);
                }
                Place::Gone => {}
            }
        }
        let spill = &self.spill;
        let committed_nodes = self.committed_nodes();
        let unspilled: Vec<(u32, Option<Body>)> = pool.install(|| {
            (spilled.par_iter())
                .map(|&u| (u, spill.get(u - committed_nodes)))
                .collect()
        });
        let mut from_spill = Vec::with_capacity(unspilled.len());
        for (u, body) in unspilled {
            match (body, self.place(u)) {
                (Some(body), _) => from_spill.push((u, body)),
                // Unreadable after all: read from the file like the rest.
                (None, Place::Fresh(file)) => {
                    by_file.entry(file).or_default().insert(u);
                }
                (None, _) => {}
            }
        }
        let files: Vec<u32> = by_file.keys().copied().collect();
        let fields = self.fields;
        let this = &*self;
        let (stored, reread) = pool.install(|| {
            let stored = (committed.par_iter())
                .map_init(
                    crate::analysis::unstemmed_analyzer,
                    |analyzer, &(u, addr)| {
                        let doc: TantivyDocument = searcher.doc(addr)?;
                        let article = schema::to_article(fields, &doc);
                        Ok((u, body_of(analyzer, &article.body)))
                    },
                )
                .collect::<tantivy::Result<Vec<_>>>();
            let reread: Vec<(u32, Body)> = (files.par_iter())
                .map_init(crate::analysis::unstemmed_analyzer, |analyzer, &file| {
                    let f = this.file(file);
                    let wanted = &by_file[&file];
                    (apply::reparse(&f, configs).into_iter())
                        .filter_map(|a| {
                            let u = this.committed_nodes() + this.ids.find(&a.id)?;
                            wanted.contains(&u).then(|| (u, body_of(analyzer, &a.body)))
                        })
                        .collect::<Vec<_>>()
                })
                .flatten()
                .collect();
            (stored, reread)
        });
        let mut added = Vec::new();
        for (u, body) in (stored?.into_iter()).chain(reread).chain(from_spill) {
            if self.bodies.insert(u, body).is_none() {
                added.push(u);
            }
        }
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::unquoted;

    #[test]
    fn quoted_lines_are_left_out() {
        assert_eq!(unquoted("one\ntwo"), ["one\ntwo"]);
        assert_eq!(
            unquoted("Reply here.\n> quoted one\n> quoted two\nThanks"),
            ["Reply here.\n", "Thanks"]
        );
        assert!(unquoted("> all\n> quoted").is_empty());
    }
}
