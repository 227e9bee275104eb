//! Corpus configuration: `atlas.toml` files say how an archive is organised
//! (desks from folders, the earliest plausible date, paths to ignore), so
//! nobody edits thousands of files. A config applies to its folder and
//! everything below it; a deeper one replaces it for its own subtree (the
//! nearest wins, like `.editorconfig` with `root = true`).
//!
//! Parsing is strict: an unknown key or a bad value is an error naming the
//! file, line and key, never silently ignored.

use std::collections::BTreeMap;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;

use crate::article::Article;
use crate::parse::{DEFAULT_EARLIEST_YEAR, ParseOptions};

/// The file name atlas looks for in every folder of the corpus.
pub const CONFIG_FILE: &str = "atlas.toml";
/// gitignore-syntax files that work like ripgrep's `.rgignore`.
pub const IGNORE_FILE: &str = ".atlasignore";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    desk: DeskSection,
    #[serde(default)]
    dates: DatesSection,
    #[serde(default)]
    ignore: IgnoreSection,
    #[serde(default)]
    language: LanguageSection,
    #[serde(default)]
    ocr: OcrSection,
    /// Corpus root only: checked and folded by `crate::variants`.
    #[serde(default)]
    variants: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageSection {
    default: Option<String>,
    fixed: Option<String>,
}

/// `[ocr]`: whether scans and images below are read by Tesseract, and in
/// which of its languages.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OcrSection {
    #[serde(default)]
    enabled: bool,
    languages: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeskSection {
    from: Option<DeskFrom>,
    #[serde(default)]
    names: BTreeMap<String, String>,
    default: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum DeskFrom {
    Directory,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesSection {
    earliest: Option<i32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreSection {
    #[serde(default)]
    paths: Vec<String>,
}

/// An `atlas.toml` that cannot be used: the run stops before changing the index.
#[derive(Debug, thiserror::Error)]
#[error("{path}, line {line}: {message} (see \"Corpus configuration\" in the README)")]
pub struct ConfigError {
    /// Relative to the corpus root.
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// One parsed `atlas.toml`.
#[derive(Debug)]
pub struct Config {
    /// The config's own path, relative to the corpus root (`bbc/atlas.toml`).
    pub path: String,
    /// The folder it governs, relative to the corpus root (`""`: the root).
    dir: String,
    /// blake3 of its bytes: a changed config re-applies to its subtree.
    pub hash: String,
    file: ConfigFile,
    ignore: Gitignore,
    /// `names` with lowercased keys (directory names match in any case).
    names: BTreeMap<String, String>,
    /// `[language]`, its codes checked and normalised.
    language: crate::lang::Rule,
    /// `[variants]` (the root's only: elsewhere an error).
    pub variants: crate::variants::Variants,
}

impl Config {
    /// Parses the config at `rel_path` (relative to the corpus root, whose
    /// absolute path is `root`).
    pub fn parse(
        root: &std::path::Path,
        rel_path: &str,
        text: &str,
    ) -> Result<Config, ConfigError> {
        let error = |line: usize, message: String| ConfigError {
            path: rel_path.to_string(),
            line,
            message,
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
            error(line, e.message().trim().to_string())
        })?;
        let dir = rel_path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
        let mut builder = GitignoreBuilder::new(root.join(&dir));
        for pattern in &file.ignore.paths {
            builder.add_line(None, pattern).map_err(|e| {
                let line = line_of(text, pattern);
                error(line, format!("bad pattern in [ignore] paths: {e}"))
            })?;
        }
        let ignore = builder
            .build()
            .map_err(|e| error(1, format!("bad [ignore] paths: {e}")))?;
        let code = |key: &str, value: &Option<String>| match value {
            None => Ok(None),
            Some(v) => crate::lang::Code::parse(v).map(Some).ok_or_else(|| {
                error(
                    line_of(text, v),
                    format!(
                        "[language] {key} = {v:?} is not a language code (e.g. \"de\", \"pt-BR\")"
                    ),
                )
            }),
        };
        let default_rule = crate::lang::Rule::default();
        let language = crate::lang::Rule {
            fixed: code("fixed", &file.language.fixed)?,
            default: code("default", &file.language.default)?.unwrap_or(default_rule.default),
        };
        let names = file
            .desk
            .names
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.clone()))
            .collect();
        let variants = match &file.variants {
            Some(v) => crate::variants::Variants::parse(rel_path, text, v)?,
            None => crate::variants::Variants::default(),
        };
        if let Some(bad) =
            (file.ocr.languages.iter().flatten()).find(|l| !crate::ocr::is_language(l))
        {
            return Err(error(
                line_of(text, bad),
                format!(
                    "[ocr] languages: {bad:?} is not a Tesseract language (e.g. \"eng\", \"deu\", \"chi_sim\")"
                ),
            ));
        }
        // `[variants]` is left out of the hash: groups are applied to
        // queries, so changing them re-applies the config to no article.
        // Nor is `[ocr]`: it concerns only scans, which the indexer re-reads
        // by their own record when it changes (`indexer/scans.rs`).
        let hashed = without_sections(text, &["variants", "ocr"]);
        Ok(Config {
            path: rel_path.to_string(),
            dir,
            hash: blake3::hash(hashed.as_bytes()).to_hex()[..32].to_string(),
            variants,
            file,
            ignore,
            names,
            language,
        })
    }

    /// `rel_path` below this config's folder, or `None` when outside it.
    fn below<'p>(&self, rel_path: &'p str) -> Option<&'p str> {
        if self.dir.is_empty() {
            return Some(rel_path);
        }
        rel_path.strip_prefix(&self.dir)?.strip_prefix('/')
    }

    /// Whether `[ignore] paths` excludes this file.
    fn ignores(&self, root: &std::path::Path, rel_path: &str) -> bool {
        self.ignore
            .matched_path_or_any_parents(root.join(rel_path), false)
            .is_ignore()
    }

    /// The date bounds and `[language]` for articles below this config.
    pub fn parse_options(&self, today: chrono::NaiveDate) -> ParseOptions {
        ParseOptions {
            earliest_year: self.file.dates.earliest.unwrap_or(DEFAULT_EARLIEST_YEAR),
            today,
            language: self.language,
            attachment_depth: 0,
        }
    }

    /// `[ocr] enabled`, and its languages (`["eng"]` when not given).
    pub fn ocr(&self) -> (bool, Vec<String>) {
        let languages = (self.file.ocr.languages.clone())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| vec![crate::ocr::DEFAULT_LANGUAGE.to_string()]);
        (self.file.ocr.enabled, languages)
    }

    /// Gives an article without a desk of its own the desk of its folder
    /// (`[desk] from = "directory"`), else `[desk] default`.
    pub fn apply(&self, article: &mut Article) {
        if article.desk.is_some() {
            return;
        }
        let folder = self
            .below(&article.path)
            .and_then(|rest| rest.split_once('/'))
            .map(|(first, _)| first);
        article.desk = match (self.file.desk.from, folder) {
            (Some(DeskFrom::Directory), Some(folder)) => Some(self.desk_name(folder)),
            _ => self.file.desk.default.clone(),
        };
    }

    /// `names` (any case), else the folder's name with a capital first letter.
    fn desk_name(&self, folder: &str) -> String {
        if let Some(name) = self.names.get(&folder.to_lowercase()) {
            return name.clone();
        }
        let mut chars = folder.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// `text` without the sections `names` (`[variants]`, `[variants.*]`).
fn without_sections(text: &str, names: &[&str]) -> String {
    let mut inside = false;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('[') && !t.starts_with("[[") {
            let name = t.trim_start_matches('[').trim_start();
            inside = names.iter().any(|n| {
                (name.strip_prefix(n)).is_some_and(|rest| rest.starts_with([']', '.', ' ']))
            });
        }
        if !inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The line of `text` where `needle` first occurs (1 if it does not).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(1, |at| text[..at].matches('\n').count() + 1)
}

/// Every config of a corpus, deepest folder first, and the run's OCR
/// switch: OCR settings are configuration (SPEC), `--ocr` a setting of
/// every folder, and every read of a file asks them together.
#[derive(Debug, Default)]
pub struct Configs {
    list: Vec<Config>,
    ocr: crate::ocr::Switch,
}

impl Configs {
    pub fn new(mut list: Vec<Config>) -> Configs {
        list.sort_by(|a, b| b.dir.len().cmp(&a.dir.len()).then(a.path.cmp(&b.path)));
        Configs {
            list,
            ocr: crate::ocr::Switch::default(),
        }
    }

    /// With this run's OCR switch (`--ocr`, the cache).
    pub fn with_ocr(self, ocr: crate::ocr::Switch) -> Configs {
        Configs { ocr, ..self }
    }

    /// The OCR languages of `rel_path` when OCR is on for it (`deu+eng`).
    pub fn ocr_wanted(&self, rel_path: &str) -> Option<String> {
        let (enabled, languages) = self.ocr_setting(rel_path);
        self.ocr.on(enabled).then(|| languages.join("+"))
    }

    /// How the scans of `rel_path` are read in this run.
    pub fn ocr_mode(&self, rel_path: &str) -> crate::ocr::Mode {
        let (enabled, languages) = self.ocr_setting(rel_path);
        self.ocr.mode(enabled, &languages)
    }

    fn ocr_setting(&self, rel_path: &str) -> (bool, Vec<String>) {
        self.nearest(rel_path).map_or_else(
            || (false, vec![crate::ocr::DEFAULT_LANGUAGE.to_string()]),
            Config::ocr,
        )
    }

    /// The config that governs `rel_path`: the nearest one up the tree.
    pub fn nearest(&self, rel_path: &str) -> Option<&Config> {
        self.list.iter().find(|c| c.below(rel_path).is_some())
    }

    /// Whether the nearest config's `[ignore] paths` excludes `rel_path`.
    pub fn ignores(&self, root: &std::path::Path, rel_path: &str) -> bool {
        self.nearest(rel_path)
            .is_some_and(|c| c.ignores(root, rel_path))
    }

    /// Whether `rel_path` is governed by the same config (same file, same
    /// bytes) as when the index last recorded `recorded`.
    pub fn same_as_recorded(&self, recorded: &BTreeMap<String, String>, rel_path: &str) -> bool {
        let now = self
            .nearest(rel_path)
            .map(|c| (c.path.as_str(), c.hash.as_str()));
        let then = recorded
            .iter()
            .filter(|(path, _)| governs(path, rel_path))
            .max_by_key(|(path, _)| path.len())
            .map(|(p, h)| (p.as_str(), h.as_str()));
        now == then
    }

    /// The corpus root's `[variants]`, when it has any groups.
    pub fn variants(&self) -> Option<crate::variants::Variants> {
        (self.list.iter())
            .find(|c| c.dir.is_empty())
            .map(|c| c.variants.clone())
            .filter(|v| !v.is_empty())
    }

    /// config path → hash, recorded with each commit.
    pub fn fingerprint(&self) -> BTreeMap<String, String> {
        self.list
            .iter()
            .map(|c| (c.path.clone(), c.hash.clone()))
            .collect()
    }
}

/// Whether the config at `config_path` governs `rel_path`.
fn governs(config_path: &str, rel_path: &str) -> bool {
    match config_path.rsplit_once('/') {
        None => true,
        Some((dir, _)) => rel_path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/')),
    }
}
