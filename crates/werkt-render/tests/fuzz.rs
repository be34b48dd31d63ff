//! Arbitrary markup never panics and always terminates (a cheap stand-in until the
//! parser gets a real fuzzer).

mod common;

use proptest::prelude::*;

const PIECES: &[&str] = &[
    "# H\n",
    "## Sub heading that is long enough to wrap maybe\n",
    "para text **bold** *it*\n",
    "\n",
    "- a\n",
    "  - b\n",
    "1. one\n",
    "> quote\n",
    "| a | b |\n",
    "|---|--:|\n",
    "| 1 | 2 |\n",
    "```chart\n",
    "```kpi\n",
    "```notice warning\n",
    "```cover\n",
    "```pagebreak\n",
    "```\n",
    "{\"kind\": \"bar\", \"categories\": [\"x\"], \"series\": [{\"name\": \"s\", \"values\": [null]}]}\n",
    "[{\"label\": \"l\", \"value\": \"v\"}]\n",
    "{\"title\": \"t\"}\n",
    "---\n",
    "€ ë – \u{1F600}\t\u{0}\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn pieces_never_panic(idx in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let md: String = idx.iter().map(|i| PIECES[*i]).collect();
        let r = common::renderer();
        if let Ok(l) = r.layout(&md, &common::opts()) {
            prop_assert!(!l.pages.is_empty());
        }
    }

    #[test]
    fn random_text_never_panics(md in ".{0,400}") {
        let _ = common::renderer().layout(&md, &common::opts());
    }
}
