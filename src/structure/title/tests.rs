//! Unit tests of the title-line recogniser, kept beside it.
use super::*;

fn parts(line: &str) -> Vec<(Part, &str)> {
    split_line(line)
}

#[test]
fn a_title_line_is_cut_into_its_parts() {
    use Part::*;
    assert_eq!(
        parts("权威访谈丨国际月球科研站，这样建！——访总设计师吴伟仁-新华网"),
        [
            (Kicker, "权威访谈丨"),
            (Headline, "国际月球科研站，这样建！"),
            (Subtitle, "——访总设计师吴伟仁"),
            (Site, "-新华网")
        ]
    );
    assert_eq!(
        parts("观沧海：湾区升明月 深情满濠江--观点--人民网").last(),
        Some(&(Site, "--观点--人民网"))
    );
    assert_eq!(
        parts("人民网评：惠民减负，免费学前教育迈出关键一步")[0],
        (Kicker, "人民网评：")
    );
    assert_eq!(
        parts("[视频]【奋进新征程 建功新时代·非凡十年】奋力谱写富民兴陇新篇章")[0],
        (Kicker, "[视频]【奋进新征程 建功新时代·非凡十年】")
    );
    assert_eq!(
        parts("清清爽爽看党风（春节返乡看新风⑤）"),
        [
            (Headline, "清清爽爽看党风"),
            (Subtitle, "（春节返乡看新风⑤）")
        ]
    );
    assert_eq!(
        parts("简讯  Ｇ５００型新式移动电话问世"),
        [(Kicker, "简讯"), (Headline, "Ｇ５００型新式移动电话问世")]
    );
    // Parallel halves of one length are one headline.
    assert_eq!(
        parts("正视得失  任重道远"),
        [(Headline, "正视得失  任重道远")]
    );
    assert_eq!(
        parts("西子灣歡送夕陽 林園迎接曙光 來高雄嗨跨年 跟著國瑜追日"),
        [
            (Kicker, "西子灣歡送夕陽 林園迎接曙光"),
            (Headline, "來高雄嗨跨年 跟著國瑜追日")
        ]
    );
    // A media tag stays with the headline; a book title is no column label.
    assert_eq!(
        parts("扎克伯格当街吃麦当劳（组图）"),
        [(Headline, "扎克伯格当街吃麦当劳（组图）")]
    );
    assert_eq!(
        parts("《红楼梦》新解读本出版"),
        [(Headline, "《红楼梦》新解读本出版")]
    );
}

#[test]
fn a_title_block_of_decks_has_its_kicker_first() {
    use Part::*;
    assert_eq!(
        split_block("1226檔下點交之後\n不見棺材不走人", true),
        [(Kicker, "1226檔下點交之後"), (Headline, "不見棺材不走人")]
    );
    assert_eq!(
        split_block("標題\n──副題──", true),
        [(Headline, "標題"), (Subtitle, "──副題──")]
    );
    assert_eq!(
        split_block("敢于顶天  ——记课题组\n（计划十年巡礼）", false),
        [
            (Headline, "敢于顶天"),
            (Subtitle, "——记课题组"),
            (Subtitle, "（计划十年巡礼）")
        ]
    );
}

#[test]
fn short_lines_without_a_full_stop_are_headlines() {
    assert!(looks_like_headline("习近平同卡塔尔埃米尔塔米姆举行会谈"));
    assert!(looks_like_headline("周边短线游客数量明显增加！"));
    assert!(!looks_like_headline("一家公司成立了。"));
    assert!(!looks_like_headline(&"长".repeat(41)));
}

#[test]
fn people_s_daily_header_lines_are_recognised() {
    assert!(has_three_line_header(&["", "标题", "", "　　正文。"]));
    assert!(has_three_line_header(&[
        "引题",
        "标题",
        "副题",
        "　　正文。"
    ]));
    assert!(has_three_line_header(&["", "广告", ""]));
    assert!(!has_three_line_header(&[
        "　　正文。",
        "　　正文。",
        "",
        "　　正文。"
    ]));
    assert!(!has_three_line_header(&[
        "标题",
        "　　正文。",
        "　　正文。"
    ]));
}

#[test]
fn file_names_that_are_ids_are_not_titles() {
    assert!(stem_is_title("国家工商总局述职会"));
    assert!(!stem_is_title("20191002-12-01"));
    assert!(!stem_is_title("10"));
    assert!(!stem_is_title("2010年10月31日"));
}

#[test]
fn derived_titles_stop_at_the_first_sentence_or_are_cut() {
    assert_eq!(
        fallback("1", &["黄金周结束。游客很多。"]),
        ("黄金周结束".to_string(), TitleSource::Derived)
    );
    let (t, _) = fallback("1", &[&"字".repeat(50)]);
    assert_eq!(t.chars().count(), MAX_DERIVED_CHARS);
    assert!(t.ends_with('…'));
}
