//! `search --format csv`: the contract header, RFC 4180 quoting (commas,
//! quotes, NBSP in titles) read back with the csv crate, the same hits as
//! the JSON output, and `GET /api/search.csv`.

mod common;

use common::Env;

const HEADER: [&str; 11] = [
    "rank",
    "score",
    "id",
    "title",
    "authors",
    "desk",
    "date",
    "date_source",
    "tags",
    "url",
    "snippet",
];

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_rows_equal_the_json_hits_after_a_round_trip() {
    let env = Env::with_fixture("csv");
    env.index();
    let json = env.search(&["turbine", "--limit", "50"]);
    assert_eq!(json.hits.len(), 2);
    let out = env
        .run(&["search", "turbine", "--limit", "50", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (header, rows) = read_csv(&out.stdout);
    assert_eq!(header, HEADER);
    assert_eq!(rows.len(), json.hits.len());
    for (row, hit) in rows.iter().zip(&json.hits) {
        assert_eq!(row[0], hit.rank.to_string());
        assert_eq!(row[2], hit.id);
        assert_eq!(row[3], hit.title);
        assert_eq!(row[4], hit.authors.join("; "));
        assert_eq!(row[8], hit.tags.join("; "));
        assert_eq!(row[10], hit.snippet);
    }
    // The tricky title survives quoting: comma, quotes and the NBSP.
    let dams = rows.iter().find(|r| r[2] == "dams.md").unwrap();
    assert!(dams[3].contains(',') && dams[3].contains('"'), "{dams:?}");
    let raw = String::from_utf8(out.stdout).unwrap();
    assert!(raw.contains("\"\"Grids\"\""), "quotes are doubled: {raw}");
}

#[test]
fn csv_limit_zero_is_a_header_only() {
    let env = Env::with_fixture("csv");
    env.index();
    let out = env
        .run(&["search", "--limit", "0", "--format", "csv"])
        .output()
        .unwrap();
    let (header, rows) = read_csv(&out.stdout);
    assert_eq!(header, HEADER);
    assert!(rows.is_empty());
}
