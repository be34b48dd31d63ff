//! Golden tests of the pagination rules (issue 15), each built on a case the single-pass
//! layout before them got wrong: two lines of a paragraph on either side of a break, a
//! short list item never split, a table's note kept with it, a heading kept with what
//! follows however deep it sits, and no last page started for a few lines that fit on
//! the page before once its spaces are tightened. (Three table rows on either side of a
//! break and a heading kept with its table are in layout.rs.)
//!
//! The body is 708.66 pt high (A4 less 25 mm and 22 mm); a one-line filler paragraph
//! takes 21 pt (a 14 pt line and 7 pt after it).

mod common;

use common::{body_lines, lay, opts, renderer};

const TOP: f32 = 70.87; // 25 mm

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.02
}

/// `n` one-line filler paragraphs.
fn filler(n: usize) -> String {
    (1..=n).map(|i| format!("Paragraph {i}.\n\n")).collect()
}

/// Twelve paragraphs after what a test looks at, so that the last page is long enough
/// to stay a page of its own.
fn tail() -> String {
    (1..=12).map(|i| format!("Tail {i}.\n\n")).collect()
}

/// A paragraph that wraps into exactly `n` lines; its lines start "wN".
fn paragraph(n: usize) -> String {
    block("", n)
}

/// `prefix` (a list marker, a quote's) and words after it that wrap into exactly `n`
/// lines.
fn block(prefix: &str, n: usize) -> String {
    let r = renderer();
    let mut words = Vec::new();
    for i in 1.. {
        words.push(format!("w{i}"));
        let text = format!("{prefix}{}", words.join(" "));
        let l = r.layout(&text, &opts()).unwrap();
        if body_lines(&l.pages[0]).len() > n {
            words.pop();
            return format!("{prefix}{}\n\n", words.join(" "));
        }
    }
    unreachable!()
}

/// Lines of page `p` whose text starts with `prefix`.
fn count(l: &werkt_render::Layout, p: usize, prefix: &str) -> usize {
    body_lines(&l.pages[p])
        .iter()
        .filter(|x| x.2.starts_with(prefix))
        .count()
}

/// A five-line paragraph with room for one line left goes over whole: one line alone at
/// the foot of a page (an orphan) used to be left there.
#[test]
fn a_paragraph_never_leaves_one_line_at_the_foot_of_a_page() {
    // 33 paragraphs use 693 pt: 15.66 pt left, one line.
    let l = lay(&(filler(33) + &paragraph(5) + &tail()));
    assert_eq!(l.pages.len(), 2);
    assert_eq!(body_lines(&l.pages[0]).last().unwrap().2, "Paragraph 33.");
    assert_eq!(count(&l, 0, "w"), 0);
    assert_eq!(count(&l, 1, "w"), 5);
    assert!(body_lines(&l.pages[1])[0].2.starts_with("w1 "));
}

/// With room for four of five lines, three stay and two go: one line alone at the top of
/// the next page (a widow) used to go over.
#[test]
fn a_paragraph_never_leaves_one_line_at_the_top_of_a_page() {
    // 31 paragraphs use 651 pt: 57.66 pt left, four lines.
    let l = lay(&(filler(31) + &paragraph(5) + &tail()));
    assert_eq!(l.pages.len(), 2);
    assert_eq!(count(&l, 0, "w"), 3);
    assert_eq!(count(&l, 1, "w"), 2, "the item's other two lines");
    // Two, three or four lines never break at all; every split of every length leaves
    // two on either side.
    let r = renderer();
    for n in 2..=7 {
        let para = paragraph(n);
        for paras in 25..34 {
            let l = r
                .layout(&(filler(paras) + &para + &tail()), &opts())
                .unwrap();
            let parts: Vec<usize> = (0..l.pages.len())
                .map(|p| count(&l, p, "w"))
                .filter(|&c| c > 0)
                .collect();
            assert_eq!(parts.iter().sum::<usize>(), n);
            assert!(
                parts.iter().all(|&c| c >= 2) && (n >= 4 || parts.len() == 1),
                "{n} lines after {paras} paragraphs: {parts:?}"
            );
        }
    }
}

/// A list item of two short paragraphs is two lines: with room for one, the item goes
/// over whole, where its second paragraph used to start the next page alone.
#[test]
fn a_list_item_under_three_lines_is_never_split() {
    let item = "- First paragraph of the item.\n\n  Second paragraph of the item.\n\n";
    let l = lay(&(filler(33) + item + &tail()));
    assert_eq!(l.pages.len(), 2);
    assert_eq!(body_lines(&l.pages[0]).last().unwrap().2, "Paragraph 33.");
    let p2 = body_lines(&l.pages[1]);
    assert_eq!(p2[0].2, "• First paragraph of the item.");
    assert_eq!(p2[1].2, "Second paragraph of the item.");
    // A three-line item with room for two: it used to break two and one.
    let item = block("- ", 3);
    let l = lay(&(filler(32) + &item + &tail()));
    assert_eq!(count(&l, 0, "•"), 0);
    assert_eq!(count(&l, 1, "•"), 1);
    assert_eq!(count(&l, 1, "w"), 2, "the item's other two lines");
}

/// A table and the italic note under it (the templates' "figures about fewer than 5
/// people are hidden"): when the table fits and the note does not, the note used to open
/// the next page by itself; now a short table goes over with it, and a long one sends
/// its last three rows with it.
#[test]
fn a_note_stays_with_its_table() {
    fn table(rows: usize) -> String {
        let mut md = String::from("| Name | Value |\n|---|--:|\n");
        for i in 1..=rows {
            md.push_str(&format!("| Row {i} | {i} |\n"));
        }
        md + "\n*Figures about fewer than 5 people are hidden.*\n\n"
    }
    let note = "Figures about fewer than 5 people are hidden.";
    // 29 paragraphs leave 99.66 pt: the header and four rows (95 pt), not the note.
    let l = lay(&(filler(29) + &table(4) + &tail()));
    assert_eq!(l.pages.len(), 2);
    assert_eq!(body_lines(&l.pages[0]).last().unwrap().2, "Paragraph 29.");
    let p2 = body_lines(&l.pages[1]);
    assert_eq!(p2[0].2, "Name Value");
    assert_eq!(p2[5].2, note);
    // 23 paragraphs leave 225.66 pt: the header and ten rows (209 pt), not the note.
    let l = lay(&(filler(23) + &table(10) + &tail()));
    let p1 = body_lines(&l.pages[0]);
    assert_eq!(p1.last().unwrap().2, "Row 7 7");
    let p2 = body_lines(&l.pages[1]);
    assert_eq!(p2[0].2, "Name Value");
    assert_eq!(p2[1].2, "Row 8 8");
    assert_eq!(p2[4].2, note);
}

/// Forty paragraphs filled a page and put six on a second; the first page, its spaces
/// halved, takes all forty.
#[test]
fn a_short_last_page_is_pulled_back_by_tightening_the_page_before() {
    let l = lay(&filler(40));
    assert_eq!(l.pages.len(), 1);
    let p = body_lines(&l.pages[0]);
    assert_eq!(p.len(), 40);
    // 14 pt lines, 3.5 pt between them.
    assert!(close(p[39].0, TOP + 39.0 * 17.5 + 10.0), "{}", p[39].0);
    // A page the markup breaks is not pulled back.
    let l = lay("First.\n\n```pagebreak\n```\n\nSecond.\n");
    assert_eq!(l.pages.len(), 2);
    // Nor is one that does not fit when tightened: a table of 36 rows fills a page with
    // no space between its rows. The table then breaks earlier instead, so that the last
    // page holds a quarter page (the header, five rows and the three paragraphs; see
    // `a_chapter_end_too_short_to_pull_back_gets_more_of_the_page_before`).
    let mut md = String::from("| Name | Value |\n|---|--:|\n");
    for i in 1..=36 {
        md.push_str(&format!("| Row {i} | {i} |\n"));
    }
    let l = lay(&(md + "\n" + &filler(3)));
    assert_eq!(l.pages.len(), 2);
    assert_eq!(count(&l, 0, "Row"), 31);
    assert_eq!(count(&l, 1, "Row"), 5);
    assert_eq!(count(&l, 1, "Paragraph"), 3);
    // A last page of a quarter page or more stays: 34 fill the first, 9 (189 pt) follow.
    let l = lay(&filler(43));
    assert_eq!(l.pages.len(), 2);
}

/// Rule 1 wherever the heading is: inside a list item or a quotation, or at the end of a
/// run of five headings (the run used to be measured four deep, so the fifth could end
/// a page), no page ends with a heading, and its first two lines follow it.
#[test]
fn no_page_ends_with_a_heading_in_a_list_a_quote_or_a_long_run() {
    let text = "Its text, long enough to wrap onto a second line of the page, which is all that this test needs of it, and a few more words.";
    let cases = [
        (
            format!("- ### Heading in a list\n\n  {text}\n\n"),
            vec!["Heading in a list"],
        ),
        (
            format!("> ### Heading in a quote\n>\n> {text}\n\n"),
            vec!["Heading in a quote"],
        ),
        (
            format!("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n{text}\n\n"),
            vec!["One", "Two", "Three", "Four", "Five"],
        ),
    ];
    let r = renderer();
    for (md, headings) in &cases {
        for paras in 0..36 {
            let l = r.layout(&(filler(paras) + md + &tail()), &opts()).unwrap();
            for (i, p) in l.pages.iter().enumerate() {
                let body = body_lines(p);
                for h in headings {
                    let Some(k) = body.iter().position(|l| l.2.ends_with(h)) else {
                        continue;
                    };
                    let after = &body[k + 1..];
                    let ok = if Some(h) == headings.last() {
                        after.len() >= 2 && after[0].2.starts_with("Its text")
                    } else {
                        !after.is_empty()
                    };
                    assert!(ok, "{h:?} after {paras} paragraphs ends page {i}: {body:?}");
                }
            }
        }
    }
}

/// The same for the last page of a chapter, before the page break of the next: two lines
/// of a chapter's findings took a page of their own in the Dutch example report.
#[test]
fn a_short_page_before_a_page_break_is_pulled_back() {
    let md = filler(40) + "```pagebreak\n```\n\n# Next chapter\n\n" + &tail();
    let l = lay(&md);
    assert_eq!(l.pages.len(), 2, "the first chapter takes one page");
    assert_eq!(body_lines(&l.pages[0]).len(), 40);
    assert_eq!(body_lines(&l.pages[1])[0].2, "Next chapter");
}

/// A list counts its items as a paragraph counts lines: a six-item list with room for
/// five used to leave its last item alone at the top of the next page; now two go over.
#[test]
fn a_list_never_leaves_one_item_alone() {
    let list: String = (1..=6).map(|i| format!("- Item {i}.\n")).collect();
    // 30 paragraphs leave 78.66 pt: five items of 14 pt.
    let l = lay(&(filler(30) + &list + "\n" + &tail()));
    assert_eq!(count(&l, 0, "• Item"), 4);
    assert_eq!(count(&l, 1, "• Item"), 2);
}

/// When tightening cannot make room (a page of table rows has no spaces to give), the
/// page before ends at an earlier break instead, the latest that leaves the chapter's last
/// page a quarter page: here three rows go over with the heading and the whole paragraph,
/// where two lines of the paragraph were left alone on a page.
#[test]
fn a_chapter_end_too_short_to_pull_back_gets_more_of_the_page_before() {
    let mut table = String::from("| Name | Value |\n|---|--:|\n");
    for i in 1..=30 {
        table.push_str(&format!("| Row {i} | {i} |\n"));
    }
    // The table and heading leave room for five of the paragraph's seven lines.
    let md = format!(
        "{table}\n## Findings\n\n{}```pagebreak\n```\n\n# Next\n\n{}",
        paragraph(7),
        tail()
    );
    let l = lay(&md);
    assert_eq!(l.pages.len(), 3);
    assert_eq!(count(&l, 0, "Row"), 27);
    assert_eq!(count(&l, 1, "Row"), 3);
    assert_eq!(count(&l, 1, "Findings"), 1);
    assert_eq!(count(&l, 1, "w"), 7);
    assert_eq!(body_lines(&l.pages[2])[0].2, "Next");
}
