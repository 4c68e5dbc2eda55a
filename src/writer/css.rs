//! The stylesheet beside every content document (and inside every EPUB): W3C clreq basics,
//! the CJK font stacks of each [`Region`] under `:lang()` selectors, and the vertical-writing
//! rules. Pure text; the mainland stacks are the base rules, so a Simplified book's
//! stylesheet names no other region.

use crate::text::lang::Region;

/// File name of the stylesheet, beside the documents that link it.
pub const STYLESHEET_NAME: &str = "newsbind.css";

/// The stylesheet: W3C clreq basics — 2-em first-line indent, no space between paragraphs,
/// justified text, strict line breaking, CJK font stacks.
pub const STYLESHEET: &str = r#"@charset "UTF-8";
html {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
  line-height: 1.8;
}
body { margin: 0 1em; }
article { text-align: justify; line-break: strict; word-break: normal; overflow-wrap: break-word; }
header { text-align: center; margin-bottom: 1.5em; }
h1, h2, .kicker {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
}
h1 { font-size: 1.6em; font-weight: bold; line-height: 1.4; margin: 0.4em 0; }
h2 { font-size: 1.1em; font-weight: bold; margin: 1em 0 0.3em; }
p { margin: 0; text-indent: 2em; }
header p, footer p, .caption, .date { text-indent: 0; }
.kicker { font-size: 0.95em; margin: 0; }
.subtitle { font-size: 1.1em; margin: 0.2em 0; }
.byline { font-size: 0.9em; margin-top: 0.5em; }
.dateline { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
.caption { font-size: 0.9em; color: #444; margin: 0.3em 0; }
.date { text-align: center; }
footer { margin-top: 1.5em; font-size: 0.9em; text-align: right; }
"#;

/// Added after [`STYLESHEET`] for vertical writing (`epub.vertical`): top-to-bottom lines set
/// right to left, as in traditional print. Block margins move from top/bottom to right/left.
pub const VERTICAL_RULES: &str = r#"
/* Vertical writing: lines run top to bottom, columns right to left. */
html { -epub-writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl; writing-mode: vertical-rl; }
body { margin: 1em 0; }
header { margin: 0 0 0 1.5em; }
h1 { margin: 0 0.4em; }
h2 { margin: 0 1em 0 0.3em; }
.kicker, .subtitle, .caption { margin: 0 0.2em; }
.byline { margin: 0 0.5em 0 0; }
footer { margin: 0 1.5em 0 0; text-align: end; }
"#;

/// The stylesheet for horizontal or vertical writing, with the font stacks of `regions`
/// other than the mainland (whose stacks are the base rules) under `:lang()` selectors.
pub fn stylesheet(vertical: bool, regions: &[Region]) -> String {
    let mut css = STYLESHEET.to_string();
    if vertical {
        css.push_str(VERTICAL_RULES);
    }
    for &r in regions {
        css.push_str(&region_rules(r, None));
    }
    css
}

/// The families of a region's serif (body) and sans-serif (display) stacks.
fn stacks(region: Region) -> (&'static str, &'static str) {
    match region {
        Region::Mainland => (
            r#""Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun""#,
            r#""Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei""#,
        ),
        Region::Taiwan => (
            r#""Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU""#,
            r#""Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei""#,
        ),
        Region::HongKong => (
            r#""Noto Serif CJK HK", "Source Han Serif HC", "Songti TC", "MingLiU_HKSCS""#,
            r#""Noto Sans CJK HK", "Source Han Sans HC", "PingFang HK", "Microsoft JhengHei""#,
        ),
        Region::Japan => (
            r#""Noto Serif CJK JP", "Source Han Serif", "Hiragino Mincho ProN", "Yu Mincho""#,
            r#""Noto Sans CJK JP", "Source Han Sans", "Hiragino Sans", "Yu Gothic""#,
        ),
    }
}

/// The `:lang()` selectors of a region (`:lang(zh-Hant)` also matches `zh-Hant-HK`, so the
/// Hong Kong rules come after the Taiwan ones).
fn selectors(region: Region) -> &'static [&'static str] {
    match region {
        Region::Mainland => &[],
        Region::Taiwan => &["zh-Hant", "zh-TW"],
        Region::HongKong => &["zh-HK", "zh-MO", "zh-Hant-HK", "zh-Hant-MO"],
        Region::Japan => &["ja"],
    }
}

/// A region's font stacks as `:lang()` rules (nothing for the mainland), naming `embedded` (the
/// embedded subset's family) before the generic family when given. Body text takes the serif
/// stack, the display lines (`h1`, `h2`, `.kicker`, `.dateline`) the sans-serif one; the faces
/// of Taiwan and Hong Kong centre their full-width punctuation.
pub fn region_rules(region: Region, embedded: Option<&str>) -> String {
    let sel = selectors(region);
    if sel.is_empty() {
        return String::new();
    }
    let (serif, sans) = stacks(region);
    let extra = embedded.map_or(String::new(), |f| format!(", \"{f}\""));
    let all = |suffix: &str| {
        sel.iter()
            .map(|l| format!(":lang({l}){suffix}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let display = [" h1", " h2", " .kicker", " .dateline"]
        .iter()
        .map(|e| all(e))
        .collect::<Vec<_>>()
        .join(",\n");
    let name = match region {
        Region::Taiwan => "Traditional Chinese (Taiwan)",
        Region::HongKong => "Traditional Chinese (Hong Kong)",
        Region::Japan => "Japanese",
        Region::Mainland => "",
    };
    format!(
        "\n/* {name}: the region's glyph forms and punctuation positions. */\n{} {{ font-family: {serif}{extra}, serif; }}\n{display} {{\n  font-family: {sans}{extra}, sans-serif;\n}}\n",
        all("")
    )
}

/// The regions other than the mainland, whose rules a shared stylesheet carries.
pub const OTHER_REGIONS: [Region; 3] = [Region::Taiwan, Region::HongKong, Region::Japan];
