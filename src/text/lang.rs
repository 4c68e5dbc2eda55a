//! The language tag of an output and the writing conventions it implies: a fixed tag from the
//! configuration or the command line, or one chosen per article from its script
//! ([`super::script`]). Pure: the tag depends on the text and the settings alone.
//!
//! A tag's [`Region`] decides the glyph forms and punctuation positions (Noto CJK's SC, TC, HK
//! and JP faces): `zh-Hant`, `zh-TW` are Taiwan, `zh-HK`, `zh-MO`, `zh-Hant-HK` Hong Kong,
//! `ja` Japan, every other tag (`zh`, `zh-CN`, `zh-Hans`, `zh-SG`, …) the mainland.

use super::script::{Census, Script};

/// The writing conventions of a language tag: glyph forms and punctuation positions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// Simplified Chinese, mainland forms; full-width punctuation low and to the left.
    #[default]
    Mainland,
    /// Traditional Chinese, Taiwan forms; `，。、；：！？` centred in the square.
    Taiwan,
    /// Traditional Chinese, Hong Kong forms; centred punctuation as in Taiwan.
    HongKong,
    /// Japanese forms; punctuation low and to the left.
    Japan,
}

impl Region {
    /// Every region, in a fixed order.
    pub const ALL: [Region; 4] = [
        Region::Mainland,
        Region::Taiwan,
        Region::HongKong,
        Region::Japan,
    ];

    /// The region a BCP 47 tag names (case-insensitive).
    pub fn of_tag(tag: &str) -> Region {
        let lower = tag.to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        let primary = subtags.next().unwrap_or("");
        let rest: Vec<&str> = subtags.collect();
        let has = |s: &str| rest.contains(&s);
        if primary == "ja" {
            Region::Japan
        } else if has("hk") || has("mo") {
            Region::HongKong
        } else if has("hans") || has("cn") || has("sg") {
            Region::Mainland
        } else if has("hant") || has("tw") {
            Region::Taiwan
        } else {
            Region::Mainland
        }
    }

    /// The suffix of the region's Noto CJK family names (`Noto Serif CJK TC`).
    pub fn suffix(self) -> &'static str {
        match self {
            Region::Mainland => "SC",
            Region::Taiwan => "TC",
            Region::HongKong => "HK",
            Region::Japan => "JP",
        }
    }

    /// Whether the region's fonts centre `，。、；：！？` in the em square, so that those marks
    /// have no blank half to give up (clreq: Traditional Chinese punctuation is not compressed
    /// and not hung).
    pub fn centred_punctuation(self) -> bool {
        matches!(self, Region::Taiwan | Region::HongKong)
    }

    /// Whether the region writes Traditional characters.
    pub fn traditional(self) -> bool {
        matches!(self, Region::Taiwan | Region::HongKong)
    }
}

/// The tags `language: auto` gives each script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoLanguage {
    /// A Simplified article's tag (`zh-CN`).
    pub simplified: String,
    /// A Traditional article's tag (`zh-TW`; `zh-HK` for a Hong Kong archive).
    pub traditional: String,
    /// The tag of an article with no evidence either way (`zh-CN`).
    pub undecided: String,
}

impl Default for AutoLanguage {
    fn default() -> Self {
        AutoLanguage {
            simplified: "zh-CN".into(),
            traditional: "zh-TW".into(),
            undecided: "zh-CN".into(),
        }
    }
}

/// How an output's language tag is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageChoice {
    /// The same tag for every article (`language: zh-TW`, `--lang`).
    Fixed(String),
    /// A tag per article from its script (`language: auto`, the default).
    Auto(AutoLanguage),
}

impl Default for LanguageChoice {
    fn default() -> Self {
        LanguageChoice::Auto(AutoLanguage::default())
    }
}

/// The tag `ja`, which `auto` gives a Japanese text.
pub const JAPANESE: &str = "ja";

impl LanguageChoice {
    /// The tag of a text with these counts.
    pub fn tag(&self, census: &Census) -> &str {
        match self {
            LanguageChoice::Fixed(tag) => tag,
            LanguageChoice::Auto(auto) => match census.script() {
                Script::Simplified => &auto.simplified,
                Script::Traditional => &auto.traditional,
                Script::Japanese => JAPANESE,
                Script::Undecided => &auto.undecided,
            },
        }
    }

    /// The regions this choice can give, mainland first when it is among them: the fonts a
    /// run may need.
    pub fn regions(&self) -> Vec<Region> {
        let mut out: Vec<Region> = match self {
            LanguageChoice::Fixed(tag) => vec![Region::of_tag(tag)],
            LanguageChoice::Auto(a) => [&a.simplified, &a.traditional, &a.undecided]
                .into_iter()
                .map(|t| Region::of_tag(t))
                .chain([Region::Japan])
                .collect(),
        };
        out.sort();
        out.dedup();
        out
    }

    /// How the choice is written in the configuration (`auto`, or the tag).
    pub fn describe(&self) -> String {
        match self {
            LanguageChoice::Fixed(tag) => tag.clone(),
            LanguageChoice::Auto(a) => format!(
                "auto (simplified {}, traditional {}, undecided {})",
                a.simplified, a.traditional, a.undecided
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_their_region() {
        for (tag, region) in [
            ("zh-CN", Region::Mainland),
            ("zh", Region::Mainland),
            ("zh-Hans", Region::Mainland),
            ("zh-SG", Region::Mainland),
            ("zh-TW", Region::Taiwan),
            ("zh-Hant", Region::Taiwan),
            ("zh-hant-tw", Region::Taiwan),
            ("zh-HK", Region::HongKong),
            ("zh-Hant-HK", Region::HongKong),
            ("zh-MO", Region::HongKong),
            ("ja", Region::Japan),
            ("ja-JP", Region::Japan),
        ] {
            assert_eq!(Region::of_tag(tag), region, "{tag}");
        }
    }

    #[test]
    fn auto_gives_each_script_its_tag_and_a_fixed_tag_wins() {
        let auto = LanguageChoice::default();
        assert_eq!(auto.tag(&Census::of("國際新聞")), "zh-TW");
        assert_eq!(auto.tag(&Census::of("国际新闻")), "zh-CN");
        assert_eq!(auto.tag(&Census::of("中文")), "zh-CN");
        assert_eq!(auto.tag(&Census::of("東京のニュース")), "ja");
        let hk = LanguageChoice::Auto(AutoLanguage {
            traditional: "zh-HK".into(),
            ..AutoLanguage::default()
        });
        assert_eq!(hk.tag(&Census::of("國際新聞")), "zh-HK");
        // No character that tells: the configured default.
        let tw_default = LanguageChoice::Auto(AutoLanguage {
            undecided: "zh-TW".into(),
            ..AutoLanguage::default()
        });
        assert_eq!(tw_default.tag(&Census::of("中文　人民　大小")), "zh-TW");
        assert_eq!(tw_default.tag(&Census::of("国际新闻")), "zh-CN");
        let fixed = LanguageChoice::Fixed("zh-TW".into());
        assert_eq!(fixed.tag(&Census::of("国际新闻")), "zh-TW");
    }

    #[test]
    fn a_choice_lists_the_regions_it_can_give() {
        assert_eq!(
            LanguageChoice::default().regions(),
            [Region::Mainland, Region::Taiwan, Region::Japan]
        );
        assert_eq!(
            LanguageChoice::Fixed("zh-HK".into()).regions(),
            [Region::HongKong]
        );
    }

    #[test]
    fn only_traditional_regions_centre_their_punctuation() {
        assert!(Region::Taiwan.centred_punctuation() && Region::HongKong.centred_punctuation());
        assert!(!Region::Mainland.centred_punctuation() && !Region::Japan.centred_punctuation());
    }
}
