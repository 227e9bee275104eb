//! The query language, from what the user typed to a tantivy `Query`.
//!
//! Parsed here rather than by tantivy's `QueryParser` because three things
//! users type are ours to translate: single-word prefixes (`desalin*`),
//! punctuation inside words (`Pakistan's`, `U.S.`, `Azm-i-Istehkam` are
//! searches, not syntax) and friendly dates (`date:2024-06`,
//! `date:[2023 TO 2024-06]`). The rooms: `syntax` (text → tree), `build`
//! (tree → tantivy query), `highlight` (tree → what snippets mark),
//! `filters` (the exact-name and date flags), `fuzzy` (`word~`).

mod build;
mod filters;
pub mod fuzzy;
mod highlight;
mod langs;
mod lex;
mod syntax;

pub use build::{PHRASE_PREFIX_MAX_EXPANSIONS, QueryBuilder, TITLE_BOOST, date_range};
pub use filters::Filters;
pub use highlight::{Highlight, LangHighlight};
pub use langs::{Languages, cut_by_language};
pub use syntax::{Expr, Leaf, QueryError, Target, parse_date_bound, parse_query};
