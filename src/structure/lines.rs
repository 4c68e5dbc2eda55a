//! Source lines → body pieces: the paragraphs the text holds, however the source laid them
//! out. Pure.
//!
//! - **Hard-wrapped bodies** (the 1990s archives: a paragraph starts with an indent, every
//!   line is cut at a fixed width, mid-word and mid-number): the flush lines under a full line
//!   continue its paragraph and are joined to it without a space. Told apart from files whose
//!   every line is a paragraph by the widths: the lines that are continued all end at (nearly)
//!   the same width.
//! - **Several `　　`-indented paragraphs in one line** (Sogou): cut at the indents.
//! - **Whole pages on one line** (新华网/人民网 dumps: paragraphs joined by single ASCII
//!   spaces): cut at a space between two non-ASCII characters, unless a piece would be a lone
//!   character (`糜瀚鲲 摄`, spaced-out footers `人 民 网`).
//!
//! Invariant: the pieces hold every non-whitespace character of the lines once, in order;
//! a piece borrows its line unless lines were joined.

use crate::text::cjk::is_han;
use std::borrow::Cow;

/// A trimmed piece of the body and the 1-based line it starts on.
pub type Line<'a> = (usize, Cow<'a, str>);

/// Shortest line, in characters, read as a whole page on one line.
const MIN_PAGE_LINE_CHARS: usize = 300;

/// Trims ASCII and full-width spaces, no-break spaces and other Unicode white space.
pub fn trim_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace())
}

/// Display width: two columns for wide characters, one for the rest.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn indented(l: &str) -> bool {
    l.starts_with(|c: char| c.is_whitespace())
}

/// Whether the body is hard-wrapped: paragraphs start indented, at least three flush lines
/// follow a line, and most of the lines they follow end within a few columns of the widest.
fn hard_wrapped(lines: &[&str]) -> bool {
    let nonblank: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    if !nonblank.iter().any(|l| indented(l)) {
        return false;
    }
    let max = nonblank
        .iter()
        .map(|l| width(l.trim_end()))
        .max()
        .unwrap_or(0);
    if max < 40 {
        return false;
    }
    let continued: Vec<usize> = nonblank
        .windows(2)
        .filter(|w| !indented(w[1]))
        .map(|w| width(w[0].trim_end()))
        .collect();
    let full = continued.iter().filter(|&&w| w + 8 >= max).count();
    continued.len() >= 3 && full * 10 >= continued.len() * 7
}

/// Whether a line ends inside an open bracket that the next short line closes: a byline cut
/// by the wrap (`…录音。  （梅` / `  文）`).
fn cut_bracket(line: &str, next: &str) -> bool {
    let l = line.trim_end();
    let Some(open) = l.rfind(['（', '(']) else {
        return false;
    };
    let tail = &l[open..];
    let next = trim_line(next);
    !tail.contains(['）', ')'])
        && tail.chars().count() <= 6
        && next.chars().count() <= 8
        && next.ends_with(['）', ')'])
        && !next.contains(['（', '('])
}

/// A footnote line continuing the one above: `＠②原字…` under `字库未存字注释：＠①…`.
fn footnote_continues(prev: &str, line: &str) -> bool {
    let t = trim_line(line);
    let mark = t.strip_prefix(['＠', '@']).and_then(|r| r.chars().next());
    mark.is_some_and(|c| ('①'..='⑳').contains(&c))
        && (prev.contains("注释") || prev.contains(['＠', '@']))
}

/// The logical lines of the body: source lines, joined where a hard wrap cut a paragraph.
fn logical<'a>(lines: &[&'a str], first_line: usize) -> Vec<Line<'a>> {
    let wrapped = hard_wrapped(lines);
    let max = lines.iter().map(|l| width(l.trim_end())).max().unwrap_or(0);
    let mut out: Vec<Line<'a>> = Vec::new();
    let mut prev_blank = true;
    for (i, &l) in lines.iter().enumerate() {
        let t = trim_line(l);
        if t.is_empty() {
            prev_blank = true;
            continue;
        }
        let joins = !prev_blank
            && match out.last() {
                Some((_, last)) => {
                    // Only a full line is continued: a short one ended its paragraph.
                    (wrapped
                        && !indented(l)
                        && !last.is_empty()
                        && width(lines[i - 1].trim_end()) + 8 >= max)
                        || (i > 0 && cut_bracket(lines[i - 1], l))
                        || footnote_continues(last, l)
                }
                None => false,
            };
        if joins {
            let (_, last) = out.last_mut().expect("checked");
            last.to_mut().push_str(t);
        } else {
            out.push((first_line + i, Cow::Borrowed(t)));
        }
        prev_blank = false;
    }
    out
}

/// Cuts a line into the paragraphs it holds: a run of two or more `　` inside a line starts a
/// new one (Sogou files hold whole articles on one line that way).
fn split_indents(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut run_start = None;
    let mut run = 0;
    for (i, c) in line.char_indices() {
        if c == '\u{3000}' {
            if run == 0 {
                run_start = Some(i);
            }
            run += 1;
        } else {
            if run >= 2 {
                if let Some(rs) = run_start {
                    parts.push(&line[start..rs]);
                    start = rs;
                }
            }
            run = 0;
        }
    }
    parts.push(&line[start..]);
    parts
        .into_iter()
        .map(trim_line)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a piece of a one-line page starts its footer: a navigation bar (three `|` or
/// more) or a rights notice.
fn is_footer_start(piece: &str) -> bool {
    piece.matches(['|', '｜']).count() >= 3 || crate::structure::credits::is_site_footer(piece)
}

/// Cuts a whole page on one line at the spaces that join its paragraphs.
fn split_page(line: &str) -> Vec<&str> {
    if line.chars().count() < MIN_PAGE_LINE_CHARS || line.matches(' ').count() < 3 {
        return vec![line];
    }
    let mut cuts = vec![0];
    let b = line.as_bytes();
    let mut depth: i32 = 0;
    let mut last = 0;
    for (i, _) in line.match_indices(' ') {
        // Never inside brackets or quotes: `《 人民日报 》（ 2025年10月28日 17 版）`.
        for c in line[last..i].chars() {
            match c {
                '《' | '（' | '【' | '“' | '「' | '(' => depth += 1,
                '》' | '）' | '】' | '”' | '」' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        last = i;
        let before = line[..i].chars().next_back();
        let after = line[i + 1..].chars().next();
        let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        // A paragraph may open with a number (`10月26日，…`, `2025年…`).
        let opens = wide(after) || after.is_some_and(|c| c.is_ascii_digit());
        if depth == 0 && wide(before) && opens && b.get(i + 1) != Some(&b' ') {
            cuts.push(i);
        }
    }
    cuts.push(line.len());
    // A site footer (navigation, rights notice, licence numbers) is one piece to the end.
    if let Some(k) = cuts
        .windows(2)
        .position(|w| is_footer_start(&line[w[0]..w[1]]))
    {
        cuts.truncate(k + 1);
        cuts.push(line.len());
    }
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    for w in cuts.windows(2).skip(1) {
        let (end, next_end) = (w[0], w[1]);
        let piece = trim_line(&line[start..end]);
        let next = trim_line(&line[end..next_end]);
        let lone = |p: &str| {
            p.chars()
                .filter(|c| is_han(*c) || c.is_alphanumeric())
                .count()
                <= 1
        };
        // A photo credit stays with its caption: `…参观。新华社记者 李一博 摄`, `…古民居。程 方摄`.
        let credit_after = next.chars().count() <= 5 && next.ends_with(['摄', '攝']);
        let role_before = ["记者", "記者", "通讯员", "摄影", "攝影"]
            .iter()
            .any(|r| piece.ends_with(r));
        if lone(piece) || lone(next) || credit_after || role_before {
            continue;
        }
        parts.push(piece);
        start = end;
    }
    parts.push(trim_line(&line[start..]));
    parts.retain(|p| !p.is_empty());
    parts
}

/// The body pieces of `lines` (the source lines from `first_line`, 1-based).
pub fn pieces<'a>(lines: &[&'a str], first_line: usize) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for (n, l) in logical(lines, first_line) {
        match l {
            Cow::Borrowed(b) => {
                for p in split_indents(b) {
                    out.extend(split_page(p).into_iter().map(|q| (n, Cow::Borrowed(q))));
                }
            }
            Cow::Owned(o) => {
                for p in split_indents(&o) {
                    out.push((n, Cow::Owned(p.to_string())));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[&str]) -> Vec<String> {
        pieces(lines, 1)
            .into_iter()
            .map(|(_, t)| t.into_owned())
            .collect()
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let full = "在我国八六三计划信息领域智能计算机系统方面，活跃着一支敢于顶天、又善";
        let lines = [
            &format!("    {full}")[..],
            "于立地的特别能战斗的集体，这就是以南京大学计算机科学系教授、国家八六三计",
            "划智能计算机系统专家组成员孙钟秀院士。",
            "    自从日本第五代计算机系统研制计划实施后，国内外对新一代计算机的研制相继展",
            "开，并力争对若干关键技术有所突破。",
            "    第三段也是这样写的，它的第一行写满了整整一行的宽度，一个字也不少，直到",
            "行尾。",
        ];
        let t = texts(&lines);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[0].starts_with("在我国") && t[0].ends_with("孙钟秀院士。"));
        assert!(t[0].contains("又善于立地"));
    }

    #[test]
    fn files_whose_lines_are_paragraphs_are_not_joined() {
        let lines = [
            "标题",
            "第一段写了一些内容。",
            "第二段比第一段长一些，写了更多的内容，一直写到这里。",
            "第三段。",
            "　　第四段缩进了。",
        ];
        assert_eq!(texts(&lines).len(), 5);
    }

    #[test]
    fn a_bracket_cut_by_the_wrap_is_joined() {
        let t = texts(&["    用标准电池可通话一百五十分钟。  （梅", "  文）"]);
        assert_eq!(t, ["用标准电池可通话一百五十分钟。  （梅文）"]);
    }

    #[test]
    fn indents_inside_a_line_cut_paragraphs() {
        assert_eq!(
            texts(&["　　第一段。　　第二段。　　第三段。"]),
            ["第一段。", "第二段。", "第三段。"]
        );
    }

    #[test]
    fn a_page_on_one_line_is_cut_at_the_joining_spaces() {
        let body = "正文的句子写在这里，这是很长的一段。".repeat(20);
        let line = format!(
            "标题在此-新华网 新华社上海4月23日电 {body} 座谈会现场。糜瀚鲲 摄 关于人民网|网站声明|招聘|联系我们 人 民 网 版 权 所 有 Copyright 2025"
        );
        let t = texts(&[&line]);
        assert_eq!(t[0], "标题在此-新华网");
        assert_eq!(t[1], "新华社上海4月23日电");
        assert_eq!(t[2], body);
        assert_eq!(t[3], "座谈会现场。糜瀚鲲 摄");
        assert_eq!(
            t[4],
            "关于人民网|网站声明|招聘|联系我们 人 民 网 版 权 所 有 Copyright 2025"
        );
    }
}
