//! What the newsroom readers make of the markup inside an item: drop caps
//! and other inline elements (no space added), entities in WordPress names
//! (decoded once), which NITF `body.content` is the story, bylines whose
//! name never arrived, and the one depth guard every HTML and XML item
//! passes (a deep item is skipped as that item, its siblings indexed).

mod common;

use common::parse::by_id;

use atlas_search::parse::{Parsed, SkipReason, parse};

fn fixture(dir: &str, name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{dir}/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// `(path, reason)` of every skip, for one assertion.
fn skips(parsed: &Parsed) -> Vec<(String, String)> {
    parsed
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.to_string()))
        .collect()
}

const TOO_DEEP: &str = "nested deeper than 4096 elements";

#[test]
fn wordpress_drop_caps_cells_and_escaped_names() {
    let parsed = parse(
        "cms/magazine-export.xml",
        fixture("xml", "magazine-export.xml").as_bytes(),
    );
    let articles = by_id(&parsed);
    assert_eq!(articles.len(), 3, "{parsed:?}");
    let a = &articles["cms/magazine-export.xml#301"];
    // `<span class="dropcap">T</span>he`: one word.
    assert!(
        a.body
            .starts_with("The harbour master, Ewan Reid, will retire"),
        "{}",
        a.body
    );
    assert!(a.body.contains("the rebuilding of the north quay"));
    // Table cells are separated, not glued ("20021,140").
    assert!(a.body.contains("Vessels in 2002 1,140"), "{}", a.body);
    assert_eq!(a.authors, ["Hanna Lindqvist"]);
    // Term names arrive HTML-escaped inside CDATA: decoded once, completely.
    assert_eq!(a.desk.as_deref(), Some("News & Politics"));
    assert_eq!(a.tags, ["Editor\u{2019}s picks", "Q&A"]);

    // `[dropcap]O[/dropcap]n`: the shortcode's tags leave nothing.
    let b = &articles["cms/magazine-export.xml#302"];
    assert_eq!(
        b.body,
        "On Saturday afternoon the volunteer crew launched within eight minutes of the call.\n\n\
         Both kayakers were brought ashore cold but unhurt, the coastguard said."
    );
    assert_eq!(b.desk.as_deref(), Some("Rescue & Safety"));

    let c = &articles["cms/magazine-export.xml#303"];
    assert_eq!(c.title, "Fish & chip shop wins regional award");
    assert_eq!(c.desk.as_deref(), Some("Food & Drink"));
    assert_eq!(
        c.body,
        "A family-run shop on the esplanade has been named the best in the region.\n\n\
         The judges praised its haddock and its mushy peas."
    );
    for article in articles.values() {
        let fields = format!("{article:?}");
        assert!(
            !fields.contains("&amp;") && !fields.contains("&#"),
            "{fields}"
        );
    }
}

/// The same rule on a web page: a drop cap directly in the content `div`
/// and one inside a `<p>` stay whole words; cells are not glued.
#[test]
fn web_page_drop_caps_and_cells() {
    let page = fixture("html", "dropcap-trade-news.html");
    let parsed = parse("web/dropcap-trade-news.html", page.as_bytes());
    assert_eq!(parsed.articles.len(), 1, "{parsed:?}");
    let body = &parsed.articles[0].article.body;
    assert!(
        body.contains("\n\nDie Hafengesellschaft führt den Anstieg"),
        "{body}"
    );
    assert!(body.contains("\n\nIn den kommenden zwei Jahren"), "{body}");
    for word in ["Jahr", "TEU", "2020", "56.000"] {
        assert!(
            body.split_whitespace().any(|w| w == word),
            "{word} is not a word of: {body}"
        );
    }
}

#[test]
fn nitf_body_is_the_body_not_a_note() {
    let parsed = parse(
        "wire/nitf-editors-note.xml",
        fixture("xml", "nitf-editors-note.xml").as_bytes(),
    );
    assert_eq!(parsed.articles.len(), 1, "{parsed:?}");
    let a = &parsed.articles[0].article;
    assert_eq!(a.title, "Winter ferry timetable cuts evening sailings");
    // Both `nitf/body/body.content` count; the note's does not.
    assert_eq!(
        a.body,
        "The last evening sailing to the outer islands will be dropped from November, \
         Northern Isles Ferries said on Tuesday.\n\n\
         The operator blamed a shortage of crew.\n\n\
         Island councillors called the cut \"a blow to every family with a job on the mainland.\""
    );
    assert_eq!(a.authors, ["MAIRI CAMPBELL"]);
    assert_eq!(a.desk.as_deref(), Some("Transport"));
}

#[test]
fn nitf_byline_without_its_name_gives_no_author() {
    let xml = fixture("xml", "nitf-byline-placeholder.xml");
    // As delivered (`By &author;`, the entity declared nowhere atlas reads),
    // and as an earlier tool may have escaped it (`By &amp;author;`).
    let escaped = xml.replace("By &author;", "By &amp;author;");
    for (name, text) in [("as-delivered.xml", &xml), ("escaped.xml", &escaped)] {
        let parsed = parse(name, text.as_bytes());
        assert_eq!(parsed.articles.len(), 1, "{name}: {parsed:?}");
        let a = &parsed.articles[0].article;
        assert_eq!(a.title, "Spring tides to flood low-lying roads");
        assert!(a.authors.is_empty(), "{name}: {:?}", a.authors);
    }
    // A byline with a name keeps it.
    let named = xml.replace("By &author;", "By SEAN O'HARA, Regional Wire");
    let parsed = parse("named.xml", named.as_bytes());
    assert_eq!(parsed.articles[0].article.authors, ["SEAN O'HARA"]);
}

/// A WordPress export with one post whose HTML is nested a million levels
/// deep among ordinary posts: that post is skipped with the guard's reason,
/// the others are indexed. (The guard stops at the 4,097th level, so the
/// test costs one linear read of 5 MB.)
#[test]
fn deep_html_in_a_post_is_skipped_as_that_post() {
    let export = fixture("xml", "magazine-export.xml");
    let deep_item = format!(
        "<item><title><![CDATA[Nested]]></title><dc:creator><![CDATA[tmensah]]></dc:creator>\
         <content:encoded><![CDATA[{}<p>Deep text.</p>]]></content:encoded>\
         <wp:post_id>399</wp:post_id><wp:post_date><![CDATA[2024-09-01 12:00:00]]></wp:post_date>\
         <wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>\n\t",
        "<div>".repeat(1_000_000)
    );
    let second = export.match_indices("<item>").nth(1).unwrap().0;
    let mut xml = export.clone();
    xml.insert_str(second, &deep_item);
    let parsed = parse("cms/export.xml", xml.as_bytes());
    assert_eq!(
        skips(&parsed),
        [("cms/export.xml#399".to_string(), TOO_DEEP.to_string())]
    );
    assert_eq!(
        parsed.skipped[0].reason,
        SkipReason::TooDeep { limit: 4096 }
    );
    let ids: Vec<String> = by_id(&parsed).into_keys().collect();
    assert_eq!(
        ids,
        [
            "cms/export.xml#301",
            "cms/export.xml#302",
            "cms/export.xml#303"
        ]
    );
}

/// NewsML-G2: deep HTML in an `inlineData` (escaped) and deep XHTML in an
/// `inlineXML` are each skipped as their item (`path#N`, N counting text
/// items), with the depth named, not a size; the other items are indexed.
#[test]
fn deep_inline_content_in_newsml_is_skipped_as_that_item() {
    let message = fixture("xml", "wire-message.xml");
    let item = |guid: &str, content: &str| {
        format!(
            "<newsItem guid=\"urn:newsml:wire.example.com:20240624:{guid}\" version=\"1\" standard=\"NewsML-G2\" standardversion=\"2.29\">\n\
             <itemMeta><itemClass qcode=\"ninat:text\"/><provider qcode=\"nprov:WIRE\"/>\
             <versionCreated>2024-06-24T10:55:00Z</versionCreated><pubStatus qcode=\"stat:usable\"/></itemMeta>\n\
             <contentMeta><headline>Nested {guid}</headline></contentMeta>\n\
             <contentSet>{content}</contentSet></newsItem>\n    "
        )
    };
    let data = item(
        "deep-data",
        &format!(
            "<inlineData contenttype=\"text/html\">{}&lt;p&gt;Deep text.&lt;/p&gt;</inlineData>",
            "&lt;div&gt;".repeat(100_000)
        ),
    );
    let xhtml = item(
        "deep-xhtml",
        &format!(
            "<inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>{}<p>Deep text.</p>{}</body></html></inlineXML>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    );
    let at = message.match_indices("<newsItem").nth(1).unwrap().0;
    let mut xml = message.clone();
    xml.insert_str(at, &format!("{data}{xhtml}"));
    let parsed = parse("wire/message.xml", xml.as_bytes());
    assert_eq!(
        skips(&parsed),
        [
            ("wire/message.xml#2".to_string(), TOO_DEEP.to_string()),
            ("wire/message.xml#3".to_string(), TOO_DEEP.to_string()),
        ]
    );
    let articles = by_id(&parsed);
    assert_eq!(
        articles.keys().collect::<Vec<_>>(),
        ["wire/message.xml#1", "wire/message.xml#4"]
    );
    assert_eq!(
        articles["wire/message.xml#4"].title,
        "Shares slip as floods hit insurers"
    );
}

/// A WARC whose second HTML response is nested 100,000 levels deep: that
/// record is skipped by name with the guard's reason, the others indexed.
#[test]
fn deep_page_in_a_warc_is_skipped_as_that_record() {
    let page = fixture("html", "dropcap-trade-news.html");
    let deep = format!(
        "<html><body><h1>Deep</h1>{}<p>text</p></body></html>",
        "<div>".repeat(100_000)
    );
    let mut warc = Vec::new();
    for (i, body) in [&page, &deep, &page].iter().enumerate() {
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://logistik-kompakt.example.de/p/{i}\r\n\
             WARC-Date: 2024-09-0{}T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0000000{i}>\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            i + 1,
            http.len()
        );
        warc.extend_from_slice(record.as_bytes());
    }
    let parsed = parse("crawl/site.warc", &warc);
    assert_eq!(
        skips(&parsed),
        [("crawl/site.warc#2".to_string(), TOO_DEEP.to_string())]
    );
    let ids: Vec<String> = by_id(&parsed).into_keys().collect();
    assert_eq!(ids, ["crawl/site.warc#1", "crawl/site.warc#3"]);
}

/// The indexer reports the deep post by name and indexes its siblings.
#[test]
fn the_indexer_names_the_deep_post_and_indexes_the_rest() {
    let env = common::Env::empty();
    let export = fixture("xml", "magazine-export.xml");
    let deep_item = format!(
        "<item><title>Nested</title><content:encoded><![CDATA[{}]]></content:encoded>\
         <wp:post_id>399</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n",
        "<span>".repeat(200_000)
    );
    let end = export.rfind("</channel>").unwrap();
    env.write(
        "export.xml",
        format!("{}{deep_item}{}", &export[..end], &export[end..]),
    );
    let report = env.index();
    assert_eq!(report.added, 3);
    let skipped: Vec<(&str, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(skipped, [("export.xml#399", TOO_DEEP)]);
}
