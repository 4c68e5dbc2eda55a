//! The OCF container: a zip whose first entry is `mimetype`, stored; every other entry
//! deflated, in the order given, dated 1980-01-01 (the zip epoch: zip is built without its
//! `time` feature), with fixed permissions and no extra fields. Same entries ⇒ same bytes.

use crate::error::ArticleError;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// `META-INF/container.xml`: points reading systems at the package document.
pub const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// The `mimetype` entry's exact contents.
pub const MIMETYPE: &[u8] = b"application/epub+zip";

/// Packs entries into an OCF zip. The first entry must be `mimetype`; it is stored, the others
/// deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, ArticleError> {
    let fail = |e: zip::result::ZipError| ArticleError::new("render", format!("EPUB zip: {e}"));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .unix_permissions(0o644);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .unix_permissions(0o644);
    for (i, (name, bytes)) in entries.iter().enumerate() {
        zip.start_file(*name, if i == 0 { stored } else { deflated })
            .map_err(fail)?;
        zip.write_all(bytes)
            .map_err(|e| ArticleError::new("render", format!("EPUB zip: {e}")))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mimetype_is_the_first_entry_stored_uncompressed_at_offset_zero() {
        let bytes = zip(&[("mimetype", MIMETYPE), ("a.txt", b"aaaaaaaaaaaaaaaa")]).unwrap();
        // Local file header: signature, then at 8 the method (0 = stored), at 30 the name.
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0);
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE);
        // DOS date 1980-01-01 00:00 is (0x21, 0x00) at 12..14, time 0 at 10..12.
        assert_eq!(&bytes[10..14], &[0, 0, 0x21, 0]);
    }

    #[test]
    fn same_entries_give_same_bytes() {
        let entries: &[(&str, &[u8])] = &[("mimetype", MIMETYPE), ("b", "正文".as_bytes())];
        assert_eq!(zip(entries).unwrap(), zip(entries).unwrap());
    }
}
