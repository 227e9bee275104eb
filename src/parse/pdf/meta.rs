//! What a PDF's document information says, judged: a `Title` that is a real
//! title (not a file name, not `Microsoft Word - draft3.doc`, not
//! `untitled`), an `Author` that names persons, and the `CreationDate`.

use chrono::NaiveDate;

use crate::parse::clean;

/// Extensions of the files a PDF is printed from, which tools put in the
/// `Title` when the author set none.
const FILE_EXTENSIONS: &[&str] = &[
    "doc", "docx", "odt", "rtf", "txt", "pdf", "indd", "qxd", "qxp", "ps", "eps", "tex", "dvi",
    "html", "htm", "xls", "xlsx", "ppt", "pptx", "pages", "wpd", "md",
];

/// Application prefixes of printed titles (`Microsoft Word - `).
const APP_PREFIXES: &[&str] = &[
    "microsoft word - ",
    "microsoft powerpoint - ",
    "microsoft excel - ",
    "word - ",
];

/// Titles tools write when there is none.
const PLACEHOLDERS: &[&str] = &[
    "untitled",
    "untitled document",
    "no title",
    "title",
    "document",
    "document1",
    "new document",
    "unknown",
    "print",
    "slide 1",
];

/// The `Title` when it is a title: some letters, not a placeholder, not a
/// file name or a printed file's name.
pub(crate) fn real_title(title: &str) -> Option<String> {
    let title = clean::normalize_space(title);
    let lower = title.to_lowercase();
    if !title.chars().any(char::is_alphabetic) || PLACEHOLDERS.contains(&lower.as_str()) {
        return None;
    }
    if APP_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    let file_name = lower
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && FILE_EXTENSIONS.contains(&ext));
    // `draft3`, `IMG_2041`, `2024_06_24_A01`: a name with no space in it
    // that joins its parts with `_`, or a path.
    let machine_name = !title.contains(' ') && (title.contains('_') || title.contains(['/', '\\']));
    (!file_name && !machine_name).then_some(title)
}

/// Words in an `Author` that name an organisation or a machine account,
/// not a person.
const NOT_PERSONS: &[&str] = &[
    "administrator",
    "admin",
    "user",
    "owner",
    "authority",
    "office",
    "department",
    "ministry",
    "council",
    "agency",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "gmbh",
    "corporation",
    "company",
    "microsoft",
    "adobe",
    "press",
    "newsroom",
    "desk",
    "staff",
    "team",
    "group",
    "university",
];

/// The persons an `Author` names (`Jane Doe`, `Jane Doe and Li Wei`), or
/// none when any part is not a person's name.
pub(crate) fn person_authors(author: &str) -> Vec<String> {
    let Some((names, _)) = clean::byline_names(author) else {
        return Vec::new();
    };
    let organisation = names.iter().any(|n| {
        n.split_whitespace()
            .any(|w| NOT_PERSONS.contains(&w.to_lowercase().as_str()))
    });
    if organisation { Vec::new() } else { names }
}

/// The day of a PDF date (`D:20240623221500+02'00'`, or without `D:`), as
/// written (the time zone does not move the day).
pub(crate) fn pdf_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    let v = v.strip_prefix("D:").unwrap_or(v);
    let digits = v.get(..8)?;
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        for no in [
            "Microsoft Word - draft3.doc",
            "untitled",
            "Untitled Document",
            "draft3.docx",
            "2024_06_24_A01",
            "C:\\Users\\jo\\edition.indd",
            "   ",
            "12345",
        ] {
            assert_eq!(real_title(no), None, "{no}");
        }
        assert_eq!(
            real_title("Port Authority Confirms  New Ferry Terminal").as_deref(),
            Some("Port Authority Confirms New Ferry Terminal")
        );
        assert_eq!(
            real_title("Budget 2024: What Changes").as_deref(),
            Some("Budget 2024: What Changes")
        );
    }

    #[test]
    fn authors() {
        assert_eq!(person_authors("Wilder Davenport"), ["Wilder Davenport"]);
        assert_eq!(
            person_authors("Jane Doe and Li Wei"),
            ["Jane Doe", "Li Wei"]
        );
        for no in [
            "Administrator",
            "jdoe",
            "Port Authority",
            "Acme Inc.",
            "Microsoft Office User",
            "",
        ] {
            assert!(person_authors(no).is_empty(), "{no}");
        }
    }

    #[test]
    fn dates() {
        let d = |s| pdf_date(s).map(|d| d.to_string());
        assert_eq!(d("D:20240623221500Z").as_deref(), Some("2024-06-23"));
        assert_eq!(d("D:20240623221500+02'00'").as_deref(), Some("2024-06-23"));
        assert_eq!(d("20231114").as_deref(), Some("2023-11-14"));
        assert_eq!(d("D:2024"), None);
        assert_eq!(d("D:20241345"), None);
    }
}
