//! The newsroom XML readers on arbitrary bytes: the first byte picks the
//! file name (an `.xml` file or an extension-less, sniffed one).
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["a.xml", "wire/tag_example.com,2016_newsml_1", "story.0012"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let parsed = atlas_search::parse::parse(name, bytes);
    for item in &parsed.articles {
        assert!(!item.article.title.is_empty());
        assert!(item.article.id.starts_with(name));
    }
});
