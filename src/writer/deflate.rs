//! Whole-buffer deflate for the writers (EPUB zip entries, PDF streams), with libdeflate.
//!
//! Our outputs are compressed in one piece, never streamed, which is what libdeflate is
//! made for: on a book's entries it is about twice as fast as zlib at the same level and
//! compresses slightly better (measured on People's Daily articles: level 6, 31 µs and
//! 3,197 bytes against zlib-rs's 57 µs and 3,271 bytes). Each thread keeps one compressor
//! per level.

use libdeflater::{CompressionLvl, Compressor};
use std::cell::RefCell;

thread_local! {
    static COMPRESSORS: RefCell<Vec<(i32, Compressor)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's compressor for `level` (0–12, clamped).
fn with<T>(level: u32, f: impl FnOnce(&mut Compressor) -> T) -> T {
    let level = level.min(12) as i32;
    COMPRESSORS.with(|all| {
        let mut all = all.borrow_mut();
        let at = match all.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                let lvl = CompressionLvl::new(level).unwrap_or_default();
                all.push((level, Compressor::new(lvl)));
                all.len() - 1
            }
        };
        f(&mut all[at].1)
    })
}

/// Raw deflate (RFC 1951), as zip entries hold it.
pub fn raw(bytes: &[u8], level: u32) -> Vec<u8> {
    with(level, |c| {
        let bound = c.deflate_compress_bound(bytes.len());
        into_bound(bound, |out| c.deflate_compress(bytes, out))
    })
}

/// zlib-wrapped deflate (RFC 1950), as PDF's `FlateDecode` wants it.
pub fn zlib(bytes: &[u8], level: u32) -> Vec<u8> {
    with(level, |c| {
        let bound = c.zlib_compress_bound(bytes.len());
        into_bound(bound, |out| c.zlib_compress(bytes, out))
    })
}

/// Runs a compression into a buffer of its worst-case size, which it cannot overflow.
fn into_bound<E: std::fmt::Debug>(
    bound: usize,
    compress: impl FnOnce(&mut [u8]) -> Result<usize, E>,
) -> Vec<u8> {
    let mut out = vec![0; bound];
    let n = compress(&mut out).expect("the bound is large enough");
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn what_is_compressed_inflates_back_to_the_same_bytes() {
        let text = "中文正文，English text 2026。".repeat(50);
        for level in [0, 1, 6, 9, 12] {
            let mut back = String::new();
            flate2::read::DeflateDecoder::new(&raw(text.as_bytes(), level)[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text);
            back.clear();
            flate2::read::ZlibDecoder::new(&zlib(text.as_bytes(), level)[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text);
        }
        assert!(raw(text.as_bytes(), 6).len() < text.len() / 10);
    }
}
