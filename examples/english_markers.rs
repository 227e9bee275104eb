//! # How plainly English real text is, against whatlang's verdict
//!
//! Reads JSON lines `{"title": …, "body": …, "label": …}` on stdin (label:
//! the language the text is known to be in, or where it came from), takes
//! the sample detection reads (`lang::detect::sample`), and prints one line
//! per text: label, words, English markers, their share, whether
//! `lang::english::plainly` calls it English, and whatlang's language and
//! confidence. Then, per label, the range of shares, and every text the
//! fast path calls English that whatlang does not call English surely.
//!
//! Run: `cargo run --release --example english_markers < texts.jsonl`

use std::collections::BTreeMap;
use std::io::BufRead;

use atlas_search::lang::{detect, english};

fn main() {
    let mut shares: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut fast = 0usize;
    let mut disagreements = Vec::new();
    let mut total = 0usize;
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let (title, body, label) = (field("title"), field("body"), field("label"));
        let sample = detect::sample(&title, &body);
        let tally = english::count(&sample);
        let share = 100.0 * tally.markers as f64 / tally.words.max(1) as f64;
        let plainly = english::plainly(&sample);
        let info = whatlang::detect(&sample);
        let (code, confidence) = info.map_or(("-", 0.0), |i| (i.lang().code(), i.confidence()));
        println!(
            "{label}\t{}\t{}\t{share:.1}\t{plainly}\t{code}\t{confidence:.2}",
            tally.words, tally.markers
        );
        total += 1;
        if tally.words >= 20 {
            shares.entry(label.clone()).or_default().push(share);
        }
        if plainly {
            fast += 1;
            if code != "eng" || confidence <= detect::MIN_CONFIDENCE {
                disagreements.push(format!(
                    "{label} {code} {confidence:.2} {share:.1}: {sample:.120}"
                ));
            }
        }
    }
    eprintln!("label\ttexts\tmin\tmedian\tmax share of markers (samples of 20+ words)");
    for (label, mut s) in shares {
        s.sort_by(f64::total_cmp);
        eprintln!(
            "{label}\t{}\t{:.1}\t{:.1}\t{:.1}",
            s.len(),
            s[0],
            s[s.len() / 2],
            s[s.len() - 1]
        );
    }
    eprintln!(
        "{fast} of {total} texts plainly English; whatlang disagrees on {}:",
        disagreements.len()
    );
    for d in disagreements {
        eprintln!("  {d}");
    }
}
