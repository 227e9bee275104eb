//! E-mail (SPEC "E-mail"), on messages Python's `email` and `mailbox`
//! packages wrote (`tests/fixtures/documents/make_mail.py`): subject,
//! sender, date, body without signature, attachments as articles with
//! their ids, the others listed; a mailbox streamed one message per
//! article, also without an extension; a thread not collapsed as copies;
//! traps refused with the run intact; an incremental run over a changed
//! mailbox.

mod common;

use std::collections::BTreeMap;

use atlas_search::article::{Article, DateSource};
use atlas_search::parse::parse;
use common::{Env, fixtures};

fn mail(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("documents/mail").join(name)).expect("fixture")
}

fn by_id(rel: &str, bytes: &[u8]) -> BTreeMap<String, Article> {
    let parsed = parse(rel, bytes);
    let mut out = BTreeMap::new();
    for item in parsed.articles {
        out.insert(item.article.id.clone(), item.article);
    }
    out
}

#[test]
fn a_message_with_attachments() {
    let parsed = parse("tips/tip.eml", &mail("tip.eml"));
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let articles = by_id("tips/tip.eml", &mail("tip.eml"));
    let ids: Vec<&str> = articles.keys().map(String::as_str).collect();
    // The message; report.docx, release.pdf and notes.txt by name; the
    // unnamed text part, both `memo.txt` and `a/b.txt` by part number.
    assert_eq!(ids.len(), 8, "{ids:?}");
    for id in [
        "tips/tip.eml",
        "tips/tip.eml/report.docx",
        "tips/tip.eml/release.pdf",
        "tips/tip.eml/notes.txt",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let parts: Vec<&&str> = ids.iter().filter(|i| i.contains("/part-")).collect();
    assert_eq!(parts.len(), 4, "{ids:?}");
    assert!(
        !ids.iter()
            .any(|i| i.contains("memo.txt") || i.contains("/b.txt"))
    );

    let msg = &articles["tips/tip.eml"];
    assert_eq!(msg.title, "Harbour wall leak – documents");
    assert_eq!(msg.authors, ["Léa Martin"]);
    // The date as written (-05:00), not moved to UTC.
    assert_eq!(
        msg.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-18")
    );
    assert_eq!(msg.date_source, Some(DateSource::Explicit));
    assert!(
        msg.body.contains("The café owners on the quay"),
        "{:?}",
        msg.body
    );
    assert!(
        !msg.body.contains("Residents' Association"),
        "signature: {:?}",
        msg.body
    );
    let listed: Vec<(&str, &str)> = msg
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.content_type.as_str()))
        .collect();
    assert_eq!(
        listed,
        [("photo.jpg", "image/jpeg"), ("costs.csv", "text/csv")]
    );
    assert_eq!(msg.attachments[0].size, 11 + 256);

    let report = &articles["tips/tip.eml/report.docx"];
    assert_eq!(report.title, "Harbour Flood Defences Review");
    assert_eq!(report.path, "tips/tip.eml");
    // Its own date wins; an attachment without one takes the message's.
    assert_eq!(
        report.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-14")
    );
    // A PDF goes where PDF files go: the PDF reader.
    let release = &articles["tips/tip.eml/release.pdf"];
    assert_eq!(release.title, "Port Authority Confirms New Ferry Terminal");
    assert_eq!(release.authors, ["Helena Marchetti"]);
    let notes = &articles["tips/tip.eml/notes.txt"];
    assert!(notes.body.contains("pump station flooded"));
    let unnamed = parts
        .iter()
        .map(|id| &articles[**id])
        .find(|a| a.title.contains("tide gauge") || a.body.contains("tide gauge"))
        .expect("the unnamed part");
    assert_eq!(
        unnamed.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-18")
    );
    assert!(unnamed.attachments.is_empty());
}

#[test]
fn a_mailbox_is_one_article_per_message() {
    for rel in ["box/thread.mbox", "box/inbox"] {
        let bytes = mail("thread.mbox");
        let parsed = parse(rel, &bytes);
        assert!(parsed.skipped.is_empty(), "{rel}: {:?}", parsed.skipped);
        let articles = by_id(rel, &bytes);
        let ids: Vec<&str> = articles.keys().map(String::as_str).collect();
        let want = [
            format!("{rel}#1"),
            format!("{rel}#2"),
            format!("{rel}#3"),
            format!("{rel}#3/ferry-draft.odt"),
        ];
        assert_eq!(
            ids,
            want.iter().map(String::as_str).collect::<Vec<_>>(),
            "{rel}"
        );
        let first = &articles[&want[0]];
        assert_eq!(first.title, "Sea wall inspection at Pier 4");
        assert_eq!(first.authors, ["Tom Reyes"]);
        // `>From ` in the mailbox was the body's `From `.
        assert!(
            first
                .body
                .ends_with("From the harbour office, with thanks."),
            "{:?}",
            first.body
        );
        let reply = &articles[&want[1]];
        assert_eq!(reply.title, "Sea wall inspection at Pier 4");
        // No display name: the address.
        assert_eq!(reply.authors, ["council-press@example.gov"]);
        assert!(
            reply.body.contains("> The harbour authority confirmed"),
            "quotes kept"
        );
        let html = &articles[&want[2]];
        assert_eq!(html.title, "Ferry timetable");
        assert_eq!(html.authors, ["José García"]);
        assert!(
            html.body
                .contains("The ferry timetable for the winter season changes on Monday.")
        );
        assert!(html.body.contains("Señal de alarma"), "{:?}", html.body);
        assert!(!html.body.contains("<b>"));
        let odt = &articles[&want[3]];
        assert_eq!(odt.title, "Ferry Timetable Cuts Anger Islanders");
        assert_eq!(
            odt.date.map(|d| d.to_string()).as_deref(),
            Some("2023-11-02")
        );
    }
}

/// A forwarded message (attached as `message/rfc822`) is an article of its
/// own, with its own sender, subject and date, and its attachment too.
#[test]
fn a_forwarded_message_is_read() {
    let rel = "tips/forwarded.eml";
    let parsed = parse(rel, &mail("forwarded.eml"));
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let articles = by_id(rel, &mail("forwarded.eml"));
    let ids: Vec<&str> = articles.keys().map(String::as_str).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let outer = &articles[rel];
    assert_eq!(outer.authors, ["Sam Okoye"]);
    assert!(outer.attachments.is_empty(), "{:?}", outer.attachments);
    let (id, inner) = articles
        .iter()
        .find(|(_, a)| a.authors == ["Tomás Ruiz"])
        .expect("the forwarded message");
    assert!(id.starts_with("tips/forwarded.eml/part-"), "{id}");
    assert_eq!(inner.title, "Minutes of the harbour committee, 1 February");
    assert_eq!(
        inner.date.map(|d| d.to_string()).as_deref(),
        Some("2024-02-01")
    );
    assert!(inner.body.contains("defer the sea wall repairs"));
    assert_eq!(inner.path, rel);
    // Its own attachment, under its id.
    let actions = format!("{id}/actions.txt");
    // A one-line text file: the line is its title.
    let actions = &articles[&actions];
    assert!(actions.title.contains("second quote"), "{actions:?}");
}

/// A message forwarded inside a message, 40 times over: read to the
/// attachment depth, the deeper one a skip with its reason, at once.
#[test]
fn forwarding_nested_deep_is_bounded() {
    let mut msg = String::from(
        "From: Deep <d@example.com>\nSubject: level 40\nDate: Mon, 24 Jun 2024 10:00:00 +0000\n\nInnermost.\n",
    );
    for level in (0..40).rev() {
        msg = format!(
            "From: Deep <d@example.com>\nSubject: level {level}\nDate: Mon, 24 Jun 2024 10:00:00 +0000\n\
             MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"L{level}\"\n\n\
             --L{level}\nContent-Type: text/plain\n\nLevel {level}.\n\
             --L{level}\nContent-Type: message/rfc822\n\n{msg}\n--L{level}--\n"
        );
    }
    let started = std::time::Instant::now();
    let parsed = parse("deep.eml", msg.as_bytes());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert!(!parsed.articles.is_empty());
    assert!(parsed.articles.len() <= 5, "{}", parsed.articles.len());
    let reasons: Vec<String> = parsed
        .skipped
        .iter()
        .map(|s| s.reason.to_string())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("nested more than")),
        "{reasons:?}"
    );
}

/// Messages of 10,000 MIME parts, MIME nested 5,000 deep, and a message
/// that is not one: each refused, the messages around them read.
#[test]
fn traps_in_a_mailbox() {
    let mut many = String::from(
        "From a@b Mon Jun 24 10:00:00 2024\nFrom: a@b\nSubject: many\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"XX\"\n\n",
    );
    for i in 0..10_000 {
        many.push_str(&format!("--XX\nContent-Type: text/plain\n\npart {i}\n"));
    }
    many.push_str("--XX--\n\n");
    let mut deep = String::from(
        "From a@b Mon Jun 24 10:00:00 2024\nFrom: a@b\nSubject: deep\nMIME-Version: 1.0\n",
    );
    for i in 0..5_000 {
        deep.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"B{i}\"\n\n--B{i}\n"
        ));
    }
    deep.push_str("Content-Type: text/plain\n\ndeep text\n\n");
    let good = |n: usize| {
        format!(
            "From a@b Mon Jun 24 10:00:00 2024\nFrom: Jane Roe <j@example.com>\n\
             Subject: Good {n}\nDate: Mon, 24 Jun 2024 10:00:00 +0000\n\nBody {n}.\n\n"
        )
    };
    let mbox = format!("{}{many}{}{deep}{}", good(1), good(2), good(3));
    let started = std::time::Instant::now();
    let parsed = parse("traps.mbox", mbox.as_bytes());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let titles: Vec<&str> = parsed
        .articles
        .iter()
        .map(|a| a.article.title.as_str())
        .collect();
    assert!(titles.starts_with(&["Good 1"]), "{titles:?}");
    assert!(
        titles.contains(&"Good 2") && titles.contains(&"Good 3"),
        "{titles:?}"
    );
    let skipped: Vec<String> = parsed
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.path, s.reason))
        .collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("traps.mbox#2: e-mail with") && s.contains("MIME parts")),
        "{skipped:?}"
    );
    // The deep message: refused or read, but bounded and not the run's end.
    assert!(
        parsed.articles.len() + parsed.skipped.len() >= 5,
        "{skipped:?}"
    );
    // Not mail at all.
    let noise = parse("noise.eml", b"\x00\x01\x02 binary noise \xff\xfe");
    assert_eq!(noise.articles.len(), 0);
    assert!(
        noise.skipped[0]
            .reason
            .to_string()
            .contains("not an e-mail message")
    );
    let not_mbox = parse("notes.mbox", b"Just some notes.\nFrom here on.\n");
    assert!(
        not_mbox.skipped[0]
            .reason
            .to_string()
            .contains("not a mailbox")
    );
}

/// A reply quoting its first message in full is no copy of it.
#[test]
fn a_thread_is_not_collapsed_as_copies() {
    let env = Env::empty();
    env.copy_fixture("documents/mail", "mail");
    let report = env.index();
    assert_eq!(
        report.files,
        report.files_indexed + report.files_skipped + report.files_set_aside
    );
    // Each mailbox's reply and first message stay apart; the two
    // mailboxes (the same messages) are copies of each other.
    let hits = env.search(&["\"sea wall\"", "--collapse"]);
    let messages: Vec<(&str, Option<usize>)> = (hits.hits.iter())
        .filter(|h| h.id.contains(".mbox#") || h.id.contains("inbox#"))
        .filter(|h| h.id.split_once('#').is_some_and(|(_, n)| !n.contains('/')))
        .map(|h| (h.id.as_str(), h.copies))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages.iter().all(|(_, copies)| *copies == Some(1)),
        "{messages:?}"
    );
    let ends: Vec<&str> = messages.iter().map(|(id, _)| &id[id.len() - 2..]).collect();
    assert!(ends.contains(&"#1") && ends.contains(&"#2"), "{messages:?}");
    let show: Article = env.json(&["show", "mail/inbox#2", "--format", "json"]);
    assert_eq!(show.title, "Sea wall inspection at Pier 4");
    let show: serde_json::Value = env.json(&["show", "mail/tip.eml", "--format", "json"]);
    let listed = serde_json::json!([
        {"name": "photo.jpg", "type": "image/jpeg", "size": 267},
        {"name": "costs.csv", "type": "text/csv", "size": 20},
    ]);
    assert_eq!(show["attachments"], listed);
    let hit = env.search(&["harbour", "--desk", "nothing-such"]);
    assert!(hit.hits.is_empty());
    let found: serde_json::Value = env.json(&["search", "--format", "json", "café"]);
    let tip = (found["hits"].as_array().unwrap().iter())
        .find(|h| h["id"] == "mail/tip.eml")
        .expect("the message is found");
    assert_eq!(tip["attachments"], listed);
    let no_list = (found["hits"].as_array().unwrap().iter())
        .all(|h| h["id"] == "mail/tip.eml" || h.get("attachments").is_none());
    assert!(no_list, "attachments only on the message: {found}");
}

/// A message added to a mailbox is added; the others are unchanged.
#[test]
fn a_changed_mailbox_is_reindexed_incrementally() {
    let env = Env::empty();
    let bytes = mail("thread.mbox");
    env.write("box.mbox", &bytes);
    let first = env.index();
    assert_eq!(first.added, 4, "{first:?}");
    let before: Article = env.json(&["show", "box.mbox#1", "--format", "json"]);
    let mut more = bytes.clone();
    more.extend_from_slice(
        b"From x@y Mon Jun 24 10:00:00 2024\nFrom: Ana Ruiz <ana@example.com>\n\
          Subject: Pier 4 update\nDate: Mon, 24 Jun 2024 10:00:00 +0000\n\n\
          Repairs on the sea wall start next week.\n",
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write("box.mbox", &more);
    let second = env.index();
    assert_eq!(
        (second.added, second.updated, second.removed),
        (1, 0, 0),
        "{second:?}"
    );
    let after: Article = env.json(&["show", "box.mbox#1", "--format", "json"]);
    assert_eq!(before.indexed_at, after.indexed_at);
    let new: Article = env.json(&["show", "box.mbox#4", "--format", "json"]);
    assert_eq!(new.authors, ["Ana Ruiz"]);
}
