//! The PDF comparison of BENCHMARKS.md ("PDF text"): for each PDF given,
//! atlas's body (`parse::parse`) or pdf-extract's own plain text
//! (`--plain`), written to `OUT_DIR/NAME.txt`, and the pages per second.
//!
//! `cargo run --release --example pdf_text -- [--plain] OUT_DIR FILE.pdf…`

use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let plain = args.first().is_some_and(|a| a == "--plain");
    if plain {
        args.remove(0);
    }
    let Some((out, files)) = args.split_first() else {
        eprintln!("usage: pdf_text [--plain] OUT_DIR FILE.pdf…");
        std::process::exit(2);
    };
    std::fs::create_dir_all(out).expect("output folder");
    for file in files {
        let bytes = std::fs::read(file).expect("readable PDF");
        let name = std::path::Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy();
        let started = Instant::now();
        let (text, pages, note) = if plain {
            let b = bytes.clone();
            match std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem_by_pages(&b))
            {
                Ok(Ok(pages)) => (pages.join("\u{c}"), pages.len(), String::new()),
                Ok(Err(e)) => (String::new(), 0, format!("error: {e}")),
                Err(_) => (String::new(), 0, "panic".to_string()),
            }
        } else {
            let parsed = atlas_search::parse::parse(&format!("{name}.pdf"), &bytes);
            match parsed.articles.first() {
                Some(a) => (
                    a.article.body.clone(),
                    a.article.page_starts.len(),
                    a.article.title.clone(),
                ),
                None => (
                    String::new(),
                    0,
                    (parsed.skipped.first()).map_or(String::new(), |s| s.reason.to_string()),
                ),
            }
        };
        let secs = started.elapsed().as_secs_f64();
        std::fs::write(format!("{out}/{name}.txt"), text).expect("writable output");
        println!(
            "{name}\t{pages} pages\t{secs:.3} s\t{:.0} pages/s\t{note}",
            pages as f64 / secs
        );
    }
}
