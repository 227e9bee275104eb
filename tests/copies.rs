//! Copy groups on real-shaped fixtures (tests/fixtures/copies: title, blank
//! line, body; words folded with `copies::fold_words`, tantivy's
//! SimpleTokenizer + LowerCaser + AsciiFoldingFilter) and the incremental
//! index against a clean build.

use atlas_search::copies::{Body, CopyIndex, Print, fold_words, groups_exact, similarity};
use proptest::prelude::*;
use rustc_hash::FxHashMap;

fn fixtures() -> Vec<(String, Vec<String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/copies");
    let mut out: Vec<(String, Vec<String>)> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| {
            let path = e.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let body = text.split_once("\n\n").map(|(_, b)| b).unwrap_or("");
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fold_words(body))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 16, "fixtures missing: {}", out.len());
    out
}

fn index_all(prints: &[(u32, Print)]) -> CopyIndex {
    let by_id: FxHashMap<u32, &Body> = prints.iter().map(|(i, p)| (*i, &p.body)).collect();
    let mut index = CopyIndex::new();
    for (id, print) in prints {
        index.insert(*id, &print.fingerprint, &print.body, |c| {
            by_id.get(&c).map(|b| (*b).clone())
        });
    }
    index
}

#[test]
fn fingerprint_groups_equal_the_exact_rule_and_the_fixture_intent() {
    let fx = fixtures();
    let prints: Vec<(u32, Print)> = fx
        .iter()
        .enumerate()
        .map(|(i, (_, w))| (i as u32, Print::new(w)))
        .collect();
    let bodies: Vec<(u32, Body)> = (prints.iter()).map(|(i, p)| (*i, p.body.clone())).collect();
    let exact = groups_exact(&bodies);
    let index = index_all(&prints);
    for (id, _) in &bodies {
        assert_eq!(index.group_of(*id), exact[id], "{}", fx[*id as usize].0);
    }
    let group = |name: &str| exact[&(fx.iter().position(|(n, _)| n == name).expect(name) as u32)];
    let wire = group("wire_original");
    for (i, (name, _)) in fx.iter().enumerate() {
        let g = exact[&(i as u32)];
        if name.starts_with("wire_") {
            assert_eq!(g, wire, "{name} should be a copy of the wire story");
        } else if name == "short_bridge_same" {
            assert_eq!(g, group("short_bridge"));
        } else if name != "short_bridge" {
            assert_eq!(
                index.copies_of(i as u32),
                Vec::<u32>::new(),
                "{name} must stand alone"
            );
        }
    }
    assert_eq!(index.group_counts(), (2, 8));
}

#[test]
fn similarity_of_the_variants() {
    let fx: FxHashMap<String, Vec<String>> = fixtures().into_iter().collect();
    let s = |a: &str, b: &str| similarity(&fx[a], &fx[b]);
    assert_eq!(s("wire_original", "wire_exact"), 1.0);
    assert_eq!(s("wire_original", "wire_trimmed"), 1.0);
    assert_eq!(s("wire_original", "wire_local_lede"), 1.0);
    let typo = s("wire_original", "wire_typo_fixed");
    assert!((0.9..1.0).contains(&typo), "{typo}");
    assert!(s("wire_original", "quote_analysis") < 0.5);
    for kind in ["about", "legal", "corrections"] {
        let v = s(&format!("boiler_{kind}_1"), &format!("boiler_{kind}_2"));
        assert!(
            v > 0.2 && v < 0.9,
            "{kind}: {v} (shares a paragraph, not a copy)"
        );
    }
}

#[derive(Debug, Clone)]
enum Op {
    Put(u32, u8),
    Remove(u32),
}

/// Bodies from a few base texts with small edits, so that copies, near
/// misses and group merges and splits all happen.
fn body_of(variant: u8) -> Vec<String> {
    let base = (variant % 3) as usize;
    let len = [60, 120, 200][(variant / 3 % 3) as usize];
    let mut w: Vec<String> = (0..len).map(|i| format!("b{base}w{i}")).collect();
    if variant / 9 % 2 == 1 {
        w[len / 2] = "edit".into();
    }
    if variant / 18 % 2 == 1 {
        w.truncate(len * 3 / 5);
    }
    w
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn incremental_groups_equal_a_clean_build(ops in prop::collection::vec(
        prop_oneof![(0u32..12, 0u8..36).prop_map(|(i, v)| Op::Put(i, v)), (0u32..12).prop_map(Op::Remove)], 1..40)) {
        let mut live: FxHashMap<u32, Print> = FxHashMap::default();
        let mut index = CopyIndex::new();
        let mut stored: FxHashMap<u32, u32> = FxHashMap::default(); // the "fast field"
        for op in ops {
            let changes = match op {
                Op::Put(id, v) => {
                    let print = Print::new(&body_of(v));
                    let (body, fp) = (&print.body, &print.fingerprint);
                    let snapshot = live.clone();
                    let look = |c: u32| snapshot.get(&c).map(|p| p.body.clone());
                    let ch = match live.get(&id) {
                        Some(old) => index.update(id, &old.fingerprint, fp, body, look),
                        None => index.insert(id, fp, body, look),
                    };
                    live.insert(id, print);
                    ch
                }
                Op::Remove(id) => {
                    let ch = match live.remove(&id) {
                        Some(old) => index.remove(id, &old.fingerprint),
                        None => Vec::new(),
                    };
                    stored.remove(&id);
                    ch
                }
            };
            for (id, g) in changes {
                stored.insert(id, g);
            }
            prop_assert_eq!(index.len(), live.len());
        }
        let mut all: Vec<(u32, Print)> = live.into_iter().collect();
        all.sort_by_key(|(i, _)| *i);
        let clean = index_all(&all);
        for (id, _) in &all {
            prop_assert_eq!(index.group_of(*id), clean.group_of(*id));
            // Re-writing only the reported changes keeps every stored value right.
            prop_assert_eq!(stored.get(id).copied(), Some(clean.group_of(*id)));
        }
        prop_assert_eq!(index.group_counts(), clean.group_counts());
    }
}
