//! The SphinxQL schema of an atlas shard, named once: the full-text
//! fields, the stored article's string attributes, the filter and sort
//! attributes, and how they map to atlas's query targets and to the push
//! mirror's fields. `config` writes it, `push` fills it (`row`), `engine`
//! and `translate` query it.

use tantivy::schema::Field;

use crate::query::Target;
use crate::schema::Fields;

/// The engine's full-text fields, in schema order: atlas's stemmed token
/// streams, their unstemmed `_w` twins (what prefixes match), and `meta`
/// (the marker every article has, and date tokens).
pub const FIELDS: [&str; 11] = [
    "title",
    "body",
    "authors",
    "desk",
    "tags",
    "title_w",
    "body_w",
    "authors_w",
    "desk_w",
    "tags_w",
    "meta",
];

/// The stored article, as string attributes (the engine stores no text);
/// the body's later parts (`row::BODY_PARTS`), then the language.
pub const STRING_ATTRS: [&str; 20] = [
    "aid",
    "path",
    "s_title",
    "s_body",
    "s_authors",
    "s_desk",
    "s_tags",
    "date_source",
    "bio",
    "url",
    "hash",
    "s_body_2",
    "s_body_3",
    "s_body_4",
    "s_body_5",
    "s_body_6",
    "s_body_7",
    "s_body_8",
    "s_body_9",
    "lang",
];

/// Day number (`tokens::day_number`), 1 when dated, the year.
pub const UINT_ATTRS: [&str; 3] = [DAY, DATED, YEAR];
pub const DAY: &str = "day";
pub const DATED: &str = "dated";
pub const YEAR: &str = "year";
/// Name hashes (`tokens::name_hash`): the desk's (one value), the
/// authors' and the tags' (multi-valued).
pub const DESK_HASH: &str = "desk_h";
/// The language code's hash (`tokens::name_hash`), for the language facet.
pub const LANG_HASH: &str = "lang_h";
pub const AUTHOR_HASHES: &str = "author_h";
pub const TAG_HASHES: &str = "tag_h";
pub const MULTI_ATTRS: [&str; 2] = [AUTHOR_HASHES, TAG_HASHES];

/// The columns of a `REPLACE`, in the order `row::row_into` writes them.
pub fn columns() -> Vec<&'static str> {
    std::iter::once("id")
        .chain(FIELDS)
        .chain(STRING_ATTRS)
        .chain(UINT_ATTRS)
        .chain([DESK_HASH, LANG_HASH])
        .chain(MULTI_ATTRS)
        .collect()
}

/// The columns of a stored article, in the order `engine::article_of`
/// reads them.
pub const ARTICLE_COLUMNS: &str = "id, WEIGHT() AS w, aid, path, s_title, s_body, s_authors, s_desk, s_tags, date_source, bio, url, hash, day, \
     s_body_2, s_body_3, s_body_4, s_body_5, s_body_6, s_body_7, s_body_8, s_body_9, lang";

/// The facets: grouped by which attribute, named from which stored column.
pub const FACETS: [(&str, &str); 4] = [
    (DESK_HASH, "s_desk"),
    (LANG_HASH, "lang"),
    (YEAR, YEAR),
    (AUTHOR_HASHES, "s_authors"),
];

/// The engine fields a query target searches (stemmed) and their prefix
/// twins.
pub fn target_fields(target: Target) -> &'static [(&'static str, &'static str)] {
    match target {
        Target::Default => &[
            ("title", "title_w"),
            ("body", "body_w"),
            ("authors", "authors_w"),
            ("desk", "desk_w"),
            ("tags", "tags_w"),
        ],
        Target::Title => &[("title", "title_w")],
        Target::Body => &[("body", "body_w")],
        Target::Authors => &[("authors", "authors_w")],
        Target::Desk => &[("desk", "desk_w")],
        Target::Tags => &[("tags", "tags_w")],
        Target::Date | Target::Lang => &[],
        // Answered by the quote tables before translation (`quotes`),
        // and an article id is a `meta` token (`translate`).
        Target::Speaker | Target::Quote | Target::Id => &[],
    }
}

/// What a quote table's name ends with: beside each shard's article table
/// (`atlas_shard1_quotes`) and the aggregator's (`atlas_quotes`), one row
/// per quotation in an article row's shape (`quotes`).
pub const QUOTES_SUFFIX: &str = "_quotes";

/// The quote table beside the article table `index`.
pub fn quotes_table(index: &str) -> String {
    format!("{index}{QUOTES_SUFFIX}")
}

/// The push mirror's field behind an engine field (prefixes expand over
/// the mirror's terms).
pub fn mirror_field(f: Fields, engine: &str) -> Option<Field> {
    Some(match engine {
        "title" => f.title,
        "body" => f.body,
        "authors" => f.authors,
        "desk" => f.desk,
        "tags" => f.tags,
        "title_w" => f.title_words,
        "body_w" => f.body_words,
        "authors_w" => f.author_words,
        "desk_w" => f.desk_words,
        "tags_w" => f.tag_words,
        _ => return None,
    })
}
