//! The tagged PDF read back with lopdf (issue 15, PDF/UA-1): the catalog says the file is
//! marked; the structure tree has the document's headings, paragraphs, lists, tables and
//! figures in reading order; every text-showing operator of every page is inside marked
//! content that the tree references (or inside an artifact); the parent tree leads each
//! MCID back to its element; every figure has a text alternative naming its data; every
//! table header cell has a scope; heading levels never skip; KPI tiles read label, value,
//! change, tile by tile.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId, content::Content};
use werkt_render::DocumentOptions;

const KPIS: &str = r#"```kpi
[{"label": "Absence rate", "value": "4.2%", "change": "+0.3 pp", "trend": "up", "good": "down"},
 {"label": "Headcount", "value": "1,204", "change": "−12", "trend": "down"},
 {"label": "Engagement", "value": "7.4", "change": "0.0", "trend": "flat", "good": "up"}]
```
"#;

const CHART: &str = r#"```chart
{"kind": "bar", "title": "Absence rate by unit", "unit": "%", "categories": ["Nursing A", "Nursing B", "Kitchen"], "series": [{"name": "absence", "values": [7.2, 8.4, null]}]}
```
"#;

const HEATMAP: &str = r#"```chart
{"kind": "heatmap", "title": "Scores", "rows": ["Ward North", "Ward South"], "columns": ["Vigour", "Dedication"], "values": [[4.1, 3.2], [null, 4.4]], "thresholds": [{"green": 4.0, "red": 3.0}, null]}
```
"#;

/// Cover, a summary with KPI tiles, a list and a table, a chart, a chapter that jumps
/// from H1 to H3, a table long enough to repeat its header, a notice, a heatmap, a quote
/// and a code block.
fn markup() -> String {
    let mut md = String::from(
        "```cover\n{\"title\": \"Monthly report\", \"period\": \"October 2026\", \"organisation\": \"Org\"}\n```\n\n",
    );
    md.push_str("# Summary\n\n");
    md.push_str(KPIS);
    md.push_str("\nThe month in short, in a paragraph long enough to wrap onto a second line of the page so that one paragraph is several text runs.\n\n");
    md.push_str("- First point.\n- Second point, **with bold**.\n\n");
    md.push_str("## Units\n\n| Unit | Absence | People |\n|:--|--:|--:|\n| Nursing A | 7.2% | 40 |\n| Nursing B | 8.4% | 38 |\n\n");
    md.push_str(CHART);
    md.push_str("\n```pagebreak\n```\n\n# Engagement\n\n### Straight under a chapter\n\nText.\n\n");
    md.push_str("| Team | Score |\n|:--|--:|\n");
    for i in 0..70 {
        md.push_str(&format!("| Team {i} | {}.{} |\n", 3 + i % 3, i % 10));
    }
    md.push_str("\n```notice warning\nFew responses in two teams.\n```\n\n");
    md.push_str(HEATMAP);
    md.push_str("\n## Sources\n\n1. A source.\n2. Another.\n\n> Quoted words.\n\n    code line one\n    code line two\n");
    md
}

fn opts() -> DocumentOptions {
    DocumentOptions {
        title: "Org — 2026-10".into(),
        header: "Org · Monthly report".into(),
        footer: "Confidential".into(),
        created_unix: Some(1_790_000_000),
        ..DocumentOptions::default()
    }
}

fn render(md: &str) -> Document {
    let r = common::renderer();
    let pdf = r.render(md, &opts()).expect("renders");
    Document::load_mem(&pdf).expect("a valid PDF")
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("a live reference"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    deref(doc, o).as_dict().expect("a dictionary")
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().expect("a name")).into_owned()
}

/// A structure element as read back.
#[derive(Debug)]
struct Node {
    id: ObjectId,
    role: String,
    depth: usize,
    alt: Option<String>,
    scope: Option<String>,
    /// Marked content in /K order: (page, MCID).
    content: Vec<(ObjectId, i64)>,
    /// Annotations the element holds (OBJR): (page, annotation).
    objects: Vec<(ObjectId, ObjectId)>,
}

/// The structure tree in pre-order (reading order).
fn tree(doc: &Document) -> Vec<Node> {
    let catalog = doc.catalog().expect("a catalog");
    let root = dict(
        doc,
        catalog.get(b"StructTreeRoot").expect("/StructTreeRoot"),
    );
    assert_eq!(name(root.get(b"Type").unwrap()), "StructTreeRoot");
    let mut out = Vec::new();
    let k = root.get(b"K").expect("the root has /K");
    let kids = match k {
        Object::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    assert_eq!(kids.len(), 1, "one Document element under the root");
    walk(doc, &kids[0], 0, None, &mut out);
    out
}

fn walk(doc: &Document, o: &Object, depth: usize, parent: Option<ObjectId>, out: &mut Vec<Node>) {
    let id = o.as_reference().expect("elements are indirect");
    let d = doc.get_dictionary(id).unwrap();
    assert_eq!(name(d.get(b"Type").unwrap()), "StructElem");
    if let Some(p) = parent {
        assert_eq!(
            d.get(b"P").unwrap().as_reference().unwrap(),
            p,
            "/P is the parent"
        );
    }
    let page = d.get(b"Pg").ok().map(|p| p.as_reference().unwrap());
    let alt = d
        .get(b"Alt")
        .ok()
        .map(|a| lopdf::decode_text_string(a).expect("Alt is a text string"));
    let scope = d
        .get(b"A")
        .ok()
        .map(|a| dict(doc, a))
        .and_then(|a| a.get(b"Scope").ok().map(name));
    let at = out.len();
    out.push(Node {
        id,
        role: name(d.get(b"S").unwrap()),
        depth,
        alt,
        scope,
        content: Vec::new(),
        objects: Vec::new(),
    });
    let kids = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for k in &kids {
        match k {
            Object::Integer(mcid) => {
                out[at]
                    .content
                    .push((page.expect("an MCID needs the element's /Pg"), *mcid));
            }
            Object::Dictionary(objr) if name(objr.get(b"Type").unwrap()) == "OBJR" => {
                let pg = objr.get(b"Pg").unwrap().as_reference().unwrap();
                let obj = objr.get(b"Obj").unwrap().as_reference().unwrap();
                out[at].objects.push((pg, obj));
            }
            Object::Dictionary(mcr) => {
                assert_eq!(name(mcr.get(b"Type").unwrap()), "MCR");
                let pg = mcr.get(b"Pg").unwrap().as_reference().unwrap();
                let mcid = mcr.get(b"MCID").unwrap().as_i64().unwrap();
                out[at].content.push((pg, mcid));
            }
            Object::Reference(_) => walk(doc, k, depth + 1, Some(id), out),
            other => panic!("unexpected /K entry {other:?}"),
        }
    }
}

/// What a page's content stream shows, read with the fonts' /ToUnicode maps. Every text,
/// path, image or shading it paints must be inside marked content.
#[derive(Debug, Default)]
struct PageText {
    /// Text per MCID, in stream order.
    by_mcid: BTreeMap<i64, String>,
    /// Role name of each MCID's BDC.
    roles: BTreeMap<i64, String>,
    /// Text inside artifacts.
    artifacts: Vec<String>,
    /// Text inside artifacts of /Type /Pagination.
    pagination: Vec<String>,
}

fn page_text(doc: &Document, page: ObjectId) -> PageText {
    let fonts = doc.get_page_fonts(page).unwrap();
    let encodings: BTreeMap<Vec<u8>, _> = fonts
        .iter()
        .map(|(k, f)| (k.clone(), f.get_font_encoding(doc).unwrap()))
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut out = PageText::default();
    // Open marked content: Some(mcid) or None (an artifact).
    // Open marked content: Some(mcid) or None (an artifact), and whether it is an
    // artifact of pagination.
    let mut stack: Vec<Option<i64>> = Vec::new();
    let mut paginating: Vec<bool> = Vec::new();
    let mut font: Option<Vec<u8>> = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                let tag = name(&op.operands[0]);
                let props = match &op.operands[1] {
                    Object::Dictionary(d) => d.clone(),
                    other => panic!("BDC {tag} with properties {other:?}"),
                };
                if tag == "Artifact" {
                    stack.push(None);
                    paginating.push(
                        props
                            .get(b"Type")
                            .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Pagination")),
                    );
                } else {
                    paginating.push(false);
                    let mcid = props.get(b"MCID").expect("content BDC has an MCID");
                    let mcid = mcid.as_i64().unwrap();
                    assert!(
                        out.roles.insert(mcid, tag).is_none(),
                        "MCID {mcid} used twice on a page"
                    );
                    stack.push(Some(mcid));
                }
            }
            "BMC" => {
                assert_eq!(name(&op.operands[0]), "Artifact", "only artifacts use BMC");
                stack.push(None);
                paginating.push(false);
            }
            "EMC" => {
                stack.pop().expect("EMC without BMC/BDC");
                paginating.pop();
            }
            "Tf" => font = Some(op.operands[0].as_name().unwrap().to_vec()),
            // Painting a path, an image or a shading is content too.
            "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "Do" | "sh" | "BI" => {
                assert!(!stack.is_empty(), "{} outside marked content", op.operator);
            }
            "Tj" | "TJ" => {
                let open = *stack
                    .last()
                    .unwrap_or_else(|| panic!("{} outside marked content", op.operator));
                let enc = &encodings[font.as_ref().expect("a font is set")];
                let strings: Vec<&Object> = match op.operator.as_str() {
                    "Tj" => vec![&op.operands[0]],
                    _ => op.operands[0].as_array().unwrap().iter().collect(),
                };
                let mut s = String::new();
                for o in strings {
                    if let Object::String(bytes, _) = o {
                        s.push_str(&Document::decode_text(enc, bytes).unwrap());
                    }
                }
                match open {
                    Some(mcid) => out.by_mcid.entry(mcid).or_default().push_str(&s),
                    None if paginating.last() == Some(&true) => out.pagination.push(s),
                    None => out.artifacts.push(s),
                }
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "marked content left open");
    out
}

/// What [`check_tagged`] read: the tree in reading order with each element's text,
/// and the text of the artifacts.
struct Tagged {
    nodes: Vec<Node>,
    /// (role, text) per node.
    read: Vec<(String, String)>,
    /// Text of artifacts of pagination.
    pagination: Vec<String>,
}

/// The checks every tagged document passes: /MarkInfo /Marked; one Document under the
/// root; each page's /StructParents, /Tabs /S; every text-showing operator inside an
/// artifact or an MCID that exactly one element references, with the parent tree leading
/// back to that element and the BDC's tag its role; every referenced MCID in the page;
/// every Figure with a non-empty /Alt; every TH with a /Scope; headings from H1 without
/// a skipped level.
fn check_tagged(doc: &Document) -> Tagged {
    let catalog = doc.catalog().unwrap();
    let mark_info = dict(doc, catalog.get(b"MarkInfo").expect("/MarkInfo"));
    assert_eq!(mark_info.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert!(catalog.get(b"Lang").is_ok(), "the language stays");

    let nodes = tree(doc);
    assert_eq!(nodes[0].role, "Document");
    assert!(
        nodes[0].content.is_empty(),
        "content straight in the Document, outside any element"
    );
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();

    // Every page: /StructParents into the parent tree, tab order by structure, and every
    // text-showing operator inside an artifact or an MCID that exactly one element
    // references; and every MCID on the page is referenced.
    let mut referenced: BTreeMap<(ObjectId, i64), ObjectId> = BTreeMap::new();
    for n in &nodes {
        for c in &n.content {
            assert!(
                referenced.insert(*c, n.id).is_none(),
                "{c:?} referenced twice"
            );
        }
    }
    let root = dict(doc, catalog.get(b"StructTreeRoot").unwrap());
    let parent_tree = dict(doc, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let parent_arrays: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|p| (p[0].as_i64().unwrap(), &p[1]))
        .collect();
    assert_eq!(
        root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap(),
        parent_arrays.keys().max().map_or(0, |k| k + 1)
    );
    let mut texts: BTreeMap<(ObjectId, i64), String> = BTreeMap::new();
    let mut pagination: Vec<String> = Vec::new();
    for &page in &pages {
        let p = doc.get_dictionary(page).unwrap();
        assert_eq!(name(p.get(b"Tabs").unwrap()), "S");
        let key = p.get(b"StructParents").unwrap().as_i64().unwrap();
        let parents = deref(doc, parent_arrays[&key]).as_array().unwrap();
        let t = page_text(doc, page);
        for (mcid, role) in &t.roles {
            let elem = referenced
                .get(&(page, *mcid))
                .unwrap_or_else(|| panic!("MCID {mcid} ({role}) is in no element"));
            assert_eq!(
                parents[*mcid as usize].as_reference().unwrap(),
                *elem,
                "the parent tree leads MCID {mcid} back to its element"
            );
            let n = nodes.iter().find(|n| n.id == *elem).unwrap();
            assert_eq!(&n.role, role, "the BDC's tag is its element's role");
        }
        assert_eq!(parents.len(), t.roles.len(), "one parent per MCID");
        for (mcid, s) in t.by_mcid {
            texts.insert((page, mcid), s);
        }
        pagination.extend(t.pagination);
    }
    for c in referenced.keys() {
        assert!(
            pages.contains(&c.0) && page_text(doc, c.0).roles.contains_key(&c.1),
            "{c:?} is referenced but not in the page's content"
        );
    }
    // Every annotation is held by exactly one element (an OBJR naming its page), and its
    // /StructParent leads back to that element; a link annotation says in /Contents where
    // it goes, and only a Link element holds one.
    let mut held: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    for n in &nodes {
        for &(pg, annot) in &n.objects {
            assert_eq!(n.role, "Link", "an annotation held by a {}", n.role);
            assert!(held.insert(annot, n.id).is_none(), "{annot:?} held twice");
            let annots = doc.get_dictionary(pg).unwrap().get(b"Annots").unwrap();
            assert!(
                annots
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a.as_reference().unwrap() == annot),
                "the OBJR's /Pg does not list the annotation"
            );
        }
    }
    for &page in &pages {
        let Ok(annots) = doc.get_dictionary(page).unwrap().get(b"Annots") else {
            continue;
        };
        for a in annots.as_array().unwrap() {
            let id = a.as_reference().unwrap();
            let elem = held.get(&id).expect("an annotation outside the structure");
            let d = doc.get_dictionary(id).unwrap();
            let contents = lopdf::decode_text_string(d.get(b"Contents").unwrap()).unwrap();
            assert!(!contents.trim().is_empty(), "a link without /Contents");
            let key = d.get(b"StructParent").unwrap().as_i64().unwrap();
            assert_eq!(
                parent_arrays[&key].as_reference().unwrap(),
                *elem,
                "/StructParent leads back to the Link"
            );
        }
    }

    // The roles in reading order, with the words they hold: an element's text is its
    // runs joined as they are, so a wrapped line must end with its space.
    let read: Vec<(String, String)> = nodes
        .iter()
        .map(|n| {
            let s: Vec<&str> = n
                .content
                .iter()
                .filter_map(|c| texts.get(c).map(String::as_str))
                .collect();
            (n.role.clone(), s.concat())
        })
        .collect();
    for n in &nodes {
        if n.role == "Figure" {
            assert!(
                n.alt.as_deref().is_some_and(|a| !a.trim().is_empty()),
                "a Figure without /Alt"
            );
        }
        if n.role == "TH" {
            assert!(n.scope.is_some(), "a TH without /Scope");
        }
    }
    let mut previous = 0;
    for n in &nodes {
        if let Some(l) = n.role.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) {
            assert!(l <= previous + 1, "H{l} after H{previous}");
            previous = l;
        }
    }
    Tagged {
        nodes,
        read,
        pagination,
    }
}

#[test]
fn the_pdf_is_tagged_and_every_text_is_content_of_an_element_or_an_artifact() {
    let doc = render(&markup());
    let Tagged {
        nodes,
        read,
        pagination,
    } = check_tagged(&doc);
    assert!(doc.get_pages().len() >= 4, "several pages");

    // XMP metadata claims PDF/UA-1 and carries the title, uncompressed.
    let catalog = doc.catalog().unwrap();
    let meta = deref(&doc, catalog.get(b"Metadata").expect("/Metadata"))
        .as_stream()
        .unwrap();
    assert!(
        meta.dict.get(b"Filter").is_err(),
        "metadata left uncompressed"
    );
    let xmp = String::from_utf8(meta.content.clone()).expect("UTF-8 XMP");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains(">Org — 2026-10</rdf:li>"), "{xmp}");
    // No dates: the information dictionary has them, and shared outputs carry no ISO date
    // but the period's end (tests/tests/individual_data.rs).
    assert!(!xmp.contains("Date>"), "{xmp}");

    // The running head, footer and page numbers are artifacts of pagination, and so is
    // the repeated table header.
    let joined = pagination.join("|");
    assert!(joined.contains("Org · Monthly report"), "{joined}");
    assert!(joined.contains("Confidential"));
    assert!(joined.contains("1 / "));
    assert!(joined.contains("Team"), "the repeated header: {joined}");

    let expected: &[(&str, &str)] = &[
        ("P", "Monthly report"),
        ("P", "October 2026"),
        ("P", "Org"),
        ("H1", "Summary"),
        ("Div", ""),
        ("P", "Absence rate"),
        ("P", "4.2%"),
        ("P", "+0.3 pp vs previous period"),
        ("Div", ""),
        ("P", "Headcount"),
        ("P", "1,204"),
        ("P", "The month in short,"),
        ("L", ""),
        ("LI", ""),
        ("Lbl", "•"),
        ("LBody", ""),
        ("P", "First point."),
        ("LI", ""),
        ("H2", "Units"),
        ("Table", ""),
        ("THead", ""),
        ("TR", ""),
        ("TH", "Unit"),
        ("TH", "Absence"),
        ("TH", "People"),
        ("TBody", ""),
        ("TR", ""),
        ("TD", "Nursing A"),
        ("TD", "7.2%"),
        ("TD", "40"),
        ("TR", ""),
        ("TD", "Nursing B"),
        ("Figure", ""),
        ("H1", "Engagement"),
        ("H2", "Straight under a chapter"),
        ("P", "Text."),
        ("Table", ""),
        ("TH", "Team"),
        ("TD", "Team 69"),
        ("Div", ""),
        ("P", "Warning"),
        ("P", "Few responses in two teams."),
        ("Figure", ""),
        ("H2", "Sources"),
        ("L", ""),
        ("Lbl", "1."),
        ("P", "A source."),
        ("BlockQuote", ""),
        ("P", "Quoted words."),
        ("P", "code line one code line two"),
    ];
    let mut at = 0;
    for (role, start) in expected {
        let found = read[at..]
            .iter()
            .position(|(r, t)| r == role && t.starts_with(start));
        match found {
            Some(i) => at += i + 1,
            None => panic!(
                "no {role} starting {start:?} after element {at}; the tree reads:\n{}",
                read.iter()
                    .map(|(r, t)| format!("{r}: {t}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    // The bold words of a list item are in the same paragraph as the rest.
    assert!(
        read.iter()
            .any(|(r, t)| r == "P" && t.contains("Second point,") && t.contains("bold")),
        "{read:?}"
    );
    // A paragraph that wraps is one P with several runs.
    let para = nodes
        .iter()
        .zip(&read)
        .find(|(_, (_, t))| t.starts_with("The month in short"))
        .unwrap();
    assert!(para.0.content.len() >= 2, "{:?}", para.1);
    assert_eq!(
        para.1.1.trim_end(),
        "The month in short, in a paragraph long enough to wrap onto a second line of the page so that one paragraph is several text runs."
    );
    // Every TD of the long table is in the tree once, although it runs over pages.
    let teams: BTreeSet<&str> = read
        .iter()
        .filter(|(r, t)| r == "TD" && t.starts_with("Team "))
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(teams.len(), 70);
}

#[test]
fn the_contents_page_is_a_toc_of_links_to_the_headings() {
    let md = markup().replacen(
        "```\n\n# Summary",
        "```\n\n```contents\n{\"depth\": 3}\n```\n\n# Summary",
        1,
    );
    assert!(md.contains("```contents"));
    let doc = render(&md);
    let Tagged { nodes, read, .. } = check_tagged(&doc);
    // The title heads the contents as an H1, then the TOC: a TOCI per entry, each a Link
    // that reads the entry's title and page number and holds its annotation.
    let toc = nodes.iter().position(|n| n.role == "TOC").expect("a TOC");
    assert_eq!(read[toc - 1], ("H1".to_string(), "Contents".to_string()));
    let entries: Vec<&str> = nodes[toc + 1..]
        .iter()
        .zip(&read[toc + 1..])
        .take_while(|(n, _)| n.depth > nodes[toc].depth)
        .filter(|(n, _)| n.role == "Link")
        .map(|(_, (_, t))| t.as_str())
        .collect();
    let shape: Vec<&str> = nodes[toc + 1..]
        .iter()
        .take_while(|n| n.depth > nodes[toc].depth)
        .map(|n| n.role.as_str())
        .collect();
    assert_eq!(shape.len(), 2 * entries.len());
    assert!(shape.chunks(2).all(|c| c == ["TOCI", "Link"]), "{shape:?}");
    for (e, title) in entries.iter().zip([
        "Summary",
        "Units",
        "Engagement",
        "Straight under a chapter",
        "Sources",
    ]) {
        let (t, n) = e.rsplit_once(' ').unwrap();
        assert_eq!(t, title);
        assert!(n.parse::<u32>().is_ok(), "{e:?}");
    }
    assert_eq!(entries.len(), 5);
    assert!(
        nodes
            .iter()
            .filter(|n| n.role == "Link")
            .all(|n| n.objects.len() == 1)
    );
}

#[test]
fn figures_have_alt_text_from_their_data_and_header_cells_a_scope() {
    let doc = render(&markup());
    let nodes = tree(&doc);
    let figures: Vec<&Node> = nodes.iter().filter(|n| n.role == "Figure").collect();
    assert_eq!(figures.len(), 2);
    let bar = figures[0].alt.as_deref().expect("the bar chart has /Alt");
    assert_eq!(
        bar,
        "Bar chart: Absence rate by unit. Nursing A 7.2%, Nursing B 8.4%, Kitchen No data."
    );
    let heat = figures[1].alt.as_deref().expect("the heatmap has /Alt");
    assert!(
        heat.starts_with(
            "Heatmap: Scores. Ward North: Vigour 4.1, Dedication 3.2; Ward South: Vigour No data"
        ),
        "{heat}"
    );
    for f in &figures {
        assert!(!f.content.is_empty(), "a figure holds its drawing");
    }
    let ths: Vec<&Node> = nodes.iter().filter(|n| n.role == "TH").collect();
    assert_eq!(ths.len(), 5, "three header cells and two, each once");
    for th in ths {
        assert_eq!(th.scope.as_deref(), Some("Column"));
    }
}

#[test]
fn chart_alt_text_is_in_the_report_language() {
    let r = common::renderer();
    let opts = DocumentOptions {
        language: "nl".into(),
        labels: werkt_render::Labels::dutch(),
        ..opts()
    };
    let pdf = r.render(CHART, &opts).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let nodes = tree(&doc);
    let fig = nodes.iter().find(|n| n.role == "Figure").unwrap();
    assert_eq!(
        fig.alt.as_deref(),
        Some(
            "Staafdiagram: Absence rate by unit. Nursing A 7,2%, Nursing B 8,4%, Kitchen Geen gegevens."
        )
    );
}

#[test]
fn heading_levels_never_skip_and_the_first_is_h1() {
    let md = "### Deep start\n\nText.\n\n# One\n\n### Three under one\n\n#### Four\n\n## Two\n\n###### Six\n";
    let doc = render(md);
    let levels: Vec<(usize, u8)> = tree(&doc)
        .iter()
        .filter(|n| n.role.len() == 2 && n.role.starts_with('H'))
        .map(|n| (n.depth, n.role.as_bytes()[1] - b'0'))
        .collect();
    let levels: Vec<u8> = levels.into_iter().map(|(_, l)| l).collect();
    assert_eq!(levels, [1, 1, 2, 3, 2, 3]);
    let mut previous = 0;
    for l in levels {
        assert!(l <= previous + 1, "a level skipped");
        previous = l;
    }
}

/// The benchmark's report (cover, KPI tiles, a notice, lists, six charts of every kind,
/// two tables; the shape of werkt's monthly report) in both report languages: every text
/// is tagged or an artifact, every chart described in the language, the summary's KPI
/// tiles read label, value, change, tile by tile.
#[test]
fn the_monthly_report_shape_is_tagged_in_both_languages() {
    let md = include_str!("../benches/report.md");
    let tiles: Vec<werkt_render::fences::Kpi> = {
        let start = md.find("```kpi\n").expect("the report has KPI tiles") + 7;
        let end = start + md[start..].find("```").unwrap();
        serde_json::from_str(&md[start..end]).expect("tiles parse")
    };
    for (labels, kind) in [
        (werkt_render::Labels::english(), "Bar chart"),
        (werkt_render::Labels::dutch(), "Staafdiagram"),
    ] {
        let opts = DocumentOptions {
            labels: labels.clone(),
            ..opts()
        };
        let pdf = common::renderer().render(md, &opts).unwrap();
        let doc = Document::load_mem(&pdf).unwrap();
        let Tagged { nodes, read, .. } = check_tagged(&doc);
        let figures: Vec<&str> = nodes
            .iter()
            .filter(|n| n.role == "Figure")
            .map(|n| n.alt.as_deref().unwrap())
            .collect();
        assert_eq!(figures.len(), md.matches("```chart").count());
        assert!(figures.iter().any(|a| a.starts_with(kind)), "{figures:?}");
        // The reference line of the bar chart, with the language's decimal separator.
        let norm = format!("Norm 4{}0%", labels.decimal_separator);
        assert!(figures.iter().any(|a| a.contains(&norm)), "{figures:?}");
        // The tiles in reading order: label, value, change with its note, tile by tile.
        let mut want: Vec<String> = Vec::new();
        for t in &tiles {
            want.push(t.label.clone());
            want.push(t.value.clone());
            if let Some(c) = &t.change {
                want.push(format!("{c} {}", labels.change_vs_previous));
            }
        }
        let first = read
            .iter()
            .position(|(r, t)| r == "P" && *t == want[0])
            .expect("the first tile's label");
        let got: Vec<String> = read[first..]
            .iter()
            .filter(|(r, _)| r == "P")
            .take(want.len())
            .map(|(_, t)| t.trim_end().to_string())
            .collect();
        assert_eq!(got, want);
    }
}

/// A chart's alternative names its axes and reads computed values to three significant
/// digits; a heatmap uses the template's cell texts.
#[test]
fn alt_text_names_the_axes_and_rounds_computed_values() {
    use werkt_markup::ChartSpec;
    use werkt_render::{charts::alt_text, fences::Chart};
    let chart = |json: &str| Chart::try_from(serde_json::from_str::<ChartSpec>(json).unwrap());
    let line = chart(
        r#"{"kind": "line", "title": "Net benefit", "y_label": "euro", "x_label": "years since the start",
            "categories": ["0", "1", "2"], "series": [{"name": "net", "values": [-18000.0, 93132.5912, 204265.1824]}],
            "reference_lines": [{"label": "break-even", "value": 0.0}]}"#,
    )
    .unwrap();
    assert_eq!(
        alt_text(&line, &werkt_render::Labels::english()),
        "Line chart: Net benefit (euro; years since the start). 0 −18,000, 1 93,133, 2 204,265; break-even 0.0."
    );
    let share = chart(
        r#"{"kind": "stacked_bar", "unit": "%", "categories": ["A", "B"],
            "series": [{"name": "short", "values": [66.6666, 20.0]}, {"name": "long", "values": [33.3333, null]}]}"#,
    )
    .unwrap();
    assert_eq!(
        alt_text(&share, &werkt_render::Labels::dutch()),
        "Gestapeld staafdiagram. short: A 66,7%, B 20,0%; long: A 33,3%, B Geen gegevens."
    );
    let heat = chart(
        r#"{"kind": "heatmap", "rows": ["North"], "columns": ["Score", "Rate"], "values": [[4.123, 0.5]],
            "labels": [["4.12", "50%"]], "thresholds": [null, null]}"#,
    )
    .unwrap();
    assert_eq!(
        alt_text(&heat, &werkt_render::Labels::english()),
        "Heatmap. North: Score 4.12, Rate 50%."
    );
}
