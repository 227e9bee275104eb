//! atlas's quote extractor over a folder of articles, as JSON for
//! `bench/quotes_eval.py`: each file is parsed as `atlas index` parses it
//! and its body's quotes extracted in the article's language.
//!
//! ```text
//! cargo run --release --example quotes_fixtures -- tests/fixtures/quotes > /tmp/atlas-quotes.json
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/quotes".into());
    let mut out = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    entries.sort();
    let mut spent = std::time::Duration::ZERO;
    let mut bytes = 0;
    for path in entries {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let parsed = atlas_search::parse::parse(&name, &std::fs::read(&path)?);
        for item in parsed.articles {
            let a = item.article;
            let lang = a.lang.clone().unwrap_or_else(|| "en".into());
            let t = Instant::now();
            let quotes = atlas_search::quotes::extract(&a.body, &lang);
            spent += t.elapsed();
            bytes += a.body.len();
            out.insert(
                name.clone(),
                serde_json::json!({"lang": lang, "quotes": quotes}),
            );
        }
    }
    eprintln!("extracted from {bytes} bytes of bodies in {spent:?}");
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
