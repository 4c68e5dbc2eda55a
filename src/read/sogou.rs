//! Multi-record input: the SogouCA/SogouCS news format, one source file holding many articles.
//! Pure.
//!
//! ```text
//! <doclist>
//! <doc>
//! <url>http://news.sohu.com/20120612/n345428229.shtml</url>
//! <docno>c172394d49da2142-69713306c0bb3300</docno>
//! <contenttitle>公安机关销毁１０余万非法枪支　跨国武器走私渐起</contenttitle>
//! <content>中广网唐山６月１２日消息……</content>
//! </doc>
//! …
//! </doclist>
//! ```
//!
//! The files are GBK and not well-formed XML (raw `&` in URLs, `<` in text), so they are not
//! parsed as XML: a record is the text between `<doc>` and the next `</doc>`, a field the text
//! between its opening tag and the first matching closing tag after it. Field text is taken as
//! it is; character references in it are left to normalisation. Each record becomes one article,
//! named by its `docno` (made safe as a file name and unique within the file) with
//! `contenttitle` as its headline. Crawler XML of the same shape (中国新闻网's, after an XML
//! declaration) names its fields `<id>`, `<title>`, `<body>`; those are read the same way.

use std::collections::BTreeSet;

/// One `<doc>` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based position of the record in the file.
    pub index: usize,
    /// `<url>`, trimmed; empty when missing.
    pub url: String,
    /// `<docno>`, trimmed; empty when missing.
    pub docno: String,
    /// `<contenttitle>`, trimmed; empty when missing.
    pub title: String,
    /// `<content>` as it is; empty when missing.
    pub content: String,
    /// The record's output name: the sanitised `docno` (or `record-<index>`), unique in the file.
    pub name: String,
}

impl Record {
    /// Why the record is not an article, if it is not: its content is empty.
    pub fn skip_reason(&self) -> Option<String> {
        self.content.trim().is_empty().then(|| {
            format!(
                "empty: record {} ({}) has no <content>",
                self.index,
                if self.docno.is_empty() {
                    "no docno"
                } else {
                    &self.docno
                }
            )
        })
    }
}

/// The text of the first of `tags` that `record` has (`<tag>…</tag>`), or `""`.
fn field_any<'a>(record: &'a str, tags: &[&str]) -> &'a str {
    tags.iter()
        .map(|t| field(record, t))
        .find(|f| !f.is_empty())
        .unwrap_or("")
}

/// The text of the first `<tag>…</tag>` in `record`, or `""`.
fn field<'a>(record: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let Some(start) = record.find(&open).map(|i| i + open.len()) else {
        return "";
    };
    match record[start..].find(&close) {
        Some(len) => &record[start..start + len],
        None => &record[start..],
    }
}

/// A `docno` made safe as a file name: ASCII letters, digits, `-`, `_` and `.` are kept, every
/// other character becomes `_`, a leading `.` becomes `_`, and it is cut at 100 characters.
pub fn safe_name(docno: &str) -> String {
    let mut name: String = docno
        .trim()
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') {
        name.replace_range(..1, "_");
    }
    name
}

/// Splits decoded text into its records, in file order. Text outside `<doc>…</doc>` is ignored;
/// a last record without `</doc>` runs to the end of the text.
pub fn split(text: &str) -> Vec<Record> {
    let mut records = Vec::new();
    let mut used = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("<doc>") {
        let body_start = start + "<doc>".len();
        let (body, next) = match rest[body_start..].find("</doc>") {
            Some(len) => (
                &rest[body_start..body_start + len],
                body_start + len + "</doc>".len(),
            ),
            None => (&rest[body_start..], rest.len()),
        };
        let index = records.len() + 1;
        let docno = field_any(body, &["docno", "id"]).trim().to_string();
        let mut base = safe_name(&docno);
        if base.is_empty() {
            base = format!("record-{index}");
        }
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.to_ascii_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        records.push(Record {
            index,
            url: field(body, "url").trim().to_string(),
            docno,
            title: field_any(body, &["contenttitle", "title"])
                .trim()
                .to_string(),
            content: field_any(body, &["content", "body"]).to_string(),
            name,
        });
        rest = &rest[next..];
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "<doclist>\n<doc>\n<url>http://a.example/1?x=1&y=2</url>\n\
        <docno>ab12-CD/34</docno>\n<contenttitle> 标题一 </contenttitle>\n\
        <content>正文一，含 a<b 与 &amp;。</content>\n</doc>\n<doc>\n<url></url>\n\
        <docno>ab12-CD/34</docno>\n<contenttitle>标题二</contenttitle>\n<content></content>\n\
        </doc>\n</doclist>";

    #[test]
    fn each_doc_becomes_a_record_with_its_fields() {
        let r = split(TWO);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].url, "http://a.example/1?x=1&y=2");
        assert_eq!(r[0].docno, "ab12-CD/34");
        assert_eq!(r[0].title, "标题一");
        assert_eq!(r[0].content, "正文一，含 a<b 与 &amp;。");
        assert_eq!(r[0].skip_reason(), None);
        assert_eq!(r[1].index, 2);
        assert_eq!(
            r[1].skip_reason().unwrap(),
            "empty: record 2 (ab12-CD/34) has no <content>"
        );
    }

    #[test]
    fn names_are_safe_and_unique_within_the_file() {
        let r = split(TWO);
        assert_eq!(r[0].name, "ab12-CD_34");
        assert_eq!(r[1].name, "ab12-CD_34-2");
        assert_eq!(safe_name("../x y"), "_._x_y");
        assert_eq!(split("<doc><content>x</content></doc>")[0].name, "record-1");
    }

    #[test]
    fn an_unterminated_last_record_runs_to_the_end() {
        let r = split("<doc><docno>1</docno><content>正文");
        assert_eq!((r[0].docno.as_str(), r[0].content.as_str()), ("1", "正文"));
    }
}
