//! `search --format csv`: the contract header, RFC 4180 quoting (commas,
//! quotes, NBSP in titles) read back with the csv crate, the same hits as
//! the JSON output, and `GET /api/search.csv`; cells that a spreadsheet
//! would run as formulas neutralised (OWASP), in `alert run` too.

mod common;

use common::Env;

const HEADER: [&str; 13] = [
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
    "lang",
    "page",
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
        assert_eq!(Some(&row[11]), hit.lang.as_ref());
        // Text articles have no pages (tests/pdf.rs checks a PDF's).
        assert_eq!(row[12], "");
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

/// What a spreadsheet reads as a formula when it comes first (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A JSON value as its CSV cell must read: a leading `'` when it starts
/// like a formula, else unchanged.
fn neutral(value: &str) -> String {
    if value.starts_with(FORMULA_STARTS) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[test]
fn cells_that_start_like_formulas_are_neutralised() {
    let env = Env::empty();
    env.index();
    env.run(&["alert", "add", "turbines", "turbine"])
        .assert()
        .success();
    env.copy_fixture("csv-formulas", "");
    // Ids can start with a tab or a carriage return too (the bytes are the point).
    env.write("\ttabbed.txt", "Title: Tabbed Turbine\n\nA turbine.\n");
    env.write("\rreturned.txt", "Title: Returned Turbine\n\nA turbine.\n");
    env.index();

    let json = env.search(&["turbine", "--limit", "50"]);
    assert_eq!(json.hits.len(), 5);
    // JSON is unchanged: the hostile title is exactly what the file says.
    let formula = json.hits.iter().find(|h| h.id == "formula.txt").unwrap();
    assert!(
        formula.title.starts_with("=HYPERLINK("),
        "{}",
        formula.title
    );
    let out = env
        .run(&["search", "turbine", "--limit", "50", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (_, rows) = read_csv(&out.stdout);
    assert_eq!(rows.len(), json.hits.len());
    for (row, hit) in rows.iter().zip(&json.hits) {
        assert_eq!(row[2], neutral(&hit.id));
        assert_eq!(row[3], neutral(&hit.title));
        assert_eq!(row[4], neutral(&hit.authors.join("; ")));
        assert_eq!(row[5], neutral(hit.desk.as_deref().unwrap_or("")));
        assert_eq!(row[8], neutral(&hit.tags.join("; ")));
        assert_eq!(row[10], neutral(&hit.snippet));
    }
    // Every way in was tried, and nothing in the file starts like a formula.
    let cells: Vec<&String> = rows.iter().flatten().collect();
    for start in FORMULA_STARTS {
        assert!(
            cells.iter().any(|c| c.starts_with(&format!("'{start}"))),
            "no cell neutralised for {start:?}"
        );
    }
    assert!(!cells.iter().any(|c| c.starts_with(FORMULA_STARTS)));
    let plain = rows.iter().find(|r| r[2] == "plain.txt").unwrap();
    assert_eq!(plain[3], "A Plain Turbine Report");

    // `alert run --format csv`: the same cells after the alert's name.
    let out = env
        .run(&["alert", "run", "turbines", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (header, alert_rows) = read_csv(&out.stdout);
    assert_eq!(header[0], "alert");
    let mut alerted: Vec<&[String]> = alert_rows.iter().map(|r| &r[3..7]).collect();
    let mut searched: Vec<&[String]> = rows.iter().map(|r| &r[2..6]).collect();
    alerted.sort();
    searched.sort();
    assert_eq!(alerted, searched);
}
