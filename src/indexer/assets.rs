//! The asset folders a browser saves beside a page (`Story_files/` next to
//! `Story.html`, `Story-Dateien/`…) hold the page's images, scripts and
//! stylesheets, sometimes iframes as `.html`: none of them is an article,
//! and fifty "binary file" skips per saved page would bury the real
//! problems. The walk sets them aside here and the run reports them in one
//! summary warning (files and folders counted, a few folders named).

use std::collections::{BTreeMap, HashMap};

use super::IndexWarning;
use super::walk::CorpusFile;
use crate::parse;

/// Saved-page asset folders found by the walk: folder -> files in it.
#[derive(Debug, Default)]
pub(super) struct AssetFolders(pub BTreeMap<String, usize>);

/// Splits the files under a saved page's asset folder from the others.
pub(super) fn split(files: Vec<CorpusFile>) -> (Vec<CorpusFile>, AssetFolders) {
    let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
    for file in &files {
        let (parent, name) = file.rel.rsplit_once('/').unwrap_or(("", &file.rel));
        names.entry(parent).or_default().push(name);
    }
    let mut verdicts: HashMap<String, bool> = HashMap::new();
    let mut is_assets = |dir: &str| -> bool {
        if let Some(v) = verdicts.get(dir) {
            return *v;
        }
        let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let siblings = names.get(parent).map(Vec::as_slice).unwrap_or(&[]);
        let v = parse::is_saved_page_assets(dir, siblings);
        verdicts.insert(dir.to_string(), v);
        v
    };
    let owners: Vec<Option<String>> = files
        .iter()
        .map(|f| asset_folder_of(&f.rel, &mut is_assets))
        .collect();
    let mut folders = AssetFolders::default();
    let mut kept = Vec::with_capacity(files.len());
    for (file, owner) in files.into_iter().zip(owners) {
        match owner {
            Some(dir) => *folders.0.entry(dir).or_default() += 1,
            None => kept.push(file),
        }
    }
    (kept, folders)
}

/// The outermost ancestor folder of `rel` that is a saved page's assets.
fn asset_folder_of(rel: &str, is_assets: &mut dyn FnMut(&str) -> bool) -> Option<String> {
    let mut end = 0;
    while let Some(at) = rel.get(end..).and_then(|r| r.find('/')) {
        let dir = &rel[..end + at];
        if is_assets(dir) {
            return Some(dir.to_string());
        }
        end += at + 1;
    }
    None
}

impl AssetFolders {
    /// Files in all the folders.
    pub(super) fn files(&self) -> usize {
        self.0.values().sum()
    }

    /// One warning for the whole run, `None` when there were no such folders.
    pub(super) fn warning(&self) -> Option<IndexWarning> {
        let first = self.0.keys().next()?;
        let files: usize = self.0.values().sum();
        let n = self.0.len();
        let mut named: Vec<String> = self.0.keys().take(3).map(|d| format!("{d}/")).collect();
        if n > named.len() {
            named.push(format!("and {} more", n - named.len()));
        }
        Some(IndexWarning {
            path: format!("{first}/"),
            message: format!(
                "{files} file(s) in {n} saved-page asset folder(s) ({}) not read: \
                 images and scripts of a saved page, not articles",
                named.join(", ")
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::FileStamp;

    fn file(rel: &str) -> CorpusFile {
        CorpusFile {
            rel: rel.to_string(),
            abs: rel.into(),
            stamp: FileStamp {
                flagged: false,
                size: 1,
                mtime_ns: 0,
            },
        }
    }

    #[test]
    fn sets_aside_asset_folders_only_beside_their_page() {
        let files = [
            "web/Story.html",
            "web/Story_files/logo.png",
            "web/Story_files/ad.html",
            "web/Story_files/js/app.js",
            "web/Bericht.htm",
            "web/Bericht-Dateien/bild.jpg",
            "web/Other_files/lost.txt",
            "notes_files/a.txt",
        ];
        let (kept, folders) = split(files.iter().map(|f| file(f)).collect());
        let kept: Vec<&str> = kept.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            kept,
            [
                "web/Story.html",
                "web/Bericht.htm",
                "web/Other_files/lost.txt",
                "notes_files/a.txt"
            ]
        );
        let want: BTreeMap<String, usize> = [
            ("web/Bericht-Dateien".to_string(), 1),
            ("web/Story_files".to_string(), 3),
        ]
        .into();
        assert_eq!(folders.0, want);
        let w = folders.warning().unwrap();
        assert!(
            w.message
                .starts_with("4 file(s) in 2 saved-page asset folder(s)")
        );
        assert!(AssetFolders::default().warning().is_none());
    }
}
