//! What the doc store costs at each zstd level and block size: re-stores
//! the stored documents of an atlas index into fresh in-memory indexes and
//! prints bytes, time to write, and time to fetch 10 random documents
//! (what one search does). For BENCHMARKS.md's choice of compressor.
//!   cargo run --release --example store_levels -- INDEX_DIR [LEVEL:BLOCK_KB ...]
use std::time::Instant;

use tantivy::schema::{Field, Schema, TantivyDocument};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .expect("usage: store_levels INDEX_DIR [LEVEL:BLOCK_KB ...]");
    let mut variants: Vec<(i32, usize)> = args
        .map(|a| {
            let (l, b) = a.split_once(':').expect("LEVEL:BLOCK_KB");
            (l.parse().expect("level"), b.parse().expect("block KB"))
        })
        .collect();
    if variants.is_empty() {
        variants = vec![(1, 16), (3, 16), (6, 16), (9, 16), (15, 16), (19, 16)];
    }
    let source = atlas_search::store::AtlasIndex::open(std::path::Path::new(&dir))?;
    let searcher = source.searcher()?;
    let schema = searcher.schema().clone();
    let stored: Vec<Field> = schema
        .fields()
        .filter(|(_, e)| e.is_stored())
        .map(|(f, _)| f)
        .collect();
    let mut docs: Vec<TantivyDocument> = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc in seg.doc_ids_alive() {
            let d: TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
            docs.push(d);
        }
    }
    // A schema with the same field ids, stored only: the store is all that is measured.
    let mut b = Schema::builder();
    for (field, entry) in schema.fields() {
        let name = entry.name();
        let id = if stored.contains(&field) {
            match entry.field_type() {
                tantivy::schema::FieldType::Date(_) => {
                    b.add_date_field(name, tantivy::schema::STORED)
                }
                _ => b.add_text_field(name, tantivy::schema::STORED),
            }
        } else {
            b.add_text_field(name, tantivy::schema::TextOptions::default())
        };
        assert_eq!(id, field);
    }
    let store_schema = b.build();
    println!("{} documents", docs.len());
    println!("| zstd level | block KB | store MB | write s | fetch 10 docs µs |");
    println!("|---:|---:|---:|---:|---:|");
    for (level, block_kb) in variants {
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(level),
            }),
            docstore_blocksize: block_kb * 1024,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(store_schema.clone())
            .settings(settings)
            .create_in_ram()?;
        let started = Instant::now();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 200_000_000)?;
        for d in &docs {
            let mut copy = TantivyDocument::default();
            for (field, value) in d.field_values() {
                if stored.contains(&field) {
                    copy.add_field_value(field, value);
                }
            }
            writer.add_document(copy)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let write_s = started.elapsed().as_secs_f64();
        let searcher = index.reader()?.searcher();
        let bytes: u64 = searcher
            .space_usage()?
            .segments()
            .iter()
            .map(|s| s.store().total().get_bytes())
            .sum();
        // Ten documents spread over the store, as ten hits of a search land.
        let first = searcher.segment_reader(0).max_doc();
        let started = Instant::now();
        let rounds = 200;
        for r in 0..rounds {
            for k in 0..10u32 {
                let doc = (r * 7919 + k * 104_729) % first;
                let _: TantivyDocument = searcher.doc(tantivy::DocAddress::new(0, doc))?;
            }
        }
        let fetch_us = started.elapsed().as_secs_f64() * 1e6 / rounds as f64;
        println!(
            "| {level} | {block_kb} | {:.1} | {write_s:.1} | {fetch_us:.0} |",
            bytes as f64 / 1e6
        );
    }
    Ok(())
}
