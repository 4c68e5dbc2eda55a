//! The publication conventions the recognisers look for, with built-in defaults and the
//! `structure:` section of `config.yaml` on top. Built once per run and shared by reference.

use crate::model::CreditKind;
use std::sync::OnceLock;

/// Dateline agencies recognised by default, longest first is not needed: matching picks the
/// longest itself.
pub const AGENCIES: &[&str] = &[
    "本报",
    "新华社",
    "新华网",
    "中新社",
    "中新网",
    "中广网",
    "人民网",
    "央视网",
    "中国网",
    "国际在线",
    "法制网",
    "光明网",
    "经济通",
    "新京报",
    "北京晨报",
    "晨报",
    "信报",
    "京华时报",
    "新华报业网",
    "中国日报网",
    "东方网",
    "千龙网",
    "华龙网",
    "南方网",
    "金羊网",
    "大洋网",
    "中国新闻网",
    "新浪",
    "新浪科技",
    "新浪体育",
    "搜狐",
    "网易",
    "腾讯",
    "赛迪网",
    "计世网",
    "天极网",
    "中关村在线",
    "证券时报网",
    "中证网",
    "财经网",
    "和讯网",
    "路透社",
    "法新社",
    "美联社",
    "共同社",
    "塔斯社",
    "综合新华社",
    "综合本报",
];

/// Words that introduce reporters' or authors' names.
pub const BYLINE_ROLES: &[&str] = &[
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "新华社记者",
    "记者",
    "通讯员",
    "实习生",
    "特约撰稿人",
    "撰稿人",
    "撰文",
    "作者",
    "文／",
    "文/",
    "文 / ",
    "执笔",
    "編譯",
    "编译",
    "本報記者",
    "記者",
    "特約記者",
    "實習記者",
    "見習記者",
    "通訊員",
    "實習生",
    "撰稿",
    "特约撰稿",
    "全媒体记者",
    "特派记者",
    "驻站记者",
    "摄影",
    "攝影",
    "图/",
    "图／",
    "圖／",
    "圖/",
];

/// Words that end the head of a box beside the article (`新闻链接`, `记者手记`, `【延伸閱讀】`):
/// a heading, never a byline.
pub const BOX_HEADS: &[&str] = &[
    "链接", "鏈接", "手记", "手記", "阅读", "閱讀", "提要", "背景", "资料", "資料", "点评", "點評",
];

/// Marks that open a byline line.
pub const BYLINE_MARKS: &[&str] = &["□", "■"];

/// Labels of editor credits.
pub const EDITOR: &[&str] = &[
    "责任编辑",
    "责编",
    "编辑",
    "本版编辑",
    "責任編輯",
    "責編",
    "編輯",
    "文字编辑",
    "视频编辑",
];
/// Labels of source credits.
pub const SOURCE: &[&str] = &[
    "来源",
    "稿件来源",
    "数据来源",
    "消息来源",
    "文章来源",
    "來源",
    "资料来源",
    "資料來源",
];
/// Labels of original-title credits.
pub const ORIGINAL_TITLE: &[&str] = &["原标题", "原题"];
/// Whole end marks.
pub const END: &[&str] = &["完", "完毕", "全文完", "全文完毕", "＊", "*", "终", "終"];
/// Labels of other credits.
pub const OTHER: &[&str] = &[
    "制图",
    "本期统筹",
    "统筹",
    "版式设计",
    "美编",
    "校对",
    "整理",
    "策划",
    "监制",
    "翻译",
    "翻譯",
    "作者单位",
    "作者單位",
    "注释",
    "注",
    "附注",
    "译注",
    "更新时间",
    "更新時間",
    "发布时间",
    "發布時間",
];

/// Whole texts of non-article pages.
pub const PLACEHOLDERS: &[&str] = &["广告", "图片报道"];

/// Page furniture that web pages leave in the text: widgets' labels, never headings.
pub const FURNITURE: &[&str] = &[
    "点击播报本文，约",
    "分享让更多人看到",
    "分享到：",
    "扫一扫",
    "打印本页",
    "关闭窗口",
    "上一页",
    "下一页",
    "返回顶部",
];

/// The resolved conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Dateline agencies.
    pub agencies: Vec<String>,
    /// Words that introduce names, longest first.
    pub byline_roles: Vec<String>,
    /// Marks that open a byline line.
    pub byline_marks: Vec<String>,
    /// Credit labels with their kind, longest first.
    pub credit_labels: Vec<(String, CreditKind)>,
    /// Whole end marks (`完`).
    pub end_marks: Vec<String>,
    /// Whole texts of non-article pages.
    pub placeholders: Vec<String>,
    /// Page furniture lines, never headings.
    pub furniture: Vec<String>,
}

/// The lists a configuration gives (`config.yaml`'s `structure:` section); `None` keeps the
/// built-in list.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleLists<'a> {
    /// Dateline agencies.
    pub agencies: Option<&'a [String]>,
    /// Words that introduce names.
    pub byline_roles: Option<&'a [String]>,
    /// Marks that open a byline line.
    pub byline_marks: Option<&'a [String]>,
    /// Editor credit labels.
    pub editor: Option<&'a [String]>,
    /// Source credit labels.
    pub source: Option<&'a [String]>,
    /// Original-title credit labels.
    pub original_title: Option<&'a [String]>,
    /// Other credit labels.
    pub other: Option<&'a [String]>,
    /// Whole end marks.
    pub end: Option<&'a [String]>,
    /// Whole texts of non-article pages.
    pub placeholders: Option<&'a [String]>,
}

fn list(given: Option<&[String]>, default: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = match given {
        Some(g) => g.iter().map(|s| s.trim().to_string()).collect(),
        None => default.iter().map(|s| s.to_string()).collect(),
    };
    v.retain(|s| !s.is_empty());
    // Longest first, so `本报记者` wins over `记者`.
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    v.dedup();
    v
}

impl Rules {
    /// The conventions of the given lists, the built-in ones where they are silent.
    pub fn from_lists(c: RuleLists<'_>) -> Rules {
        let mut credit_labels = Vec::new();
        for (given, default, kind) in [
            (c.editor, EDITOR, CreditKind::Editor),
            (c.source, SOURCE, CreditKind::Source),
            (c.original_title, ORIGINAL_TITLE, CreditKind::OriginalTitle),
            (c.other, OTHER, CreditKind::Other),
        ] {
            credit_labels.extend(list(given, default).into_iter().map(|l| (l, kind)));
        }
        credit_labels.sort_by_key(|(label, _)| std::cmp::Reverse(label.chars().count()));
        Rules {
            agencies: list(c.agencies, AGENCIES),
            byline_roles: list(c.byline_roles, BYLINE_ROLES),
            byline_marks: list(c.byline_marks, BYLINE_MARKS),
            credit_labels,
            end_marks: list(c.end, END),
            placeholders: list(c.placeholders, PLACEHOLDERS),
            furniture: list(None, FURNITURE),
        }
    }

    /// The built-in conventions, built once.
    pub fn builtin() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| Rules::from_lists(RuleLists::default()))
    }

    /// The longest role word `s` starts with.
    pub fn role_prefix(&self, s: &str) -> Option<&str> {
        // `文∕` (Big5's A2 41) is `文／`: the wide slashes are one.
        self.byline_roles
            .iter()
            .find(|r| crate::text::cjk::strip_prefix_folding_slashes(s, r).is_some())
            .map(|r| r.as_str())
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::builtin().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_lists_replace_the_defaults_and_longest_words_come_first() {
        let agencies = ["大河报".to_string(), "大河".to_string()];
        let editor = ["值班编辑".to_string()];
        let r = Rules::from_lists(RuleLists {
            agencies: Some(&agencies),
            editor: Some(&editor),
            ..RuleLists::default()
        });
        assert_eq!(r.agencies, ["大河报", "大河"]);
        assert!(r
            .credit_labels
            .contains(&("值班编辑".to_string(), CreditKind::Editor)));
        assert!(!r.credit_labels.iter().any(|(l, _)| l == "责任编辑"));
        assert_eq!(r.role_prefix("本报记者李纵"), Some("本报记者"));
    }
}
