//! An index opened for lookups (`Access::Lookup`: a page of hits, one
//! article) asks the kernel not to read ahead on its memory-mapped files;
//! one opened for scans (indexing, exports, the server) leaves readahead
//! on. The kernel reports the advice per mapping in `/proc/self/smaps`
//! (`rr` in `VmFlags`), so that is what these tests read.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;

use atlas_search::backend::Backend;
use atlas_search::request::SearchRequest;
use atlas_search::store::{Access, AtlasIndex};
use common::Env;

/// The `VmFlags` of every mapping of a file under `dir`.
fn flags_of_mappings_under(dir: &Path) -> Vec<String> {
    let dir = dir.canonicalize().unwrap();
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
    let mut flags = Vec::new();
    let mut in_dir = false;
    for line in smaps.lines() {
        if let Some(rest) = line.strip_prefix("VmFlags:") {
            if in_dir {
                flags.push(rest.trim().to_string());
            }
        } else if line
            .split_whitespace()
            .nth(1)
            .is_some_and(|f| f.contains('-'))
        {
            // A mapping's header: address range, perms, offset, dev, inode, path.
            in_dir =
                (line.split_whitespace().nth(5)).is_some_and(|p| Path::new(p).starts_with(&dir));
        }
    }
    flags
}

/// Opens the index for `access`, runs one search and returns its hits with
/// the flags of the index's mappings while the index is still open.
fn search_with(env: &Env, access: Access) -> (Vec<String>, Vec<String>) {
    let atlas = AtlasIndex::open_for(&env.index_dir(), access).expect("open");
    let request = SearchRequest {
        query: "hydro OR canada OR power".into(),
        ..SearchRequest::default()
    };
    let hits = (atlas.search(&request).expect("search").hits.into_iter())
        .map(|h| h.id)
        .collect();
    let flags = flags_of_mappings_under(&env.index_dir());
    (hits, flags)
}

fn indexed() -> Env {
    let env = Env::with_fixture("search");
    env.index();
    env
}

#[test]
fn a_lookup_maps_the_index_without_readahead() {
    let env = indexed();
    let (hits, flags) = search_with(&env, Access::Lookup);
    assert!(!hits.is_empty());
    assert!(!flags.is_empty(), "no index file was mapped");
    for f in &flags {
        assert!(f.split(' ').any(|x| x == "rr"), "readahead left on: {f}");
    }
}

#[test]
fn a_scan_keeps_readahead_and_finds_the_same_hits() {
    let env = indexed();
    let (lookup_hits, _) = search_with(&env, Access::Lookup);
    let (hits, flags) = search_with(&env, Access::Scan);
    assert_eq!(hits, lookup_hits);
    assert!(!flags.is_empty(), "no index file was mapped");
    for f in &flags {
        assert!(
            !f.split(' ').any(|x| x == "rr"),
            "readahead turned off: {f}"
        );
    }
}

#[test]
fn small_pages_are_lookups_and_exports_are_scans() {
    assert_eq!(Access::for_docs(10), Access::Lookup);
    assert_eq!(Access::for_docs(usize::MAX), Access::Scan);
}
