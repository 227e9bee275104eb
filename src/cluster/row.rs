//! One article as a row of a `REPLACE` statement: atlas's token streams
//! for the full-text fields, the stored article as string attributes, and
//! the filter and sort attributes (the column order of `push`'s header).

use super::tokens::{self, MARKER};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{self, lang, lang::ByLanguage};
use crate::article::Article;

/// The most a string attribute holds: Sphinx 2.2 keeps a string's length
/// in 22 bits and silently wraps a longer one (a 30 MB body came back as
/// its last 0.6 MB), so nothing longer is ever sent.
pub const STRING_MAX: usize = (4 << 20) - 1;
/// String attributes the body is stored across (`s_body`, then
/// `s_body_2` …): 36 MB, more than the largest article file atlas reads.
pub const BODY_PARTS: usize = 9;

/// The body cut at character boundaries into pieces a string attribute
/// holds, or `None` when it needs more than `BODY_PARTS`.
pub fn body_parts(body: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let mut cut = rest.len().min(STRING_MAX);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    (parts.len() <= BODY_PARTS).then_some(parts)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
}

/// One `( … )` row, appended to `out`: the token fields, the stored
/// article, the attributes. Written piece by piece into the statement, so
/// that a large article is held once, not once per step. `Err` says why
/// the engine cannot store the article (nothing is written then).
pub fn row_into<'a>(out: &mut String, doc: u64, a: &'a Article, hash: &str) -> Result<(), String> {
    let json = |x: &Vec<String>| serde_json::to_string(x).unwrap_or_default();
    let opt = |x: &Option<String>| x.clone().unwrap_or_default();
    let (authors_json, tags_json) = (json(&a.authors), json(&a.tags));
    let (desk_s, bio_s, url_s) = (opt(&a.desk), opt(&a.bio), opt(&a.url));
    for (what, value) in [
        ("id", a.id.as_str()),
        ("path", &a.path),
        ("title", &a.title),
        ("author list", &authors_json),
        ("desk", &desk_s),
        ("tag list", &tags_json),
        ("bio", &bio_s),
        ("url", &url_s),
    ] {
        if value.len() > STRING_MAX {
            return Err(format!(
                "its {what} is {}, more than the {} the engine keeps in one string",
                mb(value.len()),
                mb(STRING_MAX + 1)
            ));
        }
    }
    let Some(mut body) = body_parts(&a.body) else {
        return Err(format!(
            "its body is {}, more than the {} the cluster stores for one article",
            mb(a.body.len()),
            mb(BODY_PARTS * (STRING_MAX + 1))
        ));
    };
    body.resize(BODY_PARTS, "");
    // Every text field in the article's own language, as the local index
    // analyses it (`analysis::lang`, `schema::to_document`).
    let mut text = TextAnalyzer::from(ByLanguage::new(analysis::text_analyzer(), lang::tagged));
    let mut raw = TextAnalyzer::from(ByLanguage::new(
        analysis::unstemmed_analyzer(),
        lang::unstemmed,
    ));
    let marked = |s: &'a str| lang::marked(a.lang.as_deref(), s);
    let title = marked(&a.title);
    let body_text = marked(&a.body);
    let authors: Vec<_> = a.authors.iter().map(|s| marked(s)).collect();
    let desk: Vec<_> = a.desk.iter().map(|s| marked(s)).collect();
    let tags: Vec<_> = a.tags.iter().map(|s| marked(s)).collect();
    let (authors, desk, tags) = (as_strs(&authors), as_strs(&desk), as_strs(&tags));
    let mut meta = vec![MARKER.to_string(), tokens::id_token(&a.id)];
    if let Some(d) = a.date {
        meta.extend(tokens::date_tokens(d));
    }
    if let Some(lang) = &a.lang {
        meta.push(tokens::lang_token(lang));
    }
    out.push('(');
    out.push_str(&doc.to_string());
    let values: [&[&str]; 5] = [
        &[title.as_ref()],
        &[body_text.as_ref()],
        &authors,
        &desk,
        &tags,
    ];
    for stemmed in [true, false] {
        let analyzer = if stemmed { &mut text } else { &mut raw };
        for field in values {
            // Encoded tokens are `[a-z0-9_ ]`: nothing to escape.
            out.push_str(", '");
            tokens::field_text_into(out, analyzer, field);
            out.push('\'');
        }
    }
    let date_source = a.date_source.map_or("", |s| s.as_str());
    let meta = meta.join(" ");
    let strings = [
        meta.as_str(),
        &a.id,
        &a.path,
        &a.title,
        body[0],
        &authors_json,
        &desk_s,
        &tags_json,
        date_source,
        &bio_s,
        &url_s,
        hash,
    ];
    let lang = a.lang.as_deref().unwrap_or("");
    let after_body = std::iter::once(lang);
    for s in (strings.into_iter())
        .chain(body[1..].iter().copied())
        .chain(after_body)
    {
        out.push_str(", ");
        quote_into(out, s);
    }
    let (day, year) = a.date.map_or((0, 0), |d| {
        let c = tokens::clamp(d);
        (tokens::day_number(d), chrono::Datelike::year(&c) as u32)
    });
    let hashes = |names: &[String]| {
        let h: Vec<String> = names
            .iter()
            .map(|n| tokens::name_hash(n).to_string())
            .collect();
        format!("({})", h.join(","))
    };
    for v in [
        day.to_string(),
        u32::from(a.date.is_some()).to_string(),
        year.to_string(),
        a.desk.as_deref().map_or(0, tokens::name_hash).to_string(),
        a.lang.as_deref().map_or(0, tokens::name_hash).to_string(),
        hashes(&a.authors),
        hashes(&a.tags),
    ] {
        out.push_str(", ");
        out.push_str(&v);
    }
    out.push(')');
    Ok(())
}

fn as_strs<'s>(values: &'s [std::borrow::Cow<'_, str>]) -> Vec<&'s str> {
    values.iter().map(|v| v.as_ref()).collect()
}

/// A SphinxQL string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

pub fn quote_into(out: &mut String, s: &str) {
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_cut_at_characters_into_parts_a_string_holds() {
        let body = "é".repeat(STRING_MAX); // 2 bytes each: two full parts and a bit
        let parts = body_parts(&body).unwrap();
        assert_eq!(parts.concat(), body);
        assert!(parts.iter().all(|p| p.len() <= STRING_MAX));
        assert_eq!(parts.len(), 3);
        assert!(body_parts(&"x".repeat(BODY_PARTS * STRING_MAX)).is_some());
        assert!(body_parts(&"x".repeat(BODY_PARTS * STRING_MAX + 1)).is_none());
        assert_eq!(body_parts(""), Some(vec![]));
    }
}
