//! Containers: the wrappers archives put around article text, and the fields they carry.
//! Pure, except [`sniff_file`], which reads the first bytes of a file for discovery.
//!
//! - **Records** ([`super::sogou`]): `<doc>` records with `<contenttitle>`/`<content>`
//!   (SogouCA) or `<title>`/`<body>` (crawler XML such as 中国新闻网's), one or many per
//!   file, optionally after an XML declaration.
//! - **RSS** (0.9x, 1.0/RDF, 2.0): one article per `<item>`, its `<title>` the title block,
//!   its `<description>` (or `<content:encoded>`) the body; XML escapes and CDATA undone, so
//!   what remains is the HTML text normalisation reads.
//! - **Field headers** (复旦/人大复印资料 and People's Daily CD-ROM exports): lines
//!   `【 标  题 】…`, `【 作  者 】…`, `【 日  期 】19960730`, `【 版  号 】5`,
//!   `【原文出处】人民日报`… and then `【 正  文 】` and the body.
//!
//! Invariant: a container gives each article its title block, its author field and its body
//! exactly as they stand in the source (sliced, or unescaped for XML); the markup around
//! them (tags, field labels) is what the container is, and is reported as such.

use super::sogou;
use crate::text::cjk::CivilDate;
use std::io::Read;
use std::path::Path;

/// The kinds of container recognised from a file's first bytes (the markup is ASCII, so this
/// works before decoding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<doc>` records.
    Records,
    /// An RSS or RDF feed.
    Rss,
}

/// One article of a container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The article's name inside a multi-article file (`docno`, `item-3`); `None` when the
    /// file holds this one article.
    pub name: Option<String>,
    /// The title block as it stands (may hold several lines: kicker, headline, subtitle).
    pub title: String,
    /// The author field, when the container has one (`【 作  者 】方延明`).
    pub author: String,
    /// Whether line breaks in `title` separate decks (RSS) rather than continue a field.
    pub title_decks: bool,
    /// The body text.
    pub content: String,
    /// The date a field gives, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The print page a field gives (`【 版  号 】5`).
    pub page: Option<u32>,
    /// The publication a field names (`【原文出处】人民日报`).
    pub publication: Option<String>,
    /// Why the record is no article (an empty `<content>`), when it is not.
    pub skip: Option<String>,
    /// What the container held besides the article, for the warnings.
    pub note: String,
}

/// Skips white space, a BOM, an XML declaration and comments at the start of `bytes`.
fn after_prolog(mut bytes: &[u8]) -> &[u8] {
    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        bytes = &bytes[start..];
        let end = if bytes.starts_with(b"<?") {
            bytes.windows(2).position(|w| w == b"?>").map(|i| i + 2)
        } else if bytes.starts_with(b"<!--") {
            bytes.windows(3).position(|w| w == b"-->").map(|i| i + 3)
        } else {
            None
        };
        match end {
            Some(e) => bytes = &bytes[e..],
            None => return bytes,
        }
    }
}

/// The container a file's first bytes announce, if any.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let rest = after_prolog(bytes);
    if rest.starts_with(b"<doclist>") || rest.starts_with(b"<doc>") {
        return Some(Kind::Records);
    }
    let head = &rest[..rest.len().min(512)];
    (head.starts_with(b"<rss") || head.starts_with(b"<rdf:RDF")).then_some(Kind::Rss)
}

/// Whether the bytes hold several articles (an RSS feed, or more than one `<doc>` record).
pub fn is_multi(bytes: &[u8]) -> bool {
    match sniff(bytes) {
        Some(Kind::Rss) => true,
        Some(Kind::Records) => bytes.windows(5).filter(|w| w == b"<doc>").nth(1).is_some(),
        None => false,
    }
}

/// Reads the first bytes of a file and [`sniff`]s them; unreadable files are no containers.
pub fn sniff_file(path: &Path) -> Option<Kind> {
    let mut head = vec![0u8; 1024];
    let mut file = std::fs::File::open(path).ok()?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(_) => return None,
        }
    }
    sniff(&head[..filled])
}

/// Splits decoded text into its articles, or `None` when it is plain text (one article).
pub fn split(bytes: &[u8], text: &str) -> Option<Vec<Record>> {
    match sniff(bytes) {
        Some(Kind::Records) => Some(records(text)),
        Some(Kind::Rss) => Some(rss(text)),
        None => field_header(text).map(|r| vec![r]),
    }
}

fn records(text: &str) -> Vec<Record> {
    let all = sogou::split(text);
    let single = all.len() == 1;
    all.into_iter()
        .map(|r| Record {
            skip: r.skip_reason(),
            name: (!single).then(|| r.name.clone()),
            title: r.title,
            content: r.content,
            note: "record: <doc> markup and its fields outside the title and body".into(),
            ..Record::default()
        })
        .collect()
}

/// The text of the first `<tag …>…</tag>` in `s`, XML escapes and CDATA undone.
fn xml_field(s: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let mut from = 0;
    let start = loop {
        let at = from + s[from..].find(&open)?;
        let after = &s[at + open.len()..];
        if after.starts_with(['>', ' ', '\t', '\n', '\r']) {
            break at + open.len() + after.find('>')? + 1;
        }
        from = at + open.len();
    };
    let close = format!("</{tag}>");
    let end = s[start..].find(&close).map_or(s.len(), |e| start + e);
    Some(xml_text(&s[start..end]))
}

/// XML character data: CDATA sections as they are, `&lt; &gt; &amp; &quot; &apos;` undone.
/// Other references (`&#29234;`, `&nbsp;`) stay for normalisation, which decodes HTML's.
fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<![CDATA[") {
        out.push_str(&unescape(&rest[..i]));
        let inner = &rest[i + 9..];
        let end = inner.find("]]>").unwrap_or(inner.len());
        out.push_str(&inner[..end]);
        rest = inner.get(end + 3..).unwrap_or("");
    }
    out.push_str(&unescape(rest));
    out
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn rss(text: &str) -> Vec<Record> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<item") {
        let after = &rest[at + 5..];
        if !after.starts_with(['>', ' ', '\t', '\n', '\r']) {
            rest = after;
            continue;
        }
        let end = after.find("</item>").unwrap_or(after.len());
        let item = &after[..end];
        let n = out.len() + 1;
        let title = xml_field(item, "title").unwrap_or_default();
        let content = xml_field(item, "content:encoded")
            .or_else(|| xml_field(item, "description"))
            .unwrap_or_default();
        let date = xml_field(item, "dc:date")
            .and_then(|d| CivilDate::parse_iso(d.trim().get(..10)?))
            .map(|d| d.to_string());
        out.push(Record {
            name: Some(format!("item-{n}")),
            skip: content
                .trim()
                .is_empty()
                .then(|| format!("empty: RSS item {n} has no <description>")),
            title: title.trim().to_string(),
            title_decks: true,
            content,
            date,
            note: "RSS item: markup and fields outside <title> and <description>".into(),
            ..Record::default()
        });
        rest = after.get(end + 7..).unwrap_or("");
    }
    out
}

/// A `【…】` field label at the start of a line: the label with its padding removed, and the
/// byte length of the bracket.
fn field_label(line: &str) -> Option<(String, usize)> {
    let rest = line.strip_prefix('【')?;
    let end = rest.find('】')?;
    let label: String = rest[..end].chars().filter(|c| !c.is_whitespace()).collect();
    let n = label.chars().count();
    ((2..=6).contains(&n) && label.chars().all(crate::text::cjk::is_han))
        .then(|| (label, '【'.len_utf8() + end + '】'.len_utf8()))
}

/// A record with a field header, when the text opens with `【…】` field lines and a
/// `【 正  文 】` line follows within the first lines.
fn field_header(text: &str) -> Option<Record> {
    const MAX_HEADER_LINES: usize = 40;
    let mut offset = 0;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut body_at = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i >= MAX_HEADER_LINES {
            break;
        }
        let start = offset;
        offset += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        if let Some((label, len)) = field_label(l) {
            if label == "正文" {
                body_at = Some((start + len, l[len..].to_string()));
                break;
            }
            fields.push((label, l[len..].trim().to_string()));
        } else if l.trim().is_empty() && fields.is_empty() {
            continue;
        } else if let Some(last) = fields.last_mut() {
            // A continuation line of the field above (a title's 副题 line).
            last.1.push('\n');
            last.1.push_str(l.trim());
        } else {
            return None;
        }
    }
    let (body_start, _) = body_at?;
    if fields.is_empty() {
        return None;
    }
    let get = |name: &str| {
        fields
            .iter()
            .find(|(l, _)| l == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let date = ["日期", "原刊期号"].into_iter().find_map(|f| {
        let v = crate::text::cjk::half_width_digits(&get(f)?);
        CivilDate::parse_compact(v.get(..8)?).map(|d| d.to_string())
    });
    let page = get("版号")
        .map(|v| crate::text::cjk::half_width_digits(&v))
        .and_then(|v| v.parse().ok());
    let labels: Vec<&str> = fields.iter().map(|(l, _)| l.as_str()).collect();
    Some(Record {
        name: None,
        title: get("标题").unwrap_or_default(),
        author: get("作者").unwrap_or_default(),
        title_decks: false,
        content: text[body_start..].to_string(),
        date,
        page,
        publication: get("原文出处"),
        skip: None,
        note: format!("field header: 【{}】 read as fields", labels.join("】【")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_are_told_by_their_first_markup() {
        assert_eq!(sniff(b"<doclist>\n<doc>"), Some(Kind::Records));
        assert_eq!(sniff(b"\xEF\xBB\xBF\r\n<doc>\n"), Some(Kind::Records));
        assert_eq!(sniff(b"\xA1\xA1<doc>"), None);
        assert_eq!(
            sniff(b"<?xml version='1.0' encoding='utf-8'?>\n<doc><id>1</id>"),
            Some(Kind::Records)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!--\nx\n-->\n<rdf:RDF\n xmlns=\"\">"),
            Some(Kind::Rss)
        );
        assert_eq!(sniff(b"<rss version=\"2.0\">"), Some(Kind::Rss));
        assert_eq!(sniff("　　<doc>".as_bytes()), None);
        assert_eq!(sniff(b"<document>"), None);
        assert!(is_multi(b"<doc>a</doc><doc>b</doc>"));
        assert!(!is_multi(
            b"<?xml?><doc><title>t</title><body>b</body></doc>"
        ));
    }

    #[test]
    fn a_crawler_xml_document_is_one_article_with_its_title() {
        let t = "<?xml version='1.0' encoding='utf-8'?>\n<doc><id>1001</id><url>http://x</url>\
                 <title>内蒙古电网绿电首次外送</title><datetime>2025-6-13</datetime><body>\t正文。\n\
                 \t第二段。</body></doc>";
        let r = split(t.as_bytes(), t).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].name, None);
        assert_eq!(r[0].title, "内蒙古电网绿电首次外送");
        assert_eq!(r[0].content, "\t正文。\n\t第二段。");
    }

    #[test]
    fn rss_items_are_articles_with_escapes_undone() {
        let t = "<?xml version=\"1.0\" encoding=\"big5\"?>\n<rdf:RDF>\n<channel><title>站</title></channel>\
                 <item rdf:about=\"x\">\n<title>【欄目】\n標題</title>\n<description>　　正文&amp;&#29234;...\
                 </description>\n<dc:date>2005-12-30T23:26:28+08:00</dc:date></item>\
                 <item><title>二</title><description><![CDATA[<p>甲&amp;</p>]]></description></item></rdf:RDF>";
        let r = split(t.as_bytes(), t).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name.as_deref(), Some("item-1"));
        assert_eq!(r[0].title, "【欄目】\n標題");
        assert_eq!(r[0].content, "　　正文&&#29234;...");
        assert_eq!(r[0].date.as_deref(), Some("2005-12-30"));
        assert_eq!(r[1].content, "<p>甲&amp;</p>");
    }

    #[test]
    fn a_field_header_gives_title_author_date_page_and_the_body() {
        let t = "【 日  期 】19960730\n【 版  号 】5\n【 标  题 】敢于“顶天”  善于“立地”  ——记课题组\n\
                 \x20           （“８３８”计划十年巡礼）\n【 作  者 】方延明\n【 正  文 】\n    正文第一行\n续行。\n";
        let r = split(t.as_bytes(), t).unwrap().remove(0);
        assert_eq!(
            r.title,
            "敢于“顶天”  善于“立地”  ——记课题组\n（“８３８”计划十年巡礼）"
        );
        assert_eq!(r.author, "方延明");
        assert_eq!(r.date.as_deref(), Some("1996-07-30"));
        assert_eq!(r.page, Some(5));
        assert_eq!(r.content, "\n    正文第一行\n续行。\n");
        let fuyin = "【 文献号 】1-1\n【原文出处】人民日报\n【原刊期号】19960815\n【 标  题 】题\n【 正  文 】\n    文。";
        let r = split(fuyin.as_bytes(), fuyin).unwrap().remove(0);
        assert_eq!(r.publication.as_deref(), Some("人民日报"));
        assert_eq!(r.date.as_deref(), Some("1996-08-15"));
        assert!(split("【编者按】这是正文。".as_bytes(), "【编者按】这是正文。").is_none());
    }
}
