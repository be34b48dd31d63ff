//! docs/recognised-headers.md lists exactly the headers and words `werkt init --from`
//! recognises: it is rendered here from the lists in the code and compared, so the two cannot
//! drift. `WERKT_WRITE_DOCS=1 cargo test -p werkt-core --test recognised_headers_doc` rewrites it.

use std::path::Path;

use werkt_core::ingest::recognise::synonyms::{HEADERS, RETURN_DATE_HEADERS, VALUES};

fn render() -> String {
    let mut out = String::from(
        "# Headers and values werkt recognises

`werkt init --from DIR` recognises each table of an HR export by its header row, not by its file
name. These are the headers it knows for each of werkt's columns, Dutch and English, compared
without regard to case, punctuation or extra spaces (\"Horizon (jaren)\", \"horizon_jaren\" and
\"HORIZON JAREN\" are the same). A column's own name (`employee_id`) is always recognised. When a
header row has several of them, the one listed first is taken. The table a file holds is the
one whose required columns it has; a file holds one table.

A header that is not listed is no problem: map it yourself in `[data.columns.<table>]`
(docs/configuration.md), and `werkt validate` reads it. Survey item columns are recognised by
their scale prefix (`uwes_`, `acap_`, `cc_`, from `[data.survey.scales]`).
",
    );
    let mut table = "";
    for (t, column, words) in HEADERS {
        if *t != table {
            out.push_str(&format!(
                "\n## {t}\n\n| column | headers recognised |\n|---|---|\n"
            ));
            table = t;
        }
        out.push_str(&format!("| `{column}` | {} |\n", words.join(", ")));
    }
    out.push_str(&format!(
        "
## Return dates

An absence end date under one of these headers is the *return date*, the first day fit again
(a Dutch *hersteldatum*), so `init --from` sets `data.absence.end_date = \"day_after\"`: the last
day of absence is the day before.

{}

## Values

Words in the export that `init --from` maps to werkt's values (`[data.absence.values.reason]`,
`[data.units.values.org_form]`), compared the same way. A word not listed is reported with the
key to set.

| column | werkt's value | words recognised |
|---|---|---|
",
        RETURN_DATE_HEADERS.join(", ")
    ));
    for (column, value, words) in VALUES {
        out.push_str(&format!(
            "| `{column}` | `{value}` | {} |\n",
            words.join(", ")
        ));
    }
    out
}

#[test]
fn the_docs_list_the_headers_the_code_recognises() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/recognised-headers.md");
    let rendered = render();
    if std::env::var_os("WERKT_WRITE_DOCS").is_some() {
        std::fs::write(&path, &rendered).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == rendered,
        "docs/recognised-headers.md is not what the code recognises; rewrite it with\n  WERKT_WRITE_DOCS=1 cargo test -p werkt-core --test recognised_headers_doc"
    );
}
