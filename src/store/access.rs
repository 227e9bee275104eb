//! How a command reads the index's files, which decides the kernel's
//! readahead on them.

/// How a command is about to read the index's memory-mapped files, which
/// decides the kernel's readahead on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Whole files, much of them in order: indexing, exports, a server that
    /// warms up. The kernel's readahead helps.
    Scan,
    /// A page of hits or one article: a few blocks here and there. Every
    /// fault on a cold file would otherwise read `read_ahead_kb` around it
    /// (8 MB on the benchmark machine): a cold top-10 search at 100k read
    /// 100 MB of index for 0.7 MB it used (BENCHMARKS.md, cold queries).
    Lookup,
    /// Every stored article once, in order (the quote index's sync): read,
    /// not mapped, so the pages stay in the kernel's page cache instead of
    /// the process's resident set (at 1M, 0.7 GB of doc store counted as
    /// atlas's own after the sync had read it).
    Read,
}

impl Access {
    /// Searches loading more documents than this are served faster with
    /// readahead from a cold cache: at 100k articles the crossover was
    /// between 400 and 1,000 hits (BENCHMARKS.md).
    const LOOKUP_MAX_DOCS: usize = 500;

    /// The access of a search that loads `docs` documents.
    pub fn for_docs(docs: usize) -> Access {
        if docs <= Access::LOOKUP_MAX_DOCS {
            Access::Lookup
        } else {
            Access::Scan
        }
    }
}
