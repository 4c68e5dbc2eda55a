//! Which script a text is written in: Simplified or Traditional Chinese (or Japanese), from the
//! text alone. Pure and deterministic: the same characters give the same answer whatever the
//! locale or the machine, so a cron job under `LANG=C` writes the same books.
//!
//! The evidence is the characters only one of the two Chinese scripts writes
//! ([`script_table`](super::script_table), generated from Unihan's `kTraditionalVariant` and
//! `kSimplifiedVariant`): 发 国 们 are Simplified, 發 國 們 Traditional; the many characters
//! both write (中, 人, 台, 后) say nothing. A [`Census`] counts them; the larger count wins, a
//! tie (a text with no differing character at all, say) is [`Script::Undecided`] and the
//! caller's default applies. Kana make a text Japanese when they are a fifth of its letters or
//! more: Japanese writes 国 and 説 both, so without that rule a kanji-heavy Japanese text would
//! be taken for one Chinese script or the other; a Chinese article quoting a Japanese name has
//! far fewer.

use super::script_table::{SIMPLIFIED_ONLY, TRADITIONAL_ONLY};

/// The script of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Simplified Chinese (mainland China, Singapore).
    Simplified,
    /// Traditional Chinese (Taiwan, Hong Kong, Macau, pre-1956 print).
    Traditional,
    /// Japanese: kana are a fifth of the letters or more.
    Japanese,
    /// No evidence either way, or as much for each.
    Undecided,
}

/// The characters of a text that tell its script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Census {
    /// Characters only Simplified Chinese writes.
    pub simplified: usize,
    /// Characters only Traditional Chinese writes.
    pub traditional: usize,
    /// Hiragana and katakana.
    pub kana: usize,
    /// Han characters (of either script, or both).
    pub han: usize,
}

impl Census {
    /// Counts the characters of `text`.
    pub fn of(text: &str) -> Census {
        let mut c = Census::default();
        c.count(text);
        c
    }

    /// Adds the characters of `text` to the counts.
    pub fn count(&mut self, text: &str) {
        for ch in text.chars() {
            let cp = ch as u32;
            if matches!(cp, 0x3041..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF) && ch != '・' {
                self.kana += 1;
            } else if super::cjk::is_han(ch) {
                self.han += 1;
                if contains(SIMPLIFIED_ONLY, cp) {
                    self.simplified += 1;
                } else if contains(TRADITIONAL_ONLY, cp) {
                    self.traditional += 1;
                }
            }
        }
    }

    /// Adds another census (a collection's articles).
    pub fn add(&mut self, other: &Census) {
        self.simplified += other.simplified;
        self.traditional += other.traditional;
        self.kana += other.kana;
        self.han += other.han;
    }

    /// The script these counts speak for.
    pub fn script(&self) -> Script {
        if self.kana > 0 && self.kana * 4 >= self.han {
            Script::Japanese
        } else if self.traditional > self.simplified {
            Script::Traditional
        } else if self.simplified > self.traditional {
            Script::Simplified
        } else {
            Script::Undecided
        }
    }
}

/// The script of `text`.
pub fn detect(text: &str) -> Script {
    Census::of(text).script()
}

fn contains(table: &[(u32, u32)], cp: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_sorted_and_disjoint() {
        for table in [SIMPLIFIED_ONLY, TRADITIONAL_ONLY] {
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
            assert!(table.iter().all(|&(lo, hi)| lo <= hi));
        }
        for &(lo, hi) in SIMPLIFIED_ONLY {
            for cp in lo..=hi {
                assert!(!contains(TRADITIONAL_ONLY, cp), "U+{cp:04X} in both");
            }
        }
    }

    #[test]
    fn characters_of_one_script_only_are_counted_and_shared_ones_are_not() {
        let c = Census::of("发國中台后");
        assert_eq!((c.simplified, c.traditional, c.han), (1, 1, 5));
    }

    #[test]
    fn short_texts_are_decided_by_the_characters_they_have() {
        assert_eq!(detect("高捷延宕　議員質詢"), Script::Traditional);
        assert_eq!(detect("高铁延误　议员质询"), Script::Simplified);
        assert_eq!(detect("國"), Script::Traditional);
        assert_eq!(detect("们"), Script::Simplified);
    }

    #[test]
    fn a_traditional_quote_in_a_simplified_article_leaves_it_simplified() {
        let text = "本报讯　昨天，书法展在北京开幕，展出的作品中有一幅写着“國泰民安”，\
                    吸引了许多观众驻足观看。主办方表示，这次展览将持续到下个月。";
        let c = Census::of(text);
        assert!(c.traditional >= 1 && c.simplified > c.traditional, "{c:?}");
        assert_eq!(c.script(), Script::Simplified);
        let text = "【記者王小明／台北報導】立法院今天三讀通過法案，行政院長表示，\
                    大陆网民称之为“新规”，政府將持續關注。";
        assert_eq!(detect(text), Script::Traditional);
    }

    #[test]
    fn a_text_without_differing_characters_is_undecided() {
        assert_eq!(detect("中华人民共和国"), Script::Simplified);
        assert_eq!(detect("中文　人民　大小　上下"), Script::Undecided);
        assert_eq!(detect("2019 COVID-19"), Script::Undecided);
        assert_eq!(detect(""), Script::Undecided);
    }

    #[test]
    fn a_kanji_heavy_japanese_text_is_japanese_not_chinese() {
        // 国, 説 and 経済 would count for one script or the other; the kana decide.
        let text = "政府は経済対策を閣議決定した。国内総生産の押し上げ効果は約二兆円と説明。";
        assert_eq!(detect(text), Script::Japanese);
        // A Chinese article naming a Japanese work stays Chinese.
        let text = "日本动画《となりのトトロ》在北京上映，观众反响热烈，票房已经超过一亿元人民币，\
                    发行方表示将在全国更多城市加映，满足观众需求，这部影片讲述了姐妹二人的故事。";
        assert_eq!(detect(text), Script::Simplified);
    }

    #[test]
    fn censuses_add_up() {
        let mut c = Census::of("國");
        c.add(&Census::of("们们"));
        assert_eq!(c.script(), Script::Simplified);
    }
}
