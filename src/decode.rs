//! Bytes → text, strictly. Pure: no I/O.
//!
//! `auto` decides per file: a byte-order mark wins; else the whole file as UTF-8; else the whole
//! file as GB18030 (the superset of GB2312 and GBK, which encoding_rs decodes with one decoder).
//! Nothing is ever replaced silently: a malformed byte is an error that names the encoding tried,
//! the byte offset and the line of the first bad byte.

use crate::error::Error;
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::str::FromStr;

/// The user's choice of input encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    /// Decide per file.
    #[default]
    Auto,
    /// UTF-8 (a BOM is allowed and removed).
    Utf8,
    /// GBK (decoded with the GB18030 decoder, of which GBK is a subset).
    Gbk,
    /// GB18030.
    Gb18030,
}

impl FromStr for EncodingChoice {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf-8" | "utf8" => Ok(EncodingChoice::Utf8),
            "gbk" | "gb2312" | "cp936" => Ok(EncodingChoice::Gbk),
            "gb18030" => Ok(EncodingChoice::Gb18030),
            _ => Err(Error::Usage(format!(
                "unknown encoding `{s}`, expected one of auto, utf-8, gbk, gb18030"
            ))),
        }
    }
}

/// Decoded text and the name of the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with any BOM removed.
    pub text: String,
    /// What was used, as reported: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `GBK`,
    /// `GB18030`.
    pub encoding: &'static str,
}

/// The first malformed byte sequence of a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid {encoding}: byte 0x{byte:02X} at offset {offset} (line {line}) does not start a {encoding} character")]
pub struct DecodeError {
    /// The encoding tried.
    pub encoding: &'static str,
    /// Byte offset of the first bad byte in the file.
    pub offset: usize,
    /// 1-based line number of that byte.
    pub line: usize,
    /// The bad byte itself.
    pub byte: u8,
}

/// Decodes a whole file according to `choice`.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if choice == EncodingChoice::Auto || (choice == EncodingChoice::Utf8 && encoding == UTF_8) {
            let name = match encoding.name() {
                "UTF-8" => "UTF-8 (BOM)",
                "UTF-16LE" => "UTF-16LE",
                _ => "UTF-16BE",
            };
            let (text, _) = strict(encoding, &bytes[bom_len..], bom_len, bytes, name)?;
            return Ok(Decoded {
                text,
                encoding: name,
            });
        }
    }
    match choice {
        EncodingChoice::Utf8 => utf8(bytes),
        EncodingChoice::Gbk | EncodingChoice::Gb18030 => gb(bytes, choice),
        EncodingChoice::Auto => match utf8(bytes) {
            Ok(d) => Ok(d),
            Err(utf8_err) => match gb(bytes, EncodingChoice::Auto) {
                Ok(d) => Ok(d),
                // Report the reading that got furthest: it is the likelier intended encoding.
                Err(gb_err) if gb_err.offset >= utf8_err.offset => Err(gb_err),
                Err(_) => Err(utf8_err),
            },
        },
    }
}

fn utf8(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
        }),
        Err(e) => Err(error_at("UTF-8", bytes, e.valid_up_to())),
    }
}

/// GB18030-family decoding. GBK is a subset of GB18030 whose only extra forms are four-byte
/// sequences (second byte 0x30–0x39); a file without them is reported as GBK.
fn gb(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    let name = match choice {
        EncodingChoice::Gb18030 => "GB18030",
        EncodingChoice::Gbk => "GBK",
        _ if has_four_byte_sequence(bytes) => "GB18030",
        _ => "GBK",
    };
    let (text, _) = strict(GB18030, bytes, 0, bytes, name)?;
    Ok(Decoded {
        text,
        encoding: name,
    })
}

/// Whether GB18030 bytes use the four-byte form (lead byte, then a digit byte).
fn has_four_byte_sequence(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
        } else if i + 1 < bytes.len() && (0x30..=0x39).contains(&bytes[i + 1]) {
            return true;
        } else {
            i += 2;
        }
    }
    false
}

/// Decodes `src` (which starts at `base` in `whole`) without replacement.
fn strict(
    encoding: &'static Encoding,
    src: &[u8],
    base: usize,
    whole: &[u8],
    name: &'static str,
) -> Result<(String, usize), DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(src.len())
        .unwrap_or(src.len() * 3 + 16);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok((text, read)),
        DecoderResult::Malformed(len, after) => {
            let offset = base + read - len as usize - after as usize;
            Err(error_at(name, whole, offset))
        }
        // The buffer was sized for the worst case, so this cannot happen; treat it as an
        // error at the point reached rather than panic.
        DecoderResult::OutputFull => Err(error_at(name, whole, base + read)),
    }
}

fn error_at(encoding: &'static str, whole: &[u8], offset: usize) -> DecodeError {
    let offset = offset.min(whole.len().saturating_sub(1));
    DecodeError {
        encoding,
        offset,
        line: 1 + whole[..offset].iter().filter(|&&b| b == b'\n').count(),
        byte: whole.get(offset).copied().unwrap_or(0),
    }
}

/// The encoding_rs encodings this module may use, for tests that make variants.
pub fn encoding_for(name: &str) -> Option<&'static Encoding> {
    match name {
        "UTF-8" => Some(UTF_8),
        "UTF-16LE" => Some(UTF_16LE),
        "UTF-16BE" => Some(UTF_16BE),
        "GBK" | "GB18030" => Some(GB18030),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_taken_when_the_whole_file_is_valid() {
        let d = decode("本报讯".as_bytes(), EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("本报讯", "UTF-8"));
    }

    #[test]
    fn bom_is_removed_and_reported() {
        let d = decode(b"\xEF\xBB\xBFabc", EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", "UTF-8 (BOM)"));
        let d = decode(b"\xFF\xFEa\x00", EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("a", "UTF-16LE"));
    }

    #[test]
    fn gbk_bytes_decode_as_gbk() {
        let (bytes, _, _) = GB18030.encode("中文新闻");
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("中文新闻", "GBK"));
    }

    #[test]
    fn four_byte_sequences_make_it_gb18030() {
        let (bytes, _, _) = GB18030.encode("中€𠀀");
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "中€𠀀");
    }

    #[test]
    fn a_bad_byte_is_located_by_offset_and_line() {
        let mut bytes = GB18030.encode("第一行\r\n").0.into_owned();
        bytes.extend_from_slice(b"\xFF\r\n");
        let e = decode(&bytes, EncodingChoice::Auto).unwrap_err();
        assert_eq!((e.encoding, e.offset, e.line, e.byte), ("GBK", 8, 2, 0xFF));
    }

    #[test]
    fn forced_utf8_reports_the_first_bad_byte() {
        let e = decode(b"ab\xC3(", EncodingChoice::Utf8).unwrap_err();
        assert_eq!((e.encoding, e.offset, e.line), ("UTF-8", 2, 1));
    }
}
