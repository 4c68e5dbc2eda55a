//! Unit tests of line breaking, kept beside it.
use super::*;
use crate::layout::tests::Monospace;

/// Breaks with a measure of `chars` one-em characters at 10 pt.
fn lines_at(text: &str, chars: usize, level: Kinsoku) -> Vec<String> {
    let (_, lines) = break_lines(
        text,
        chars as f32 * 10.0,
        0.0,
        10.0,
        Face::Body,
        conv(level, false),
        &Monospace,
    );
    lines
        .into_iter()
        .map(|l| text[l.range].to_string())
        .collect()
}

fn lines_of(text: &str, chars: usize) -> Vec<String> {
    lines_at(text, chars, Kinsoku::Basic)
}

#[test]
fn closing_punctuation_never_starts_a_line() {
    // Five per line would put "，" first on line 2: it is squeezed in or pulled back.
    let lines = lines_of("一二三四五，六七八九十一二", 5);
    assert!(
        lines
            .iter()
            .all(|l| !NO_START.contains(l.chars().next().unwrap())),
        "{lines:?}"
    );
    assert_eq!(lines.concat(), "一二三四五，六七八九十一二");
}

#[test]
fn opening_punctuation_never_ends_a_line() {
    let lines = lines_of("一二三四《五六》七八九十", 5);
    assert!(
        lines
            .iter()
            .all(|l| !NO_END.contains(l.chars().last().unwrap())),
        "{lines:?}"
    );
    assert_eq!(lines[0], "一二三四", "《 goes down with 五: {lines:?}");
}

#[test]
fn an_opening_mark_followed_by_a_space_still_does_not_end_a_line() {
    let lines = lines_of("一二三四“ 五六七八九十", 5);
    assert!(
        lines.iter().all(|l| !l.trim_end().ends_with('“')),
        "{lines:?}"
    );
}

#[test]
fn without_kinsoku_punctuation_may_start_a_line() {
    let lines = lines_at("一二三四五六。七八九十", 5, Kinsoku::None);
    assert_eq!(lines[1].chars().next(), Some('六'), "{lines:?}");
    let lines = lines_at("一二三四五六。七八九十一二", 6, Kinsoku::None);
    assert!(lines[1].starts_with('。'), "{lines:?}");
}

#[test]
fn strict_level_also_keeps_middle_dots_off_the_line_start() {
    let text = "一二三四五·六七八九十";
    assert!(lines_at(text, 5, Kinsoku::Basic)[1].starts_with('·'));
    assert!(!lines_at(text, 5, Kinsoku::Strict)[1].starts_with('·'));
}

#[test]
fn dashes_and_ellipses_stay_whole() {
    for text in ["一二三四——五六七八九十", "一二三四……五六七八九十"] {
        let lines = lines_of(text, 5);
        assert!(
            lines.iter().any(|l| l.contains("——") || l.contains("……")),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), text);
    }
}

#[test]
fn latin_words_and_digit_runs_are_not_broken_inside() {
    let lines = lines_of("一二三abcdef四五六七", 5);
    assert!(lines.iter().any(|l| l.contains("abcdef")), "{lines:?}");
    let lines = lines_of("一二三四2019年五六七八", 5);
    assert!(lines.iter().any(|l| l.contains("2019")), "{lines:?}");
}

#[test]
fn squeeze_before_push_keeps_a_character_on_the_line() {
    // "一，二，三四" is 6 em wide; squeezing both commas to half width makes 5 em.
    let text = "一，二，三四五六七八";
    let lines = lines_of(text, 5);
    assert_eq!(lines[0], "一，二，三四", "{lines:?}");
    let (items, lines) = break_lines(
        text,
        50.0,
        0.0,
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    let (xs, width) = set_line(&items, lines[0].items.clone(), 50.0, true);
    assert!((width - 50.0).abs() < 0.01);
    assert_eq!(xs, vec![0.0, 10.0, 15.0, 25.0, 30.0, 40.0]);
}

#[test]
fn adjacent_full_width_marks_are_compressed() {
    let its = items(
        "说：“好。”他",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    let widths: Vec<f32> = its.iter().map(|i| i.width).collect();
    // "：" before "“" and "。" before "”" give up half an em each.
    assert_eq!(widths, vec![10.0, 5.0, 10.0, 10.0, 5.0, 10.0, 10.0]);
    let its = items(
        "（《书》）",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    // Second of two opening marks moves left into its blank half.
    assert_eq!(its[1].shift, -5.0);
    assert_eq!(its[1].width, 5.0);
    assert_eq!(its[3].width, 5.0, "）follows 》: 》 is compressed");
}

#[test]
fn centred_punctuation_keeps_its_full_width_and_brackets_still_give_up_their_half() {
    // Traditional faces centre ，。、；： — no blank half to give up, none squeezed.
    let its = items(
        "說：「好」，他。",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, true),
        &Monospace,
    );
    let widths: Vec<f32> = its.iter().map(|i| i.width).collect();
    // 「 after the centred ： gives up its blank left half (and moves into it); 」 before
    // the centred ， gives up its right half; ： 。 ， keep a full em.
    assert_eq!(widths, vec![10.0, 10.0, 5.0, 10.0, 5.0, 10.0, 10.0, 10.0]);
    assert_eq!(its[2].shift, -5.0);
    assert!(its
        .iter()
        .filter(|i| "：。，".contains(i.ch))
        .all(|i| i.shrink == 0.0));
    // The same text set with Simplified faces compresses the marks themselves.
    let sc = items(
        "說：「好」，他。",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    assert_eq!(sc[1].width, 5.0);
    assert_eq!(sc[7].shrink, 5.0);
}

/// The first line of `一二三四，五六七八九` justified to five ems: its glyph positions.
fn first_justified_line(centred: bool) -> Vec<f32> {
    let text = "一二三四，五六七八九";
    let (items, lines) = break_lines(
        text,
        50.0,
        0.0,
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, centred),
        &Monospace,
    );
    assert_eq!(&text[lines[0].range.clone()], "一二三四，");
    let (xs, width) = set_line(&items, lines[0].items.clone(), 50.0, true);
    assert!((width - 50.0).abs() < 0.01);
    xs
}

#[test]
fn a_centred_mark_ending_a_justified_line_keeps_its_full_width() {
    // No spreading needed: five full ems, the comma in its own square.
    let xs = first_justified_line(true);
    assert!((xs[4] - 40.0).abs() < 0.01, "{xs:?}");
}

#[test]
fn an_opening_mark_after_a_narrow_character_is_not_squeezed() {
    let its = items(
        "一;“二",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    assert_eq!(its[2].shrink, 0.0);
    let its = items(
        "一“二",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    assert_eq!(its[1].shrink, 5.0);
}

#[test]
fn a_closing_mark_ending_a_justified_line_is_set_half_width() {
    let xs = first_justified_line(false);
    // Half an em spread over four gaps: 一 at 0, 二 at 11.25 …, ， at 45 (its ink ends at 50).
    assert!((xs[1] - 11.25).abs() < 0.01, "{xs:?}");
    assert!((xs[4] - 45.0).abs() < 0.01, "{xs:?}");
}

#[test]
fn proportional_quotes_are_set_full_width_with_the_ink_against_the_text() {
    /// Quotes a third of an em wide, as Noto CJK has them.
    struct NarrowQuotes;
    impl Metrics for NarrowQuotes {
        fn advance(&self, _: Face, c: char) -> f32 {
            if "“”‘’".contains(c) {
                0.3
            } else {
                1.0
            }
        }
    }
    let its = items(
        "说“好”",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &NarrowQuotes,
    );
    assert_eq!(its[1].width, 10.0);
    assert!(
        (its[1].shift - 7.0).abs() < 1e-4,
        "“ sits at the right of its em"
    );
    assert_eq!((its[3].width, its[3].shift), (10.0, 0.0));
    let (xs, width) = set_line(&its, 0..4, 100.0, false);
    assert!(
        (xs[1] - 17.0).abs() < 1e-4 && xs[2] == 20.0 && xs[3] == 30.0,
        "{xs:?}"
    );
    assert_eq!(width, 40.0);
}

#[test]
fn han_and_latin_are_separated_by_a_quarter_em() {
    let its = items(
        "用AI写",
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    let glue: Vec<f32> = its.iter().map(|i| i.glue).collect();
    assert_eq!(glue, vec![0.0, 2.5, 0.0, 2.5]);
    let (xs, width) = set_line(&its, 0..its.len(), 100.0, false);
    assert_eq!(xs, vec![0.0, 12.5, 17.5, 25.0]);
    assert_eq!(width, 35.0);
}

#[test]
fn the_last_line_never_holds_a_lone_character() {
    // Greedy would leave "十" (with its full stop) alone on line 3.
    let lines = lines_of("一二三四五六七八九十。", 5);
    let last = lines.last().unwrap();
    assert!(
        last.chars().filter(|&c| is_letter(c)).count() >= 2,
        "{lines:?}"
    );
    assert_eq!(lines.concat(), "一二三四五六七八九十。");
}

#[test]
fn overlong_runs_are_split_rather_than_overflow() {
    let url = "http://example.com/aaaaaaaaaaaaaaaaaaaaaaaa";
    let (items, lines) = break_lines(
        url,
        50.0,
        0.0,
        10.0,
        Face::Body,
        conv(Kinsoku::Basic, false),
        &Monospace,
    );
    for l in lines {
        let (_, width) = set_line(&items, l.items, 50.0, false);
        assert!(width <= 50.0 + 1e-3);
    }
}

fn conv(kinsoku: Kinsoku, centred: bool) -> Conventions {
    Conventions { kinsoku, centred }
}
