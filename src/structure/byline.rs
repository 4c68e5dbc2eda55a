//! Bylines: the reporter or author named on a short closing line.

/// Longest closing line, in characters, that can be a byline.
const MAX_BYLINE_CHARS: usize = 24;

/// Recognises a closing byline line and returns the name(s) with padding spaces removed:
/// `□鞠　闻` → `鞠闻`, `（记者 张三）` → `张三`.
pub fn trailing(line: &str) -> Option<String> {
    if line.chars().count() > MAX_BYLINE_CHARS {
        return None;
    }
    let name = if let Some(rest) = line.strip_prefix(['□', '■']) {
        rest
    } else if let Some(inner) = line
        .strip_prefix(['（', '('])
        .and_then(|l| l.strip_suffix(['）', ')']))
    {
        let inner = inner.trim();
        ["本报记者", "记者", "作者"]
            .iter()
            .find_map(|p| inner.strip_prefix(p))?
    } else {
        return None;
    };
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    (!name.is_empty() && !name.contains(['。', '，'])).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_and_bracketed_bylines_are_recognised() {
        assert_eq!(trailing("□鞠　闻").as_deref(), Some("鞠闻"));
        assert_eq!(trailing("（记者 张三）").as_deref(), Some("张三"));
        assert_eq!(trailing("（本报记者　李纵）").as_deref(), Some("李纵"));
    }

    #[test]
    fn ordinary_closing_sentences_are_not_bylines() {
        assert_eq!(trailing("会议圆满结束。"), None);
        assert_eq!(trailing("（完）"), None);
        assert_eq!(trailing("□"), None);
    }
}
