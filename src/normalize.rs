//! Text clean-up between decoding and structure. Pure.
//!
//! Today: every newline form (CRLF, CR) becomes LF, and a BOM left inside the text is removed.
//! Each change is counted so the report can say what was done.

/// Normalised text and notes on what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The text with LF newlines only.
    pub text: String,
    /// One note per kind of change made, e.g. `converted 12 CRLF newlines to LF`.
    pub notes: Vec<String>,
}

/// Normalises newlines and strips stray BOM characters.
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let (mut crlf, mut cr, mut bom) = (0usize, 0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                    crlf += 1;
                } else {
                    cr += 1;
                }
                out.push('\n');
            }
            '\u{FEFF}' => bom += 1,
            c => out.push(c),
        }
    }
    let mut notes = Vec::new();
    if crlf > 0 {
        notes.push(format!("converted {crlf} CRLF newlines to LF"));
    }
    if cr > 0 {
        notes.push(format!("converted {cr} CR newlines to LF"));
    }
    if bom > 0 {
        notes.push(format!("removed {bom} byte-order marks inside the text"));
    }
    Normalized { text: out, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_newline_form_becomes_lf() {
        let n = normalize("a\r\nb\rc\n");
        assert_eq!(n.text, "a\nb\nc\n");
        assert_eq!(n.notes.len(), 2);
    }

    #[test]
    fn clean_text_is_untouched_and_silent() {
        let n = normalize("本报讯\n正文");
        assert_eq!(n.text, "本报讯\n正文");
        assert!(n.notes.is_empty());
    }
}
