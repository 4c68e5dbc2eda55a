//! Bytes → text, strictly. Pure: no I/O.
//!
//! `auto` decides per file, in this order:
//! 1. a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE);
//! 2. the whole file is valid UTF-8 → UTF-8;
//! 3. otherwise one of the legacy Chinese encodings: the GB18030 family (reported as `GBK`
//!    when the file uses no four-byte sequence, else `GB18030`) or `Big5`. Both are decoded
//!    strictly; when only one decodes every byte, the bytes have decided. When both do (every
//!    Big5 file is also error-free GBK, and short GBK files are often error-free Big5),
//!    `chardetng`, fed the whole file with no TLD hint, chooses, and when the first half of the
//!    file alone reads as the other encoding the choice was close and a warning names the
//!    runner-up. A guess outside these two falls back to the GB18030 family with a warning.
//!    Running the detector only on ambiguous files keeps decoding fast: chardetng reads about
//!    2 MB/s, strict decoding hundreds.
//!
//! Invariant: nothing is ever replaced silently. A malformed byte is a [`DecodeError`] naming
//! the encoding tried, the byte offset and the line; only with `lossy` set is it replaced by
//! U+FFFD, and then [`Decoded::notes`] counts the replacements.

use crate::model::diag::Error;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
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
    /// Big5 (the WHATWG Big5, which includes the HKSCS extensions).
    Big5,
    /// UTF-16, little-endian (a BOM is allowed and removed).
    Utf16Le,
    /// UTF-16, big-endian (a BOM is allowed and removed).
    Utf16Be,
}

impl FromStr for EncodingChoice {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf-8" | "utf8" => Ok(EncodingChoice::Utf8),
            "gbk" | "gb2312" | "cp936" => Ok(EncodingChoice::Gbk),
            "gb18030" => Ok(EncodingChoice::Gb18030),
            "big5" | "big5-hkscs" | "cp950" => Ok(EncodingChoice::Big5),
            "utf-16le" | "utf16le" => Ok(EncodingChoice::Utf16Le),
            "utf-16be" | "utf16be" => Ok(EncodingChoice::Utf16Be),
            _ => Err(Error::Usage(format!(
                "unknown encoding `{s}`, expected one of auto, utf-8, gbk, gb18030, big5, \
                 utf-16le, utf-16be"
            ))),
        }
    }
}

/// How to decode: the encoding choice and whether malformed bytes may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecodeOptions {
    /// Which encoding, or `Auto`.
    pub choice: EncodingChoice,
    /// Replace malformed bytes with U+FFFD (counted in the notes) instead of failing.
    pub lossy: bool,
}

/// Decoded text, the name of the encoding used and what is worth reporting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with any BOM removed.
    pub text: String,
    /// What was used, as reported: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `GBK`,
    /// `GB18030`, `Big5`.
    pub encoding: &'static str,
    /// Warnings: a close detection and its runner-up, a fallback, replacements made in lossy
    /// mode. Empty when the decision was clear and every byte decoded.
    pub notes: Vec<String>,
    /// How many malformed byte sequences were replaced with U+FFFD (only in lossy mode).
    pub replacements: usize,
}

/// The first malformed byte sequence of a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid {encoding}: byte 0x{byte:02X} at offset {offset} (line {line}) does not start a {encoding} character{hint}")]
pub struct DecodeError {
    /// The encoding tried.
    pub encoding: &'static str,
    /// Byte offset of the first bad byte in the file.
    pub offset: usize,
    /// 1-based line number of that byte.
    pub line: usize,
    /// The bad byte itself.
    pub byte: u8,
    /// What else was tried, e.g. `; UTF-8 failed earlier, at offset 12`; may be empty.
    pub hint: String,
}

/// Decodes a whole file according to `choice`, strictly.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    decode_with(
        bytes,
        DecodeOptions {
            choice,
            lossy: false,
        },
    )
}

/// Decodes a whole file according to `opts`.
pub fn decode_with(bytes: &[u8], opts: DecodeOptions) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let bom_matches = match opts.choice {
            EncodingChoice::Auto => true,
            EncodingChoice::Utf8 => encoding == UTF_8,
            EncodingChoice::Utf16Le => encoding == UTF_16LE,
            EncodingChoice::Utf16Be => encoding == UTF_16BE,
            _ => false,
        };
        if bom_matches {
            let name = if encoding == UTF_8 {
                "UTF-8 (BOM)"
            } else {
                encoding.name()
            };
            return run(encoding, name, bytes, bom_len, opts.lossy);
        }
        // A forced encoding that contradicts the BOM is honoured, but never silently.
        return forced(bytes, opts).map(|mut d| {
            d.notes.insert(
                0,
                format!(
                    "the file starts with a {} byte-order mark but was decoded as {}, as \
                     configured",
                    encoding.name(),
                    d.encoding
                ),
            );
            d
        });
    }
    forced(bytes, opts)
}

/// Decodes with the chosen encoding (or `auto`), the BOM already dealt with.
fn forced(bytes: &[u8], opts: DecodeOptions) -> Result<Decoded, DecodeError> {
    match opts.choice {
        EncodingChoice::Utf8 => run(UTF_8, "UTF-8", bytes, 0, opts.lossy),
        EncodingChoice::Utf16Le => run(UTF_16LE, "UTF-16LE", bytes, 0, opts.lossy),
        EncodingChoice::Utf16Be => run(UTF_16BE, "UTF-16BE", bytes, 0, opts.lossy),
        EncodingChoice::Gbk => run(GB18030, "GBK", bytes, 0, opts.lossy),
        EncodingChoice::Gb18030 => run(GB18030, "GB18030", bytes, 0, opts.lossy),
        EncodingChoice::Big5 => run(BIG5, "Big5", bytes, 0, opts.lossy),
        EncodingChoice::Auto => auto(bytes, opts.lossy),
    }
}

/// A legacy Chinese encoding auto-detection may choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Legacy {
    Gb,
    Big5,
}

impl Legacy {
    fn other(self) -> Legacy {
        match self {
            Legacy::Gb => Legacy::Big5,
            Legacy::Big5 => Legacy::Gb,
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            Legacy::Gb => GB18030,
            Legacy::Big5 => BIG5,
        }
    }

    /// The reported name for these bytes.
    fn name(self, bytes: &[u8]) -> &'static str {
        match self {
            Legacy::Gb if has_four_byte_sequence(bytes) => "GB18030",
            Legacy::Gb => "GBK",
            Legacy::Big5 => "Big5",
        }
    }

    fn decode(self, bytes: &[u8], lossy: bool) -> Result<Decoded, DecodeError> {
        run(self.encoding(), self.name(bytes), bytes, 0, lossy)
    }
}

/// What chardetng, fed the whole file with no TLD hint, makes of non-UTF-8 bytes: its choice
/// between the legacy Chinese encodings and notes on it. The choice was close when the first
/// half of the file alone reads as the other encoding.
fn detect(bytes: &[u8]) -> (Legacy, Vec<String>) {
    let as_legacy = |guess: &'static Encoding| {
        if guess == BIG5 {
            Some(Legacy::Big5)
        } else if guess == GBK || guess == GB18030 {
            Some(Legacy::Gb)
        } else {
            None
        }
    };
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // No TLD hint: `cn` or `tw` would bias the choice towards GBK or Big5 whatever the bytes.
    let half = bytes.len() / 2;
    detector.feed(&bytes[..half], false);
    let first_half = detector.guess(None, Utf8Detection::Deny);
    detector.feed(&bytes[half..], true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let mut notes = Vec::new();
    let choice = as_legacy(guess).unwrap_or_else(|| {
        notes.push(format!(
            "encoding detection suggested {}, which newsbind does not read; tried the GB18030 \
             family",
            guess.name()
        ));
        Legacy::Gb
    });
    if half > 0 && as_legacy(first_half) == Some(choice.other()) {
        notes.push(format!(
            "encoding detection was close: chose {}, but the first half of the file alone reads \
             as {} (both decode every byte; set the encoding for this file if it reads wrong)",
            choice.name(bytes),
            choice.other().name(bytes)
        ));
    }
    (choice, notes)
}

fn auto(bytes: &[u8], lossy: bool) -> Result<Decoded, DecodeError> {
    let utf8_err = match std::str::from_utf8(bytes) {
        Ok(s) => {
            return Ok(Decoded {
                text: s.to_owned(),
                encoding: "UTF-8",
                notes: Vec::new(),
                replacements: 0,
            })
        }
        Err(e) => error_at("UTF-8", bytes, e.valid_up_to()),
    };
    if lossy && mostly_utf8(bytes) {
        return run(UTF_8, "UTF-8", bytes, 0, true);
    }
    // Big5 first: on GBK text it usually fails within the first lines, and a file that is not
    // Big5 needs no detection. Every Big5 file also decodes as GBK (its byte ranges are a
    // subset), so only files valid in both need the detector.
    let big5 = Legacy::Big5.decode(bytes, false);
    let gb = Legacy::Gb.decode(bytes, false);
    let (result, notes) = match (gb, big5) {
        (Ok(d), Err(_)) | (Err(_), Ok(d)) => (Ok(d), Vec::new()),
        (Ok(gb), Ok(big5)) => {
            let (choice, notes) = detect(bytes);
            let d = match choice {
                Legacy::Gb => gb,
                Legacy::Big5 => big5,
            };
            (Ok(d), notes)
        }
        (Err(_), Err(_)) if lossy => {
            let (choice, notes) = detect(bytes);
            (choice.decode(bytes, true), notes)
        }
        (Err(a), Err(b)) => {
            // Name the reading that got furthest: it is the likelier intended encoding of a
            // damaged file. Say how far the others got.
            let mut tried = [a, b, utf8_err];
            tried.sort_by_key(|e| std::cmp::Reverse(e.offset));
            let [mut best, rest @ ..] = tried;
            best.hint = rest
                .iter()
                .map(|e| {
                    format!(
                        "; {} fails at offset {} (line {})",
                        e.encoding, e.offset, e.line
                    )
                })
                .collect();
            (Err(best), Vec::new())
        }
    };
    result.map(|mut d| {
        d.notes.splice(0..0, notes);
        d
    })
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with a little damage: at most one
/// malformed sequence per 50 decoded non-ASCII characters. Legacy Chinese text almost never
/// forms valid multi-byte UTF-8 sequences, so it fails this by a wide margin.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut bad, mut good) = (0usize, 0usize);
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                // Safe: `valid_up_to` bytes are valid UTF-8.
                good += std::str::from_utf8(valid)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
    bad * 50 <= good
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

/// Decodes `whole[start..]` with `encoding`. Strict: the first malformed sequence is an error.
/// Lossy: each malformed sequence becomes U+FFFD and is counted in a note.
fn run(
    encoding: &'static Encoding,
    name: &'static str,
    whole: &[u8],
    start: usize,
    lossy: bool,
) -> Result<Decoded, DecodeError> {
    if encoding == UTF_8 {
        // The standard library's validator is the fastest path for the common case.
        if let Ok(s) = std::str::from_utf8(&whole[start..]) {
            return Ok(Decoded {
                text: s.to_owned(),
                encoding: name,
                notes: Vec::new(),
                replacements: 0,
            });
        }
    }
    let src = &whole[start..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(src.len())
        .unwrap_or(src.len() * 3 + 16);
    let mut text = String::with_capacity(capacity);
    let mut pos = 0;
    let mut replacements = 0usize;
    let mut first_bad: Option<DecodeError> = None;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&src[pos..], &mut text, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::Malformed(len, after) => {
                let offset = start + pos - len as usize - after as usize;
                let err = error_at(name, whole, offset);
                if !lossy {
                    return Err(err);
                }
                first_bad.get_or_insert(err);
                replacements += 1;
                text.push('\u{FFFD}');
            }
            DecoderResult::OutputFull => {
                // The buffer was sized for the worst case; grow it if an encoding disagrees.
                text.reserve(src.len() - pos + 16);
            }
        }
    }
    let mut notes = Vec::new();
    if let Some(first) = first_bad {
        notes.push(format!(
            "replaced {replacements} malformed byte sequence{} with U+FFFD (lossy decoding as \
             {name}; the first at offset {} (line {}))",
            if replacements == 1 { "" } else { "s" },
            first.offset,
            first.line
        ));
    }
    Ok(Decoded {
        text,
        encoding: name,
        notes,
        replacements,
    })
}

fn error_at(encoding: &'static str, whole: &[u8], offset: usize) -> DecodeError {
    let offset = offset.min(whole.len().saturating_sub(1));
    DecodeError {
        encoding,
        offset,
        line: 1 + whole[..offset].iter().filter(|&&b| b == b'\n').count(),
        byte: whole.get(offset).copied().unwrap_or(0),
        hint: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Traditional Chinese news paragraph (Big5 territory).
    const TRADITIONAL: &str =
        "中央社記者台北十二日電，行政院今天召開院會，通過多項與經濟發展有關的\
        法案，並宣布將於明年擴大對產業轉型的補助，協助中小企業提升競爭力。官員表示，這項政策\
        預計會讓數萬家企業受惠。";

    fn lossy(choice: EncodingChoice) -> DecodeOptions {
        DecodeOptions {
            choice,
            lossy: true,
        }
    }

    #[test]
    fn utf8_is_taken_when_the_whole_file_is_valid() {
        let d = decode("本报讯".as_bytes(), EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("本报讯", "UTF-8"));
        assert!(d.notes.is_empty());
    }

    #[test]
    fn bom_is_removed_and_reported() {
        let d = decode(b"\xEF\xBB\xBFabc", EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", "UTF-8 (BOM)"));
        let d = decode(b"\xFF\xFEa\x00", EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("a", "UTF-16LE"));
        let d = decode(b"\xFE\xFF\x4E\x2D", EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("中", "UTF-16BE"));
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
    fn big5_is_detected_for_traditional_text() {
        let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TRADITIONAL, "Big5"));
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        // The same text as GBK is still detected as GBK.
        let (bytes, _, _) = GB18030.encode(TRADITIONAL);
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TRADITIONAL, "GBK"));
    }

    #[test]
    fn bytes_valid_in_only_one_legacy_encoding_need_no_detection() {
        // GBK text with second bytes Big5 does not allow: decided by the bytes, no notes.
        let (bytes, _, _) = GB18030.encode("新华社北京电，国家主席今天在人民大会堂会见外国客人。");
        assert!(BIG5
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_none());
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert!(d.notes.is_empty(), "{:?}", d.notes);
    }

    #[test]
    fn a_close_detection_names_the_runner_up() {
        // A first half of GBK that is also valid Big5, then Big5 text: valid in both, and the
        // halves disagree.
        let gbk_also_big5 = "中国本报北京电".repeat(14);
        let mut bytes = GB18030.encode(&gbk_also_big5).0.into_owned();
        assert!(BIG5
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some());
        bytes.extend_from_slice(&BIG5.encode(TRADITIONAL).0);
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
        let note = &d.notes[0];
        assert!(
            note.starts_with("encoding detection was close: chose Big5")
                && note.contains("reads as GBK"),
            "{note}"
        );
    }

    #[test]
    fn a_forced_encoding_against_the_bom_is_noted() {
        // The BOM's bytes pair up as GB18030 characters with the `a` after them.
        let mut bytes = b"\xEF\xBB\xBFa".to_vec();
        bytes.extend_from_slice(&GB18030.encode("新闻").0);
        let d = decode(&bytes, EncodingChoice::Gb18030).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.ends_with("新闻") && !d.text.starts_with('a'));
        assert_eq!(
            d.notes,
            [
                "the file starts with a UTF-8 byte-order mark but was decoded as GB18030, as \
              configured"
            ]
        );
    }

    #[test]
    fn explicit_big5_and_utf16_are_honoured() {
        let (bytes, _, _) = BIG5.encode("新聞");
        let d = decode(&bytes, EncodingChoice::Big5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("新聞", "Big5"));
        let d = decode(b"\x2D\x4E", EncodingChoice::Utf16Le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("中", "UTF-16LE"));
    }

    #[test]
    fn a_bad_byte_is_located_by_offset_and_line() {
        let mut bytes = GB18030.encode("第一行\r\n").0.into_owned();
        bytes.extend_from_slice(b"\xFF\r\n");
        let e = decode(&bytes, EncodingChoice::Auto).unwrap_err();
        assert_eq!((e.encoding, e.offset, e.line, e.byte), ("GBK", 8, 2, 0xFF));
        assert!(e.to_string().contains("0xFF at offset 8 (line 2)"), "{e}");
    }

    #[test]
    fn forced_utf8_reports_the_first_bad_byte() {
        let e = decode(b"ab\xC3(", EncodingChoice::Utf8).unwrap_err();
        assert_eq!((e.encoding, e.offset, e.line), ("UTF-8", 2, 1));
    }

    #[test]
    fn lossy_replaces_and_counts_every_bad_sequence() {
        let first = "新华网北京电，记者从有关部门获悉，今年的新闻出版工作取得进展。\n";
        let mut bytes = GB18030.encode(first).0.into_owned();
        bytes.extend_from_slice(b"\xFF\n");
        bytes.extend_from_slice(&GB18030.encode("第三行").0);
        bytes.push(0xFF);
        let d = decode_with(&bytes, lossy(EncodingChoice::Auto)).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.text, format!("{first}\u{FFFD}\n第三行\u{FFFD}"));
        assert_eq!(d.replacements, 2);
        let note = d.notes.last().unwrap();
        assert!(
            note.starts_with("replaced 2 malformed byte sequences with U+FFFD"),
            "{note}"
        );
        let offset = GB18030.encode(first).0.len();
        assert!(
            note.contains(&format!("offset {offset} (line 2)")),
            "{note}"
        );
    }

    #[test]
    fn lossy_keeps_slightly_damaged_utf8_as_utf8() {
        let mut bytes = "本报讯　记者从有关部门获悉，今年的新闻出版工作取得进展。".repeat(3);
        bytes.push('\n');
        let mut bytes = bytes.into_bytes();
        bytes.insert(9, 0xFF);
        assert!(decode(&bytes, EncodingChoice::Auto).is_err());
        let d = decode_with(&bytes, lossy(EncodingChoice::Auto)).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replacements, 1);
        assert!(d.text.starts_with("本报讯\u{FFFD}"));
    }

    #[test]
    fn utf16_without_bom_is_never_guessed() {
        let bytes: Vec<u8> = "新闻".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&bytes, EncodingChoice::Auto);
        assert!(d.map_or(true, |d| d.text != "新闻"));
    }
}
