//! Any text → `normalize` → `structure`: never panics, and the article keeps the invariants
//! the writers rely on (no block is empty or carries a line break).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsbind::text::normalize::normalize;
use newsbind::structure::{structure, SourceMeta};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normalized = normalize(&text);
    let meta = SourceMeta {
        source: "fuzz.txt".into(),
        stem: "fuzz".into(),
        encoding: "UTF-8".into(),
    };
    let article = structure(&normalized.text, &meta);
    for b in &article.blocks {
        assert!(!b.text.trim().is_empty(), "empty block {b:?}");
        assert!(!b.text.contains('\n'), "line break inside a block {b:?}");
    }
});
