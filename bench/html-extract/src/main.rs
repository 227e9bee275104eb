//! Runs each candidate body extractor crate over the bench pages and prints one
//! JSON line per (page, extractor): the text, headline/byline/date and the
//! time taken. Scoring is done by bench/html_eval.py, which also runs
//! atlas itself (the release binary) and trafilatura (Python) on the
//! same pages. atlas is not a dependency here, so this crate builds
//! without tantivy.
//!
//! Usage: html-extract-bench < pages.tsv  (`NAME<TAB>PATH` lines)

use std::time::Instant;

use serde_json::json;

fn main() {
    use std::io::BufRead;
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let Some((name, path)) = line.split_once('\t') else { continue };
        let bytes = std::fs::read(path).expect("page");
        let html = String::from_utf8_lossy(&bytes).to_string();
        let url = "https://example.com/";
        let emit = |tool: &str, secs: f64, body: &str, meta: serde_json::Value| {
            let line = json!({"page": name, "tool": tool, "secs": secs, "body": body, "meta": meta});
            println!("{line}");
        };

        let t = Instant::now();
        let r = rs_trafilatura::extract(&html);
        let secs = t.elapsed().as_secs_f64();
        match r {
            Ok(r) => {
                let m = &r.metadata;
                let meta = json!({"title": m.title, "authors": m.author,
                    "date": m.date.map(|d| d.date_naive().to_string()), "desk": m.categories});
                emit("rs-trafilatura", secs, &r.content_text, meta)
            }
            Err(e) => emit("rs-trafilatura", secs, "", json!({"error": e.to_string()})),
        }

        let t = Instant::now();
        let r = dom_smoothie::Readability::new(html.as_str(), Some(url), None)
            .and_then(|mut r| r.parse());
        let secs = t.elapsed().as_secs_f64();
        match r {
            Ok(a) => {
                let meta = json!({"title": a.title, "authors": a.byline,
                    "date": a.published_time});
                emit("dom_smoothie", secs, &a.text_content, meta)
            }
            Err(e) => emit("dom_smoothie", secs, "", json!({"error": e.to_string()})),
        }

        let t = Instant::now();
        let u = url::Url::parse(url).unwrap_or_else(|_| url::Url::parse("https://example.com/").unwrap());
        let r = readability::extractor::extract(&mut bytes.as_slice(), &u);
        let secs = t.elapsed().as_secs_f64();
        match r {
            Ok(p) => emit("readability", secs, &p.text, json!({"title": p.title})),
            Err(e) => emit("readability", secs, "", json!({"error": format!("{e:?}")})),
        }
    }
}
