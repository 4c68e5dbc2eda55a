//! Kinsoku (禁则): which characters may not start or end a line, at three levels. Pure tables
//! and lookups; the line breaker ([`super::linebreak`]) applies them.

/// How strictly line-start and line-end prohibitions are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kinsoku {
    /// Only clusters (words, `——`, `……`) are kept whole.
    None,
    /// Closing punctuation never starts a line, opening punctuation never ends one.
    #[default]
    Basic,
    /// Basic plus middle dots, iteration marks, small kana, units and currency signs.
    Strict,
}

impl Kinsoku {
    /// Parses `none`, `basic` or `strict`.
    pub fn parse(s: &str) -> Option<Kinsoku> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Some(Kinsoku::None),
            "basic" => Some(Kinsoku::Basic),
            "strict" => Some(Kinsoku::Strict),
            _ => None,
        }
    }
}

/// Closing punctuation: may not start a line (basic level).
pub const NO_START: &str = "，。、；：？！）》」』】〕〉”’…—,.;:?!)]}>％%";
/// Opening punctuation: may not end a line (basic level).
pub const NO_END: &str = "（《「『【〔〈“‘([{<";
/// Added at the strict level to [`NO_START`].
const NO_START_STRICT: &str = "·‧・〃々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー‰℃°′″～";
/// Added at the strict level to [`NO_END`].
const NO_END_STRICT: &str = "￥＄$£€#＃№";

/// Whether `c` may not start a line at `level`.
pub fn no_start(c: char, level: Kinsoku) -> bool {
    match level {
        Kinsoku::None => false,
        Kinsoku::Basic => NO_START.contains(c),
        Kinsoku::Strict => NO_START.contains(c) || NO_START_STRICT.contains(c),
    }
}

/// Whether `c` may not end a line at `level`.
pub fn no_end(c: char, level: Kinsoku) -> bool {
    match level {
        Kinsoku::None => false,
        Kinsoku::Basic => NO_END.contains(c),
        Kinsoku::Strict => NO_END.contains(c) || NO_END_STRICT.contains(c),
    }
}
