//! `[variants]` in the corpus root's `atlas.toml`: groups matched both
//! ways (words, runs of words, phrases), per-language groups, `--exact`,
//! `expanded` in JSON, the groups recorded with the index without
//! re-indexing articles, and the errors that stop `atlas index`.

mod common;

use std::collections::BTreeSet;

use common::Env;

const SPELLINGS: &[&str] = &["gaddafi", "qaddafi", "kadhafi", "gadhafi"];

/// Article `i` spells the name `SPELLINGS[i % 4]`; some say "international
/// monetary fund", some "IMF"; two German articles say "UNO".
fn corpus(env: &Env) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for i in 0..16 {
        let mut body = format!("the colonel {} spoke", SPELLINGS[i % 4]);
        if i % 3 == 0 {
            body.push_str(" to the international monetary fund");
        } else if i % 3 == 1 {
            body.push_str(" about the IMF loan");
        }
        let id = format!("a{i:02}.json");
        let json =
            serde_json::json!({"title": format!("Dispatch {i}"), "body": body, "lang": "en"});
        env.write(&id, json.to_string());
        docs.push((id, body.to_lowercase()));
    }
    for (i, body) in [
        "die UNO tagte in Genf und sprach lange",
        "die vereinte nationen tagten",
    ]
    .iter()
    .enumerate()
    {
        let id = format!("de{i}.json");
        let json = serde_json::json!({"title": format!("Bericht {i}"), "body": body, "lang": "de"});
        env.write(&id, json.to_string());
        docs.push((id, body.to_lowercase()));
    }
    // An English article with "uno" too: the German group must not reach it.
    let json =
        serde_json::json!({"title": "Card games", "body": "we played uno all night", "lang": "en"});
    env.write("games.json", json.to_string());
    docs.push(("games.json".into(), "we played uno all night".into()));
    docs
}

const CONFIG: &str = r#"[variants]
gaddafi = ["qaddafi", "kadhafi", "gadhafi"]
"international monetary fund" = ["imf"]

[variants.de]
"vereinte nationen" = ["uno"]
"#;

fn having(docs: &[(String, String)], any_of: &[&str]) -> BTreeSet<String> {
    docs.iter()
        .filter(|(_, body)| {
            let padded = format!(" {} ", body.replace(|c: char| !c.is_alphanumeric(), " "));
            any_of.iter().any(|w| padded.contains(&format!(" {w} ")))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

fn ids(env: &Env, args: &[&str]) -> BTreeSet<String> {
    env.ids(args).into_iter().collect()
}

#[test]
fn groups_match_both_ways_and_exact_switches_them_off() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.write("atlas.toml", CONFIG);
    env.index();
    let all = having(&docs, SPELLINGS);
    assert_eq!(all.len(), 16);
    for spelling in SPELLINGS {
        assert_eq!(ids(&env, &[spelling]), all, "{spelling}");
        assert_eq!(
            ids(&env, &["--exact", spelling]),
            having(&docs, &[spelling])
        );
    }
    // A run of query words, and a quoted phrase, equal to a member.
    let fund = having(&docs, &["imf"])
        .union(
            &docs
                .iter()
                .filter(|(_, b)| b.contains("international monetary fund"))
                .map(|(i, _)| i.clone())
                .collect(),
        )
        .cloned()
        .collect::<BTreeSet<_>>();
    assert_eq!(ids(&env, &["international monetary fund"]), fund);
    assert_eq!(ids(&env, &["\"international monetary fund\""]), fund);
    assert_eq!(ids(&env, &["imf"]), fund);
    assert!(ids(&env, &["--exact", "imf"]).len() < fund.len());
    // JSON says what was added.
    let r = env.search(&["Qaddafi"]);
    assert_eq!(r.expanded["qaddafi"], ["gaddafi", "kadhafi", "gadhafi"]);
    assert!(env.search(&["--exact", "qaddafi"]).expanded.is_empty());
}

#[test]
fn language_groups_reach_only_their_language() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.write("atlas.toml", CONFIG);
    env.index();
    let vn = ids(&env, &["vereinte nationen"]);
    assert_eq!(vn, ["de0.json", "de1.json"].map(String::from).into());
    // `uno` finds the German UNO and the German "vereinte nationen", and the
    // English card game only as itself.
    let uno = ids(&env, &["uno"]);
    assert_eq!(
        uno,
        ["de0.json", "de1.json", "games.json"]
            .map(String::from)
            .into()
    );
    assert_eq!(having(&docs, &["uno"]).len(), 2);
}

#[test]
fn changing_only_the_groups_updates_no_article_and_stats_counts_them() {
    let env = Env::empty();
    let _docs = corpus(&env);
    env.write("atlas.toml", "[desk]\ndefault = \"Wire\"\n");
    env.index();
    assert!(ids(&env, &["qaddafi"]).len() < 16);
    env.write(
        "atlas.toml",
        format!("[desk]\ndefault = \"Wire\"\n\n{CONFIG}"),
    );
    let report = env.index();
    assert_eq!(
        (report.added, report.updated, report.removed),
        (0, 0, 0),
        "{report:?}"
    );
    assert_eq!(ids(&env, &["qaddafi"]).len(), 16);
    let stats: serde_json::Value = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats["variants"], 3);
}

#[test]
fn bad_groups_stop_index_naming_file_and_line() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "atlas.toml",
            "[variants]\ngaddafi = [\"qaddafi\"]\nlibya = []\n",
            "atlas.toml, line 3",
        ),
        (
            "atlas.toml",
            "[variants]\ngaddafi = [\"qaddafi\"]\n\nkadhafi = [\"Qaddafi\"]\n",
            "atlas.toml, line 4",
        ),
        (
            "atlas.toml",
            "[variants]\na = [\"b\", \"B\"]\n",
            "atlas.toml, line 2",
        ),
        (
            "bbc/atlas.toml",
            "\n[variants]\na = [\"b\"]\n",
            "bbc/atlas.toml, line 2",
        ),
    ];
    for (path, text, says) in cases {
        let env = Env::empty();
        corpus(&env);
        env.write(path, text);
        env.run(&["index", "corpus"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(*says));
    }
}
