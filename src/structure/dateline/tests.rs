//! Unit tests of the dateline recogniser, kept beside it.
use super::*;

fn p(s: &str) -> Option<Found> {
    parse(s, Rules::builtin())
}

#[test]
fn people_s_daily_datelines_with_reporters() {
    let f = p("本报北京1月31日电\u{a0}（记者杜一菲）国家主席习近平31日在人民大会堂").unwrap();
    assert_eq!(f.dateline.text, "本报北京1月31日电\u{a0}（记者杜一菲）");
    assert_eq!(f.dateline.agency.as_deref(), Some("本报"));
    assert_eq!(f.dateline.place.as_deref(), Some("北京"));
    assert_eq!(f.dateline.date.as_deref(), Some("1月31日"));
    assert_eq!(f.names, ["杜一菲"]);
}

#[test]
fn full_width_digits_and_消息() {
    let f = p("中广网唐山６月１２日消息（记者汤一亮　庄胜春）据河北省").unwrap();
    assert_eq!(
        f.dateline.text,
        "中广网唐山６月１２日消息（记者汤一亮　庄胜春）"
    );
    assert_eq!(f.dateline.date.as_deref(), Some("6月12日"));
    assert_eq!(f.dateline.place.as_deref(), Some("唐山"));
    assert_eq!(f.names, ["汤一亮", "庄胜春"]);
}

#[test]
fn short_forms() {
    let f = p("本报讯　6月23日至24日，国家工商总局召开").unwrap();
    assert_eq!(f.dateline.text, "本报讯");
    assert_eq!(f.dateline.agency.as_deref(), Some("本报"));
    let f = p("据新华社金边1月1日电  （记者毛鹏飞）记者1日从").unwrap();
    assert_eq!(f.dateline.agency.as_deref(), Some("新华社"));
    assert_eq!(f.names, ["毛鹏飞"]);
    assert_eq!(
        p("信报讯 5月8日至5月14日一周").unwrap().dateline.text,
        "信报讯"
    );
    let f = p("【今日商报报道】 （通讯员　吕中　记者　赵文）据统计").unwrap();
    assert_eq!(
        f.dateline.text,
        "【今日商报报道】 （通讯员　吕中　记者　赵文）"
    );
    assert_eq!(f.names, ["吕中", "赵文"]);
    let f = p("【据新华社北京5月6日电】记者从").unwrap();
    assert_eq!(f.dateline.text, "【据新华社北京5月6日电】");
    assert_eq!(f.dateline.agency.as_deref(), Some("新华社"));
    assert_eq!(f.dateline.place.as_deref(), Some("北京"));
    assert_eq!(p("新华社电 外交部").unwrap().dateline.text, "新华社电");
    let f = p("综合新华社电 记者６日上午").unwrap();
    assert_eq!(
        (f.dateline.text.as_str(), f.dateline.agency.as_deref()),
        ("综合新华社电", Some("新华社"))
    );
    let f = p("中国台湾网６月１５日消息　据台湾《中国时报》报道").unwrap();
    assert_eq!(f.dateline.agency.as_deref(), Some("中国台湾网"));
    let f = p("本报南京10月17日电  （尹晓宇、孙盘桧）“最近几年").unwrap();
    assert_eq!(f.dateline.reporters, ["尹晓宇", "孙盘桧"]);
    assert!(p("人民网友留言说，电").is_none());
    let f = p("环球网记者李亮报道，正在意大利度蜜月的").unwrap();
    assert_eq!(f.dateline.text, "环球网记者李亮报道");
    assert_eq!(f.dateline.reporters, ["李亮"]);
}

#[test]
fn datelines_by_the_shape_of_the_formula_not_by_a_list() {
    let text = |s: &str| p(s).map(|f| f.dateline.text);
    assert_eq!(text("某某商报讯 昨日，").as_deref(), Some("某某商报讯"));
    assert_eq!(text("某某网专稿 近日").as_deref(), Some("某某网专稿"));
    assert_eq!(
        text("某某军事综合报道 据").as_deref(),
        Some("某某军事综合报道")
    );
    assert_eq!(
        text("【某某Web】11月5日消息 据").as_deref(),
        Some("【某某Web】11月5日消息")
    );
    assert_eq!(
        text("[美国《某某周刊》2006年1月19日报道]文章说").as_deref(),
        Some("[美国《某某周刊》2006年1月19日报道]")
    );
    assert_eq!(
        text("央视网消息(新闻联播)：党的十八大以来").as_deref(),
        Some("央视网消息(新闻联播)：")
    );
    assert_eq!(
        text("某某网5月8日消息：据").as_deref(),
        Some("某某网5月8日消息：")
    );
    let f = p("【林宏聰／高雄報導】高雄市長").unwrap();
    assert_eq!(
        (f.dateline.text.as_str(), f.names.clone()),
        ("【林宏聰／高雄報導】", vec!["林宏聰".to_string()])
    );
    let f = p("記者蔡佩蓉／台北報導").unwrap();
    assert_eq!(f.names, ["蔡佩蓉"]);
    let f = p("本报奥克兰（新西兰）九月十一日电  记者赵章云报道：江泽民").unwrap();
    assert_eq!(f.dateline.date.as_deref(), Some("九月十一日"));
    assert_eq!(f.names, ["赵章云"]);
    let f = p("中新网呼和浩特6月13日电(记者李爱平)内蒙古").unwrap();
    assert_eq!(f.names, ["李爱平"]);
    // A sentence that opens with a name ending in 新聞 and 報導 is no dateline.
    assert!(p("臺灣新聞報導，行政院今天開會。").is_none());
}

#[test]
fn body_sentences_are_not_datelines() {
    assert!(p("本报记者李涛发自北京").is_none());
    assert!(p("新华社记者近日在北京电视台看到").is_none());
    assert!(p("一家刚刚成立两年的网络支付公司").is_none());
    assert!(p("据悉，讯息").is_none());
}

#[test]
fn a_whole_closing_dateline() {
    assert!(is_whole("本报布鲁塞尔、巴黎2月14日电", Rules::builtin()));
    assert!(!is_whole("本报布鲁塞尔2月14日电 记者", Rules::builtin()));
}
