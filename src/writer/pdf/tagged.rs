//! The structure tree of a tagged PDF (ISO 32000-1 14.7–14.8), built from the marks the
//! content streams carry: every run of an article element's lines on a page is one
//! marked-content sequence (`/P <</MCID n>> BDC … EMC`), page furniture is `/Artifact`.
//!
//! The tree: `StructTreeRoot` → `Document` → (per article of a collection, an `Art` titled with
//! its headline) → one element per article element in reading order (`H1`, `P`, `H2`,
//! `Caption`), each holding its marked-content references page by page. The `ParentTree` maps
//! each page's MCIDs back to their elements. The catalog gets `/MarkInfo <</Marked true>>` and
//! `/ViewerPreferences <</DisplayDocTitle true>>`. Pure and deterministic: the same marks give
//! the same objects, in the same order, whatever the thread.

use crate::layout::Elem;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// What one marked-content sequence belongs to: the article (0 for a single article), the
/// element's number in it, and its structure type.
pub(super) type Mark = (usize, u32, Elem);

/// A structure element being built: its mark, its object id, its (page, MCID) references.
type Building = (Mark, ObjectId, Vec<(usize, usize)>);

/// Adds the structure tree for `marks` (per page, indexed by MCID) to `doc`. `titles` are the
/// articles' headlines (and language tags where they differ from the document's) when the
/// document is a collection (one `Art` each), empty otherwise.
pub(super) fn add_structure(
    doc: &mut lopdf::Document,
    marks: &[Vec<Mark>],
    titles: &[(String, Option<String>)],
) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let arts: Vec<ObjectId> = titles.iter().map(|_| doc.new_object_id()).collect();

    // Elements in reading order (first appearance), each with its (page, MCID) references.
    let mut elements: Vec<Building> = Vec::new();
    let mut parent_tree = Vec::with_capacity(marks.len());
    for (p, page_marks) in marks.iter().enumerate() {
        let mut parents = Vec::with_capacity(page_marks.len());
        for (mcid, &mark) in page_marks.iter().enumerate() {
            let at = match elements
                .iter()
                .rposition(|(m, _, _)| (m.0, m.1) == (mark.0, mark.1))
            {
                Some(i) => i,
                None => {
                    let id = doc.new_object_id();
                    elements.push((mark, id, Vec::new()));
                    elements.len() - 1
                }
            };
            elements[at].2.push((p, mcid));
            parents.push(Object::Reference(elements[at].1));
        }
        parent_tree.push(Object::Integer(p as i64));
        parent_tree.push(Object::Array(parents));
    }

    let name = |s: &str| Object::Name(s.as_bytes().to_vec());
    let mut children: Vec<Vec<Object>> = vec![Vec::new(); titles.len().max(1)];
    for ((article, _, kind), id, refs) in &elements {
        let parent = arts.get(*article).copied().unwrap_or(document);
        let k: Vec<Object> = refs
            .iter()
            .map(|&(p, mcid)| {
                Object::Dictionary(Dictionary::from_iter([
                    ("Type", name("MCR")),
                    ("Pg", Object::Reference(pages[p])),
                    ("MCID", Object::Integer(mcid as i64)),
                ]))
            })
            .collect();
        let first_page = refs.first().map_or(pages[0], |&(p, _)| pages[p]);
        doc.objects.insert(
            *id,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", name("StructElem")),
                ("S", name(kind.name())),
                ("P", Object::Reference(parent)),
                ("Pg", Object::Reference(first_page)),
                ("K", Object::Array(k)),
            ])),
        );
        let slot = if arts.is_empty() { 0 } else { *article };
        children[slot].push(Object::Reference(*id));
    }
    for (i, (art, (title, lang))) in arts.iter().zip(titles).enumerate() {
        let mut dict = Dictionary::from_iter([
            ("Type", name("StructElem")),
            ("S", name("Art")),
            ("P", Object::Reference(document)),
            ("T", Object::String(utf16(title), StringFormat::Hexadecimal)),
            ("K", Object::Array(std::mem::take(&mut children[i]))),
        ]);
        if let Some(lang) = lang {
            dict.set(
                "Lang",
                Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
            );
        }
        doc.objects.insert(*art, Object::Dictionary(dict));
    }
    let document_kids = if arts.is_empty() {
        std::mem::take(&mut children[0])
    } else {
        arts.iter().map(|a| Object::Reference(*a)).collect()
    };
    doc.objects.insert(
        document,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", name("StructElem")),
            ("S", name("Document")),
            ("P", Object::Reference(root)),
            ("K", Object::Array(document_kids)),
        ])),
    );
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", name("StructTreeRoot")),
            ("K", Object::Reference(document)),
            (
                "ParentTree",
                Object::Dictionary(Dictionary::from_iter([(
                    "Nums",
                    Object::Array(parent_tree),
                )])),
            ),
            ("ParentTreeNextKey", Object::Integer(marks.len() as i64)),
        ])),
    );
    for (p, id) in pages.iter().enumerate() {
        if let Ok(page) = doc.get_dictionary_mut(*id) {
            page.set("StructParents", Object::Integer(p as i64));
        }
    }
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root));
        catalog.set(
            "MarkInfo",
            Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])),
        );
        catalog.set(
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter([(
                "DisplayDocTitle",
                Object::Boolean(true),
            )])),
        );
    }
}

/// A text string as UTF-16BE with its byte-order mark (PDF text strings beyond Latin-1).
fn utf16(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}
