//! Unit tests of `fields`: page dates and Dublin Core names (desks: `desk`).

use super::*;

fn date_of(page: &str) -> Option<NaiveDate> {
    let doc = Html::parse_document(page);
    let m = super::super::meta::gather(&doc);
    let h1 = doc
        .select(&scraper::Selector::parse("h1").expect("valid selector"))
        .next()
        .map(|h| h.id());
    page_date(&doc, &m, h1)
}

#[test]
fn a_cited_reference_year_does_not_hide_the_page_date() {
    // A journal page: its references carry `itemprop=datePublished`
    // years before the page's own `dc.date`.
    let page = r#"<html lang="en"><head><meta name="dc.date" content="2017-01-30"></head><body>
        <h1>Drug Reaction with Eosinophilia</h1><p>Text of the review.</p>
        <ol class="references"><li><meta itemprop="datePublished" content="1988">Shear NH. 1988.</li></ol>
        </body></html>"#;
    assert_eq!(date_of(page), NaiveDate::from_ymd_opt(2017, 1, 30));
}

#[test]
fn a_time_said_to_be_an_update_is_not_the_publication() {
    let page = r#"<html lang="en"><head>
        <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2017-12-15T08:50:02-05:00"}</script>
        </head><body><article><h1>The 21 best movies of 2017</h1>
        <div class="c-byline">By Alissa Wilkinson <span class="c-byline__item">Updated
        <time class="c-byline__item" datetime="2018-07-24T18:15:58+00:00">Jul 24, 2018, 2:15pm EDT</time></span></div>
        <p>The year in film was full of surprises.</p></article></body></html>"#;
    assert_eq!(date_of(page), NaiveDate::from_ymd_opt(2017, 12, 15));
}

#[test]
fn dublin_core_names_in_reading_order() {
    let cases = [
        ("Jong, Michiel de", "Michiel de Jong"),
        ("Kooman, F.", "F. Kooman"),
        ("Picheta, CNN", "Picheta, CNN"),
        ("Rob Picheta, CNN", "Rob Picheta, CNN"),
        ("Jane Doe", "Jane Doe"),
    ];
    for (raw, want) in cases {
        assert_eq!(reading_order(raw), want, "{raw}");
    }
    let page = r#"<html><head><meta name="DC.Creator" content="Kooman, F.">
        <meta name="DC.Creator" content="Jong, Michiel de"></head><body><h1>remoteStorage</h1>
        <p>The protocol.</p></body></html>"#;
    let doc = Html::parse_document(page);
    let m = super::super::meta::gather(&doc);
    assert_eq!(
        authors(&doc, &m, None, None, None, &[]),
        ["F. Kooman", "Michiel de Jong"]
    );
}
