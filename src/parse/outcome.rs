//! What parsing hands back — articles, skips with their typed reasons,
//! warnings — and the options the date rules take.

use crate::article::Article;

/// What the date rules need beyond the file: the bounds of plausible
/// dateline and text dates (SPEC "Latest date in the text").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Dateline and text dates before this year are ignored (`atlas.toml`
    /// `[dates] earliest`; default 1800).
    pub earliest_year: i32,
    /// Dateline and text dates after this day (the day of indexing) are ignored.
    pub today: chrono::NaiveDate,
    /// `[language]`: a fixed language, or the default (SPEC, "Language of
    /// an article").
    pub language: crate::lang::Rule,
    /// How deep in attachments this file is (0: a file of the corpus; 1:
    /// attached to a message; 2: attached to an attached message…).
    pub attachment_depth: u8,
}

/// The default lower bound of dateline and text dates.
pub const DEFAULT_EARLIEST_YEAR: i32 = 1800;

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            earliest_year: DEFAULT_EARLIEST_YEAR,
            today: chrono::Utc::now().date_naive(),
            language: crate::lang::Rule::default(),
            attachment_depth: 0,
        }
    }
}

/// What one file yields.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<ParsedArticle>,
    /// Whole files or single items (`path#N`) that are not articles.
    pub skipped: Vec<Skip>,
    /// Indexed anyway, but worth telling the user (e.g. Windows-1252 decoding).
    pub warnings: Vec<Warning>,
    /// Records and items inside the file that were not articles and are
    /// only counted in a warning (a WARC's images, a WXR's drafts). Items
    /// listed in `skipped` (`path#N`) are not counted here.
    pub items_skipped: u64,
    /// The pages (from 1) of the file's PDF that are scans: the indexer
    /// has them read by OCR, when it is on, and parses the file again with
    /// their text (`parse::parse_scanned`).
    pub scanned_pages: Vec<usize>,
}

impl Parsed {
    /// Moves everything `other` holds to the end of `self`.
    pub fn append(&mut self, mut other: Parsed) {
        self.articles.append(&mut other.articles);
        self.skipped.append(&mut other.skipped);
        self.warnings.append(&mut other.warnings);
        self.items_skipped += other.items_skipped;
        self.scanned_pages.append(&mut other.scanned_pages);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArticle {
    pub article: Article,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// The file's relative path, or `path#N` for one item.
    pub path: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SkipReason {
    #[error("empty file")]
    Empty,
    /// Bytes that are not text (SPEC's text test), with the kind of file
    /// when it is known (`PNG image`).
    #[error("binary file{}", .0.as_ref().map(|k| format!(" ({k})")).unwrap_or_default())]
    Binary(Option<String>),
    /// A document atlas will read but does not yet (`PDF document`).
    #[error("{0}, which atlas does not read yet")]
    NotReadYet(String),
    #[error("file too large ({size} bytes; limit {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    MalformedJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("malformed front matter at line {line}, column {column}: {message}")]
    MalformedFrontMatter {
        line: usize,
        column: usize,
        message: String,
    },
    /// A web page with no article body: a home page, section front,
    /// listing or login wall.
    #[error("not an article page")]
    NotArticlePage,
    /// A compressed file (`.html.gz`, a WARC member) that inflates past the
    /// bound, or that is not valid compressed data.
    #[error("bad compressed data: {0}")]
    BadCompression(String),
    #[error("not an article: {0}")]
    NotAnArticle(String),
    /// `.png`, `.pdf`, `.html`…: the extension, lowercase, without the dot.
    #[error("unsupported file type `.{0}`")]
    UnsupportedExtension(String),
    /// A metadata key whose value has a type that cannot be read sensibly
    /// (`"authors": 42`).
    #[error("bad `{key}` value: {message}")]
    BadField { key: String, message: String },
    /// XML that is none of the newsroom formats (the root element as written).
    #[error("unsupported XML (root <{0}>)")]
    UnsupportedXml(String),
    #[error("malformed XML at line {line}, column {column}: {message}")]
    MalformedXml {
        line: usize,
        column: usize,
        message: String,
    },
    /// A newsroom item (an NITF shell, a post) without body text.
    #[error("no body")]
    NoBody,
    /// One item, or one XML node, over the per-item limit.
    #[error("{what} is larger than the limit of {limit} bytes")]
    XmlTooLarge { what: String, limit: u64 },
    /// Markup (HTML, or an XML item) nested deeper than the readers allow.
    #[error("nested deeper than {limit} elements")]
    TooDeep { limit: usize },
    /// HTML over the size any one parse may take (a page, record or body).
    #[error("HTML of {size} bytes is larger than the limit of {limit} bytes")]
    HtmlTooLarge { size: u64, limit: u64 },
    /// A PDF that needs a password to be read.
    #[error("encrypted PDF: needs a password")]
    Encrypted,
    /// A PDF whose structure cannot be read (truncated, damaged).
    #[error("broken PDF: {0}")]
    BrokenPdf(String),
    /// A PDF over the reader's bounds (a looping or enormous object graph,
    /// a stream that inflates too far, too long to read).
    #[error("PDF refused: {0}")]
    PdfRefused(String),
    /// A document of scanned pages only, and why they were not read.
    #[error("scanned page: {0}")]
    Scanned(String),
    /// An image in which OCR found no words.
    #[error("no text in image")]
    NoTextInImage,
    /// An image OCR could not read (Tesseract failed or timed out).
    #[error("OCR failed: {0}")]
    OcrFailed(String),
    /// An image while OCR is off or Tesseract missing (set aside and
    /// counted rather than listed, unless the image was OCR'd before).
    #[error("image: {0}")]
    ImageUnread(String),
    /// A document with pages but no text on any of them, and no scan.
    #[error("no text in the document")]
    NoText,
    /// An office document or a mail that is damaged, or that would take
    /// more than its bounds (a zip bomb, ten thousand MIME parts).
    #[error("{0}")]
    BadDocument(String),
    /// Word 97–2003 (`.doc`): a binary format atlas does not read.
    #[error("legacy Word document (.doc) is not read: save it as .docx")]
    LegacyWord,
    /// HTML whose nesting would cost the HTML parser quadratic time.
    #[error("HTML too costly to parse (thousands of elements nested {depth} deep)")]
    HtmlTooCostly { depth: usize },
}
