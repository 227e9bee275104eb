//! The generated corpus of `tests/reliability.rs`: thousands of plain-text
//! articles and a large JSON Lines export, deterministic (a small LCG, no
//! `rand`), in a committed "before" state and a grown "after" state.

use super::Env;

/// Plain-text articles in the full corpus, and items in the JSON Lines export.
/// Tuned so a debug-build run over the full corpus takes a few seconds.
pub const TEXT_ARTICLES: usize = 4000;
pub const JSONL_ITEMS: usize = 3000;

const DESKS: &[&str] = &[
    "Central Asia",
    "South Asia",
    "Middle East",
    "Europe",
    "Africa",
    "Business",
];
const AUTHORS: &[&str] = &[
    "Wilder Davenport",
    "Noor Al-Khatib",
    "Ana Ruiz",
    "Lucas Brandt",
    "Sana Qureshi",
    "Tendai Moyo",
];
const WORDS: &[&str] = &[
    "government",
    "ministry",
    "parliament",
    "budget",
    "drought",
    "harbour",
    "glaciers",
    "fuel",
    "generators",
    "currency",
    "inflation",
    "gold",
    "election",
    "coalition",
    "border",
    "talks",
    "security",
    "operation",
    "stability",
    "reform",
    "farmers",
    "exporters",
    "levy",
    "water",
    "province",
    "council",
    "strike",
    "power",
    "grid",
    "solar",
    "imports",
    "prices",
    "the",
    "of",
    "and",
    "in",
    "a",
    "to",
    "for",
    "on",
    "said",
    "week",
    "officials",
    "residents",
    "Pakistan’s",
    "Québec",
    "Azm-i-Istehkam",
    "U.S.",
    "desalination",
    "sea-wall",
];

/// A small deterministic generator (no `rand` needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s: Vec<&str> = (0..words).map(|_| self.pick(WORDS)).collect();
        let first = s[0].to_string();
        let mut cap = first[..1].to_uppercase();
        cap.push_str(&first[1..]);
        s[0] = &cap;
        format!("{}.", s.join(" "))
    }
}

fn text_article(i: usize, version: usize) -> (String, String) {
    let mut r = Lcg(i as u64 * 7919 + version as u64);
    let author = r.pick(AUTHORS);
    let first = author.split(' ').next().unwrap();
    let desk = r.pick(DESKS);
    let month = 1 + i % 12;
    let day = 1 + i % 28;
    let path = format!("atlas-news/2024/{month:02}/{day:02}/story-{i:05}.txt");
    let mut text = format!(
        "{} {} Report {i}\n\n{author}\n{author}\n{first} has covered the region for a decade and now brings that experience to the {desk} Desk for Atlas News.\n\nMore From Me\n\n",
        r.pick(WORDS),
        r.pick(WORDS),
    );
    for p in 0..5 {
        for _ in 0..4 {
            text.push_str(&r.sentence(14));
            text.push(' ');
        }
        text.push_str("\n\n");
        if p == 2 {
            text.push_str("What Comes Next\n\n");
        }
    }
    if version > 0 {
        text.push_str(&format!("Updated: revision {version}.\n"));
    }
    (path, text)
}

fn jsonl_export(items: usize, version: usize) -> String {
    let mut out = String::new();
    for i in 0..items {
        let mut r = Lcg(i as u64 * 104729 + 17);
        let body = (0..6).map(|_| r.sentence(12)).collect::<Vec<_>>().join(" ");
        let edited = if version > 0 && i % 10 == 0 {
            " (corrected)"
        } else {
            ""
        };
        let item = serde_json::json!({
            "title": format!("Wire {i}: {} and {}{edited}", r.pick(WORDS), r.pick(WORDS)),
            "author": r.pick(AUTHORS),
            "desk": r.pick(DESKS),
            "date": format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "tags": [r.pick(WORDS), r.pick(WORDS)],
            "body": body,
        });
        out.push_str(&item.to_string());
        out.push('\n');
        if i % 500 == 250 {
            out.push('\n'); // blank lines do not count as items
        }
    }
    out
}

/// The committed "before" state: a third of the articles, an older export.
pub fn write_subset(env: &Env) {
    for i in 0..TEXT_ARTICLES / 3 {
        let (path, text) = text_article(i, 0);
        env.write(&path, text);
    }
    env.write("wire/export.jsonl", jsonl_export(JSONL_ITEMS / 2, 0));
}

/// The "after" state: every article, some of the old ones changed or
/// deleted, the export grown and corrected.
pub fn write_full(env: &Env) {
    for i in 0..TEXT_ARTICLES {
        let changed = i < TEXT_ARTICLES / 3 && i % 7 == 0;
        if i < TEXT_ARTICLES / 3 && !changed {
            continue;
        }
        let (path, text) = text_article(i, usize::from(changed));
        env.write(&path, text);
    }
    for i in (0..TEXT_ARTICLES / 3).filter(|i| i % 11 == 5) {
        let (path, _) = text_article(i, 0);
        std::fs::remove_file(env.corpus().join(path)).unwrap();
    }
    env.write("wire/export.jsonl", jsonl_export(JSONL_ITEMS, 1));
}
