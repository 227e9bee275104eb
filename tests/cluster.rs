//! `--cluster`: a real Sphinx 2.2 cluster (2 shards + aggregator, started
//! by `common::sphinx`) must answer every query class as the local index
//! does: the same hit sets, totals and facets; push is incremental and
//! converges after a failure. What the cluster cannot serve, and a shard
//! down: `cluster_failures.rs`.
mod common;

use common::sphinx::{SphinxCluster, key, push};
use common::{Env, SearchResults, Stats};

/// The cluster corpus plus the languages fixtures and quoted articles.
fn env() -> Env {
    let env = common::sphinx::corpus_env();
    env.copy_fixture("languages", "languages");
    env.copy_fixture("multilingual_names", "names");
    write_quoted(&env);
    env
}

/// Two speakers in three articles: Sharif on the dam and on water in two
/// articles, Lopez on water beside him and on the dam and water alone.
fn write_quoted(env: &Env) {
    env.write(
        "quoted/dam-talks.txt",
        "Talks on the Indus dam\n\n\
         Islamabad — Prime Minister Shehbaz Sharif met engineers in Pakistan on Tuesday.\n\n\
         \"We will finish the dam before the monsoon season,\" Sharif said at the site.\n\n\
         \"The valley needs clean water and cheap power for every family,\" said Maria Lopez, \
         an engineer with the project.\n",
    );
    env.write(
        "quoted/water-pledge.txt",
        "A pledge on water\n\n\
         Lahore — The prime minister spoke about the drought in Pakistan.\n\n\
         \"Every village will have water from the new canals by next summer,\" \
         Prime Minister Shehbaz Sharif said.\n",
    );
    env.write("quoted/engineers-warn.txt", ENGINEERS_WARN);
}

const ENGINEERS_WARN: &str = "Engineers warn about the river\n\n\
    \"The dam and the water it holds are a risk to the valley downstream,\" said Maria Lopez, \
    who leads the survey.\n\nShe added that the survey would finish in June.\n";

fn cluster() -> Option<SphinxCluster> {
    common::sphinx::running()
}

/// Every query class of the CLI; each line is one search's arguments.
const QUERIES: &[&[&str]] = &[
    &["stability"],
    &["government", "budget"],
    &["pakistan OR argentina OR glacier"],
    &["government -india"],
    &["--", "-pakistan"],
    &["-pakistan -peso"],
    &["-(pakistan OR peso)"],
    &["peso OR -pakistan"],
    &["\"resolve for stability\""],
    &["\"the government\""],
    &["\"resolve stability\"~1"],
    &["\"stability resolve\"~3"],
    &["pakistan OR \"stability for\"~1"],
    &["savin*"],
    &["stab*"],
    &["gla*"],
    &["\"resolve for stab\"*"],
    &["\"new eng\"*"],
    &["title:peso"],
    &["author:davenport"],
    &["desk:\"central asia\""],
    &["tag:inflation"],
    &["tag:energy OR title:hydro"],
    &["Pakistan's"],
    &["Azm-i-Istehkam"],
    &["U.S."],
    &["Hydro-Québec"],
    &["quebec"],
    &["date:2024-06"],
    &["date:[2023 TO 2024-06]"],
    &["pakistan OR date:2005"],
    &["-date:2024"],
    &["--desk", "central asia"],
    &["--author", "wilder davenport", "--author", "jean tremblay"],
    &["--tag", "inflation"],
    &["--since", "2024-06", "--until", "2024-12"],
    &["--until", "2020"],
    &["--since", "2024"],
    &[
        "government",
        "--since",
        "2005",
        "--until",
        "2005",
        "--desk",
        "politics",
    ],
    &["--facets"],
    &["--facets", "government"],
    &["--facets", "--", "-government"],
    &["government", "--sort", "oldest"],
    &["...", "--facets"],
    &["zzzunknownword"],
    &["--lang", "de"],
    &["--lang", "fr", "--lang", "ru"],
    &["lang:ja"],
    &["government", "-lang:en"],
    &["lang:es OR lang:it", "--lang", "es"],
    // Each article in its own language (the languages fixture).
    &["Regierungen"],
    &["Regeln", "Windkraft"],
    &["\"neue Regeln\""],
    &["\"Regierungen mehrerer\"~2"],
    &["title:Bundesregierung"],
    &["regier*"],
    &["Regierungen", "--lang", "de"],
    &["grève OR elecciones"],
    &["правительства"],
    &["国务院"],
    &["就业 OR 政府"],
    &["少子化対策"],
    &["-少子化対策 -lang:en"],
    &["府"],
    &["정부"],
    // Tags, desks and authors in each article's own language (the names
    // fixture).
    &["tag:Landtagswahl"],
    &["desk:économique OR tag:syndicat"],
    &["tag:выборах OR author:Соколовой"],
    &["tag:地铁"],
    &["author:小明"],
    &["\"lista de espera\""],
    &["tag:北京地*"],
    &["desk:Landespolitik", "--lang", "de"],
    // Phrase prefixes and CJK prefixes in each article's own language.
    &["\"neue Reg\"*"],
    &["\"den Aus\"*"],
    &["d'u*"],
    &["国务*"],
    &["国务院*"],
    &["少子化*"],
    &["\"政府 少子化\"*"],
    // CJK phrases with slop, Latin words in a CJK article, and a phrase
    // that an empty position after a CJK run keeps apart (`cjk_latin`).
    &["\"国务院 会议\"~3"],
    &["\"gamma delta\""],
    &["\"alpha beta\""],
    &["\"北京 gamma\""],
    // Fuzzy words, expanded from the word list.
    &["stabilty~"],
    &["goverment~ -pakistn~1"],
    &["author:davenprot~"],
    &["desk:asai~"],
    &["glacer~2 OR peso~0"],
    &["\"resolve stability\"~1 pakistn~"],
    // Who said what (`quoted/`): a part made only of `speaker:`/`quote:`
    // is one quotation, the rest of the query the article.
    &["speaker:sharif"],
    &["speaker:\"maria lopez\""],
    &["quote:\"clean water\""],
    &["quote:(dam water)"],
    &["speaker:sharif quote:dam"],
    &["speaker:sharif quote:water"],
    &["speaker:lopez quote:dam"],
    &["quote:(dam -water)"],
    &["pakistan speaker:sharif"],
    &["title:dam speaker:lopez"],
    &["--", "-speaker:sharif"],
    &["speaker:nobodyquotedthis"],
    &["speaker:sharif OR glacier"],
    &["speaker:lop* quote:fami*"],
    &["speaker:shar* quote:fami*"],
    &["quote:\"finish dam\"~2"],
    &["\"resolve stability\"~1 OR speaker:lopez"],
    &["speaker:sharif", "--facets", "--lang", "en"],
];

/// A Chinese article with Latin words after CJK runs, one of them too
/// long to index (tantivy leaves its position empty).
fn cjk_latin() -> String {
    let zh = std::fs::read_to_string(common::fixtures().join("languages/zh-beijing.txt")).unwrap();
    format!(
        "{zh}\n北京 gamma delta 北京 alpha {} beta\n",
        "a".repeat(70)
    )
}

#[test]
fn hit_sets_equal_the_local_search() {
    let Some(cluster) = cluster() else { return };
    let env = env();
    env.write("languages/zh-cjk-latin.txt", cjk_latin());
    let local = env.index();
    let shown: common::Article =
        env.json(&["show", "languages/zh-cjk-latin.txt", "--format", "json"]);
    assert_eq!(shown.lang.as_deref(), Some("zh"));
    let pushed = push(&env, &cluster);
    assert_eq!(pushed.articles, local.articles);
    assert_eq!(pushed.added, local.articles);
    let file = cluster.file.to_str().unwrap();
    let mut with_hits = 0;
    for args in QUERIES {
        let mut all = vec!["--limit", "1000"];
        all.extend_from_slice(args);
        let here = env.search(&all);
        let mut remote_args = vec!["--cluster", file];
        remote_args.extend_from_slice(&all);
        let there = env.search(&remote_args);
        assert_eq!(key(&there), key(&here), "query {args:?}");
        assert_eq!(there.partial, Some(false), "{args:?}");
        with_hits += usize::from(here.total_hits > 0);
        // Snippets are atlas's own, from the stored body: equal per article.
        for hit in &there.hits {
            let same = here.hits.iter().find(|h| h.id == hit.id).unwrap();
            assert_eq!(
                (&hit.snippet, &hit.highlights),
                (&same.snippet, &same.highlights)
            );
        }
    }
    assert!(
        with_hits >= QUERIES.len() - 6,
        "the query set must find things"
    );
}

/// What a query on the cluster finds, sorted.
fn ids(env: &Env, file: &str, query: &str) -> Vec<String> {
    let mut ids = env.ids(&["--cluster", file, "--", query]);
    ids.sort();
    ids
}

/// The quotation rows the cluster holds for an article.
fn quote_rows(cluster: &SphinxCluster, id: &str) -> usize {
    use mysql::prelude::Queryable;
    let file = atlas_search::cluster::ClusterFile::load(&cluster.file).unwrap();
    let mut conn = atlas_search::cluster::connect(&file.aggregator).unwrap();
    let token = atlas_search::cluster::tokens::id_token(id);
    let sql = format!("SELECT id FROM atlas_quotes WHERE MATCH('@meta {token}') LIMIT 100");
    conn.query::<u64, _>(sql).unwrap().len()
}

#[test]
fn a_quotation_comes_and_goes_with_its_article() {
    let Some(cluster) = cluster() else { return };
    let env = Env::empty();
    write_quoted(&env);
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap();
    let warn = "quoted/engineers-warn.txt";
    assert_eq!(
        ids(&env, file, "speaker:lopez"),
        ["quoted/dam-talks.txt", warn]
    );
    assert_eq!(quote_rows(&cluster, warn), 1);
    // Words and speaker inside one quotation, not across two.
    for (q, want) in [
        ("speaker:sharif quote:dam", "quoted/dam-talks.txt"),
        ("speaker:sharif quote:water", "quoted/water-pledge.txt"),
        ("quote:(dam water)", warn),
    ] {
        assert_eq!(ids(&env, file, q), [want], "{q}");
    }
    // Pushed again without its quotation, the article no longer quotes her.
    env.write(warn, ENGINEERS_WARN.replace('"', ""));
    let again = push(&env, &cluster);
    assert_eq!((again.added, again.updated, again.removed), (0, 1, 0));
    assert_eq!(ids(&env, file, "speaker:lopez"), ["quoted/dam-talks.txt"]);
    assert_eq!(ids(&env, file, "river"), [warn]);
    assert_eq!(quote_rows(&cluster, warn), 0);
    // Removed, its quotations go with it.
    std::fs::remove_file(env.corpus().join("quoted/water-pledge.txt")).unwrap();
    assert_eq!(quote_rows(&cluster, "quoted/water-pledge.txt"), 1);
    push(&env, &cluster);
    assert_eq!(quote_rows(&cluster, "quoted/water-pledge.txt"), 0);
    assert_eq!(ids(&env, file, "speaker:sharif"), ["quoted/dam-talks.txt"]);
    // Every search equals the local one.
    env.index();
    for q in [
        "speaker:lopez",
        "speaker:sharif",
        "quote:water",
        "-speaker:lopez",
    ] {
        let mut here = env.ids(&["--", q]);
        here.sort();
        assert_eq!(ids(&env, file, q), here, "{q}");
    }
}

#[test]
fn paging_sorting_show_and_stats_equal_the_local_ones() {
    let Some(cluster) = cluster() else { return };
    let env = env();
    env.index();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap();
    let dates = |r: &SearchResults| r.hits.iter().map(|h| h.date.clone()).collect::<Vec<_>>();
    for sort in ["newest", "oldest"] {
        let args = ["--sort", sort, "--limit", "5", "--offset", "3"];
        let here = env.search(&args);
        let there = env.search(&[&["--cluster", file][..], &args].concat());
        assert_eq!(there.total_hits, here.total_hits);
        assert_eq!(dates(&there), dates(&here), "--sort {sort}");
        assert_eq!(there.hits.first().map(|h| h.rank), Some(4));
    }
    // Relevance: the top hit where it is unambiguous (the only title match).
    let here = env.search(&["hydro"]);
    let there = env.search(&["--cluster", file, "hydro"]);
    assert_eq!(here.hits[0].id, "search/hydro.md");
    assert_eq!(there.hits[0].id, here.hits[0].id);
    let zero = env.search(&["--cluster", file, "--limit", "0", "government"]);
    assert!(zero.hits.is_empty() && zero.total_hits > 0);
    for hit in env.search(&["--limit", "1000"]).hits {
        let mut local: common::Article = env.json(&["show", &hit.id, "--format", "json"]);
        let remote: common::Article =
            env.json(&["show", "--cluster", file, &hit.id, "--format", "json"]);
        // `indexed_at` serves saved searches, which a cluster does not run.
        assert!(local.indexed_at.is_some() && remote.indexed_at.is_none());
        local.indexed_at = None;
        assert_eq!(remote, local);
    }
    let mut local: Stats = env.json(&["stats", "--format", "json"]);
    let mut remote: Stats = env.json(&["stats", "--cluster", file, "--format", "json"]);
    assert!(remote.index_bytes > 0);
    (local.index_bytes, remote.index_bytes) = (0, 0);
    local.configs.clear();
    // Copy groups are the local indexer's: a cluster answer leaves them out.
    assert!(local.copy_groups.is_some() && remote.copy_groups.is_none());
    (local.copy_groups, local.articles_in_copy_groups) = (None, None);
    // `partial` is a cluster answer's: false with every shard up.
    assert!(local.partial.is_none());
    assert_eq!(remote.partial.take(), Some(false));
    assert_eq!(remote, local);
    env.run(&["show", "--cluster", file, "no/such.txt"])
        .assert()
        .code(1);
}

/// Ids and hashes of everything the cluster serves, from `show`.
fn served(env: &Env, file: &str) -> Vec<(String, String, Option<String>)> {
    let all = env.search(&["--cluster", file, "--limit", "1000"]);
    let mut out: Vec<_> = (all.hits.into_iter())
        .map(|h| (h.id.clone(), h.title, h.date))
        .collect();
    out.sort();
    out
}

#[test]
fn incremental_push_equals_a_clean_push_and_converges_after_a_failure() {
    let Some(mut first) = cluster() else { return };
    let env = env();
    let file = first.file.to_str().unwrap().to_string();
    push(&env, &first);
    env.write(
        "shipped/new-story.txt",
        "A New Story\n\nGlaciers retreat in the north.\n",
    );
    env.write(
        "search/desk-a/glaciers.txt",
        "Glaciers Changed\n\nThe glacier story was rewritten entirely.\n",
    );
    std::fs::remove_file(env.corpus().join("markdown/argentina-peso-band.md")).unwrap();
    // A shard down mid-push: the push fails, the next one converges.
    first.kill_node(1);
    env.run(&["push", "--cluster", &file, "corpus"])
        .assert()
        .code(1);
    first.start_node(1);
    let again = push(&env, &first);
    assert!(
        again.added + again.updated + again.removed >= 1,
        "{again:?}"
    );
    let report = push(&env, &first);
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 0));
    let clean = SphinxCluster::start();
    let clean_env = env_copy(&env);
    push(&clean_env, &clean);
    let clean_file = clean.file.to_str().unwrap();
    assert_eq!(served(&env, &file), served(&clean_env, clean_file));
    for q in ["glacier", "peso", "story", "\"new story\""] {
        let a = env.search(&["--cluster", &file, "--limit", "100", q]);
        let b = clean_env.search(&["--cluster", clean_file, "--limit", "100", q]);
        assert_eq!(key(&a), key(&b), "{q}");
    }
    assert!(
        served(&env, &file)
            .iter()
            .any(|(id, ..)| id == "shipped/new-story.txt")
    );
    assert!(
        !served(&env, &file)
            .iter()
            .any(|(id, ..)| id == "markdown/argentina-peso-band.md")
    );
}

#[test]
fn a_push_killed_midway_converges_on_the_next_one() {
    let Some(reference) = cluster() else { return };
    let full = Env::empty();
    common::generated::write_subset(&full);
    common::generated::write_full(&full);
    let started = std::time::Instant::now();
    push(&full, &reference);
    let clean_push = started.elapsed();
    let ref_file = reference.file.to_str().unwrap();

    let killed = SphinxCluster::start();
    let env = Env::empty();
    common::generated::write_subset(&env);
    push(&env, &killed);
    common::generated::write_full(&env);
    let file = killed.file.to_str().unwrap();
    let mut child = env
        .std_command_at(&env.index_dir())
        .args(["push", "--cluster", file, "corpus"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(clean_push / 2);
    child.kill().unwrap(); // SIGKILL, wherever it is
    child.wait().unwrap();
    let after = push(&env, &killed);
    assert_eq!(after.articles, push(&full, &reference).articles);
    let all = |env: &Env, file: &str| {
        let r = env.search(&["--cluster", file, "--limit", "100000"]);
        let mut v: Vec<(String, String)> = r.hits.into_iter().map(|h| (h.id, h.title)).collect();
        v.sort();
        v
    };
    assert_eq!(all(&env, file), all(&full, ref_file));
}

/// A fresh environment holding the same corpus as `env`.
fn env_copy(env: &Env) -> Env {
    let copy = Env::empty();
    common::copy_dir(&env.corpus(), &copy.corpus(), &[]);
    copy
}

#[test]
fn the_incremental_summary_counts_articles() {
    let Some(cluster) = cluster() else { return };
    let env = env();
    let first = push(&env, &cluster);
    assert!(first.added > 20);
    env.write(
        "shipped/new-story.txt",
        "A New Story\n\nGlaciers retreat.\n",
    );
    env.write(
        "search/desk-a/glaciers.txt",
        "Glaciers Changed\n\nRewritten.\n",
    );
    std::fs::remove_file(env.corpus().join("markdown/argentina-peso-band.md")).unwrap();
    let second = push(&env, &cluster);
    assert_eq!((second.added, second.updated, second.removed), (1, 1, 1));
    assert_eq!(second.articles, first.articles);
    assert_eq!(second.unchanged, first.articles - 2);
}

#[test]
fn serve_answers_from_the_cluster_as_the_cli_does() {
    let Some(cluster) = cluster() else { return };
    let env = env();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap();
    let server = env.serve(&["--cluster", file]);
    let body = ureq::get(&format!("{}/api/search?q=glacier&limit=5", server.url))
        .call()
        .map(|mut r| r.body_mut().read_to_string().unwrap());
    drop(server);
    let served: SearchResults = serde_json::from_str(&body.unwrap()).unwrap();
    let cli = env.search(&["--cluster", file, "--limit", "5", "glacier"]);
    assert!(served.total_hits > 0);
    assert_eq!(served, cli);
}

/// Did you mean and `[variants]` on a cluster: the suggestions, their
/// counts and what variants add equal the local index's.
#[test]
fn suggestions_and_variants_equal_the_local_ones() {
    let Some(cluster) = cluster() else { return };
    let env = env();
    env.write(
        "atlas.toml",
        "[variants]\npakistan = [\"argentina\"]\n\"resolve for stability\" = [\"peso\"]\n",
    );
    env.index();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap();
    let queries: &[&[&str]] = &[
        &["pakistn"],
        &["goverment budgt"],
        &["--author", "wilder davenprot", "pakistan"],
        &["--desk", "centrl asia"],
        &["pakistan"],
        &["--exact", "pakistan"],
        &["resolve for stability"],
        &["\"resolve for stability\" OR glacier"],
    ];
    for args in queries {
        let mut all = vec!["--limit", "1000"];
        all.extend_from_slice(args);
        let here = env.search(&all);
        let mut remote = vec!["--cluster", file];
        remote.extend_from_slice(&all);
        let there = env.search(&remote);
        assert_eq!(key(&there), key(&here), "{args:?}");
        assert_eq!(there.suggestions, here.suggestions, "{args:?}");
        assert_eq!(there.expanded, here.expanded, "{args:?}");
    }
    assert!(!env.search(&["pakistn"]).suggestions.is_empty());
    assert!(!env.search(&["pakistan"]).expanded.is_empty());
}
