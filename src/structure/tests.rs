//! Unit tests of the structurer, kept beside it.
use super::*;
use crate::model::TitleSource;

fn meta(path: &str) -> SourceMeta {
    let stem = path.rsplit('/').next().unwrap().trim_end_matches(".txt");
    SourceMeta {
        source: path.into(),
        stem: stem.into(),
        encoding: "UTF-8".into(),
    }
}

fn texts(a: &Article) -> Vec<&str> {
    a.blocks.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn first_short_line_is_the_headline_and_the_rest_are_paragraphs() {
    let a = structure(
        "标题在此\n\n　　第一段。\r\n　　第二段。\n□鞠　闻",
        &meta("x.txt"),
    );
    assert_eq!(a.headline, "标题在此");
    assert_eq!(a.title_source, TitleSource::Text);
    assert_eq!(texts(&a), ["第一段。", "第二段。"]);
    assert_eq!(a.bylines, ["鞠闻"]);
    assert_eq!(a.byline_lines[0].text, "□鞠　闻");
}

#[test]
fn people_s_daily_header_dateline_and_path_metadata() {
    let a = structure(
        "\n习近平同卡塔尔埃米尔塔米姆举行会谈\n\n　　本报北京1月31日电\u{a0}（记者杜一菲）国家主席习近平31日会谈。\n　　（作者为某大学教授）\n",
        &meta("rmrb/20190201/20190201-01-01.txt"),
    );
    assert_eq!(a.kicker, None);
    assert_eq!(a.headline, "习近平同卡塔尔埃米尔塔米姆举行会谈");
    assert_eq!(a.subtitle, None);
    let d = a.dateline.as_ref().unwrap();
    assert_eq!(d.text, "本报北京1月31日电\u{a0}（记者杜一菲）");
    assert_eq!(texts(&a), ["国家主席习近平31日会谈。"]);
    assert_eq!(d.reporters, ["杜一菲"]);
    assert!(a.bylines.is_empty());
    assert_eq!(a.credits[0].text, "（作者为某大学教授）");
    assert_eq!(a.date.as_deref(), Some("2019-02-01"));
    assert_eq!(a.page, Some(1));
}

#[test]
fn kicker_headline_subtitle() {
    let a = structure("引题\n主题\n——副题\n　　正文。\n", &meta("a.txt"));
    assert_eq!(a.kicker.as_deref(), Some("引题"));
    assert_eq!(a.headline, "主题");
    assert_eq!(a.subtitle.as_deref(), Some("——副题"));
}

#[test]
fn a_body_without_headline_keeps_every_line_and_gets_a_derived_title() {
    let a = structure(
        "　　一家刚刚成立两年的网络支付公司，它的目标是成为市值100亿美元的上市公司。\n　　第二段。",
        &meta("10.txt"),
    );
    assert_eq!(a.title_source, TitleSource::Derived);
    assert_eq!(a.blocks.len(), 2);
    assert!(a.headline.starts_with("一家刚刚成立两年的网络支付公司"));
}

#[test]
fn one_line_holding_several_paragraphs_is_cut_at_the_indents() {
    let a = structure("　　第一段。　　第二段。　　第三段。", &meta("1.txt"));
    assert_eq!(texts(&a), ["第一段。", "第二段。", "第三段。"]);
}

#[test]
fn trailing_bylines_and_credits_are_separated_from_the_last_paragraph() {
    let a = structure(
        "　　正文一句。\n　　最后一段。（记者 张三）\n（责任编辑：李四）",
        &meta("1.txt"),
    );
    assert_eq!(texts(&a), ["正文一句。", "最后一段。"]);
    assert_eq!(a.bylines, ["张三"]);
    assert_eq!(a.byline_lines[0].text, "（记者 张三）");
    assert_eq!(a.credits[0].kind, CreditKind::Editor);
    assert_eq!(a.credits[0].text, "（责任编辑：李四）");
}

#[test]
fn a_date_line_under_the_headline_is_a_date_block_and_the_article_date() {
    let a = structure(
        "标题\n2010年10月31日\n　　正文。",
        &meta("x/20191002/20191002-12-01.txt"),
    );
    assert_eq!(a.blocks[0].kind, BlockKind::Date);
    assert_eq!(a.date.as_deref(), Some("2010-10-31"));
    assert_eq!(a.page, Some(12));
}

#[test]
fn a_file_name_that_reads_as_a_title_is_used_without_taking_body_text() {
    let a = structure(
        "　　正文第一句。第二句。",
        &meta("x/国家工商总局述职会.txt"),
    );
    assert_eq!(a.headline, "国家工商总局述职会");
    assert_eq!(a.title_source, TitleSource::Filename);
    assert_eq!(texts(&a), ["正文第一句。第二句。"]);
}

#[test]
fn top_bylines_and_the_dateline_are_taken_off_the_first_paragraph() {
    let a = structure(
        "标题\n　　文／张三\n　　新华社北京6月22日电（记者黄垚）正文。",
        &meta("a.txt"),
    );
    assert_eq!(a.byline_lines[0].text, "文／张三");
    assert_eq!(a.bylines, ["张三"]);
    let d = a.dateline.as_ref().unwrap();
    assert_eq!(d.text, "新华社北京6月22日电（记者黄垚）");
    assert_eq!(d.reporters, ["黄垚"]);
    assert_eq!(texts(&a), ["正文。"]);
}

#[test]
fn a_one_line_article_is_never_emptied_by_the_byline_rule() {
    let a = structure(
        "长长的一句正文，没有标题也没有别的内容，只是一段比较长的文字。",
        &meta("1.txt"),
    );
    assert_eq!(a.blocks.len(), 1);
    assert!(a.bylines.is_empty());
}

/// The Traditional press's datelines, bylines and credits, each in a short article whose body
/// is long enough to read as one.
#[test]
fn traditional_press_conventions_are_recognised() {
    const BODY: &str = "市府今天表示，相關工程將於年底前完成，議員則要求市府提出具體的改善方案與時程，並定期向議會報告進度。";
    let article = |lines: &[&str]| {
        let mut text = String::from("高捷工程延宕　議員砲轟市府\n");
        for l in lines {
            text.push_str(l);
            text.push('\n');
        }
        structure(&text, &meta("tw/a.txt"))
    };
    let dateline = |a: &Article| a.dateline.as_ref().map(|d| d.text.clone());
    // 【記者…╱…報導】 and 〔記者…／…報導〕 open the first paragraph; 記者…／綜合報導 stands on
    // its own line (or before a space): all are datelines naming the reporters.
    for (first, want, names) in [
        (
            format!("【記者王小明╱台北報導】{BODY}"),
            "【記者王小明╱台北報導】",
            vec!["王小明"],
        ),
        (
            format!("〔記者張三／台北報導〕{BODY}"),
            "〔記者張三／台北報導〕",
            vec!["張三"],
        ),
        (
            "記者蔡佩蓉／綜合報導".to_string(),
            "記者蔡佩蓉／綜合報導",
            vec!["蔡佩蓉"],
        ),
        (
            format!("編譯陳家倫／綜合外電報導　{BODY}"),
            "編譯陳家倫／綜合外電報導",
            vec!["陳家倫"],
        ),
    ] {
        let line = &first;
        let a = article(&[&first, BODY, BODY]);
        assert_eq!(dateline(&a).as_deref(), Some(want), "{line}");
        assert_eq!(a.dateline.unwrap().reporters, names, "{line}");
        assert_eq!(a.headline, "高捷工程延宕　議員砲轟市府");
    }
    // The wire's own form, with and without a date.
    for line in [
        "（中央社記者田裕斌台北2019年7月1日電）",
        "（中央社記者田裕斌台北電）",
    ] {
        let a = article(&[&format!("{line}{BODY}"), BODY, BODY]);
        let d = a.dateline.unwrap();
        assert_eq!(d.text, line);
        assert_eq!(d.agency.as_deref(), Some("中央社"));
        assert_eq!(d.place.as_deref(), Some("台北"));
        assert_eq!(d.reporters, ["田裕斌"], "{line}");
    }
    // 文／某某 names the author; the editor's parenthesis and the update time are credits.
    let a = article(&[
        "文／張國蓮",
        BODY,
        BODY,
        "（編輯：李大同）",
        "更新時間：2019/07/01 14:30",
    ]);
    assert_eq!(a.bylines, ["張國蓮"]);
    let credits: Vec<(CreditKind, &str)> = a
        .credits
        .iter()
        .map(|c| (c.kind, c.text.as_str()))
        .collect();
    assert_eq!(
        credits,
        [
            (CreditKind::Editor, "（編輯：李大同）"),
            (CreditKind::Other, "更新時間：2019/07/01 14:30")
        ]
    );
    // A picture credit closes a caption.
    let a = article(&[BODY, "▲郭台銘出席記者會。（圖／資料照）", BODY]);
    assert_eq!(a.blocks[1].kind, BlockKind::Caption);
}

/// Big5 `A2 41` decodes to `∕` (U+2215, WHATWG and cp950): a slash like `／`.
#[test]
fn the_division_slash_of_big5_text_is_a_slash() {
    let body = "市府今天表示，相關工程將於年底前完成，議員則要求市府提出具體的改善方案與時程。";
    let a = structure(
        &format!("高捷工程延宕\n【林瑞益、劉宥廷∕高雄報導】\n  {body}\n  {body}\n"),
        &meta("tw/b.txt"),
    );
    assert_eq!(a.dateline.unwrap().reporters, ["林瑞益", "劉宥廷"]);
    let a = structure(
        &format!("如何理財\n文∕張國蓮\n{body}\n{body}\n"),
        &meta("tw/c.txt"),
    );
    assert_eq!(a.bylines, ["張國蓮"]);
}

/// The head of a box after the article (`【延伸閱讀】` over related links) names nobody.
#[test]
fn a_box_head_in_brackets_is_no_byline() {
    let body = "市府今天表示，相關工程將於年底前完成，議員則要求市府提出具體的改善方案與時程。";
    let a = structure(
        &format!(
            "微風北車店的挑戰
文／李雅筑
{body}
{body}
【延伸閱讀】
小七為何敢賣和星巴克一樣貴的咖啡？
"
        ),
        &meta("tw/d.txt"),
    );
    assert_eq!(a.bylines, ["李雅筑"]);
}
