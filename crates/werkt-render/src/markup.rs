//! Report markup → blocks. CommonMark with GFM tables, parsed by pulldown-cmark, plus
//! our own fenced blocks (`cover`, `contents`, `kpi`, `chart`, `notice`, `pagebreak`; see
//! docs/report-markup.md). The result is a flat-ish tree the layout walks; nothing in
//! here panics on any input, and nesting is bounded so the layout's recursion is too.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::{
    error::RenderError,
    fences::{Chart, Contents, Cover, Kpi, NoticeLevel},
    fonts::Style,
};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text; `\n` is a hard line break.
    pub text: String,
    /// Its style.
    pub style: Style,
}

/// Horizontal alignment of a table column (from the GFM delimiter row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `---` or `:--`.
    Left,
    /// `:-:`.
    Center,
    /// `--:`: numbers.
    Right,
}

/// A GFM table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// One per column.
    pub aligns: Vec<Align>,
    /// Header cells.
    pub header: Vec<Vec<Span>>,
    /// Body rows, each with exactly `aligns.len()` cells.
    pub rows: Vec<Vec<Vec<Span>>>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `#`..`######`.
    Heading {
        /// 1..=6.
        level: u8,
        /// Inline content.
        spans: Vec<Span>,
    },
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A bullet (`start` None) or numbered list.
    List {
        /// Number of the first item of a numbered list.
        start: Option<u64>,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// `>` quote: laid out indented.
    Quote(Vec<Block>),
    /// A GFM table.
    Table(Table),
    /// Code block or fence without a kind: printed line by line.
    Preformatted(String),
    /// `---`.
    Rule,
    /// ```` ```cover ````.
    Cover(Cover),
    /// ```` ```kpi ````.
    Kpis(Vec<Kpi>),
    /// ```` ```pagebreak ````.
    PageBreak,
    /// ```` ```contents ````: the contents page goes here (laid out once the pages of
    /// the headings are known, see [`crate::contents`]).
    Contents(Contents),
    /// ```` ```notice [info|warning] ````.
    Notice {
        /// info or warning.
        level: NoticeLevel,
        /// Paragraphs and lists of the body.
        blocks: Vec<Block>,
    },
    /// ```` ```chart ````.
    Chart(Box<Chart>),
}

/// Deepest nesting of lists and quotes accepted.
pub const MAX_NESTING: usize = 8;

/// Parses report markup into blocks.
pub fn parse(markup: &str) -> Result<Vec<Block>, RenderError> {
    parse_at(markup, 0, 0)
}

enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    Item(Vec<Block>),
    List(Option<u64>, Vec<Vec<Block>>),
    Table {
        aligns: Vec<Align>,
        header: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        row: Vec<Vec<Span>>,
    },
}

#[derive(PartialEq)]
enum Target {
    Paragraph,
    Heading(u8),
    Cell,
    /// Text of a tight list item (no paragraph events around it).
    Implicit,
}

struct Inline {
    target: Target,
    spans: Vec<Span>,
}

struct Builder {
    stack: Vec<Frame>,
    inline: Option<Inline>,
    bold: u32,
    italic: u32,
    code: Option<(String, String, usize)>,
    line_starts: Vec<usize>,
    line_offset: usize,
    depth_base: usize,
}

impl Builder {
    fn line_of(&self, offset: usize) -> usize {
        let i = self.line_starts.partition_point(|&s| s <= offset);
        i.max(1) + self.line_offset
    }

    fn style(&self) -> Style {
        Style::from_flags(self.bold > 0, self.italic > 0)
    }

    fn push_text(&mut self, text: &str) {
        let style = self.style();
        let inline = self.inline.get_or_insert_with(|| Inline {
            target: Target::Implicit,
            spans: Vec::new(),
        });
        // Control characters would print as boxes; tabs are spaces in prose.
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
            .collect();
        match inline.spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(&clean),
            _ => inline.spans.push(Span { text: clean, style }),
        }
    }

    fn push_block(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Root(b) | Frame::Quote(b) | Frame::Item(b) => {
                    b.push(block);
                    return;
                }
                _ => continue,
            }
        }
    }

    fn flush_implicit(&mut self) {
        if self
            .inline
            .as_ref()
            .is_some_and(|i| i.target == Target::Implicit)
            && let Some(i) = self.inline.take()
            && !i.spans.is_empty()
        {
            self.push_block(Block::Paragraph(i.spans));
        }
    }

    fn nesting(&self) -> usize {
        self.depth_base
            + self
                .stack
                .iter()
                .filter(|f| matches!(f, Frame::Quote(_) | Frame::List(..)))
                .count()
    }

    fn open_nested(&mut self, frame: Frame, line: usize) -> Result<(), RenderError> {
        if self.nesting() >= MAX_NESTING {
            return Err(RenderError::markup(
                line,
                format!("lists and quotes are nested more than {MAX_NESTING} deep"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }
}

fn parse_at(
    markup: &str,
    line_offset: usize,
    depth_base: usize,
) -> Result<Vec<Block>, RenderError> {
    let mut line_starts = vec![0];
    line_starts.extend(markup.match_indices('\n').map(|(i, _)| i + 1));
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        inline: None,
        bold: 0,
        italic: 0,
        code: None,
        line_starts,
        line_offset,
        depth_base,
    };
    let parser = Parser::new_ext(markup, Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS);
    for (event, range) in parser.into_offset_iter() {
        let line = b.line_of(range.start);
        match event {
            Event::Start(tag) => start(&mut b, tag, line)?,
            Event::End(tag) => end(&mut b, tag, line)?,
            Event::Text(t) => match &mut b.code {
                Some((_, body, _)) => body.push_str(&t),
                None => b.push_text(&t),
            },
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => b.push_text(&t),
            Event::Html(t) | Event::InlineHtml(t) => match &mut b.code {
                Some((_, body, _)) => body.push_str(&t),
                None => b.push_text(t.trim_end_matches('\n')),
            },
            Event::FootnoteReference(t) => b.push_text(&format!("[{t}]")),
            Event::SoftBreak => b.push_text(" "),
            Event::HardBreak => b.push_text("\n"),
            Event::Rule => {
                b.flush_implicit();
                b.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => b.push_text(if done { "☑ " } else { "☐ " }),
        }
    }
    b.flush_implicit();
    match b.stack.into_iter().next() {
        Some(Frame::Root(blocks)) => Ok(blocks),
        _ => Ok(Vec::new()),
    }
}

fn start(b: &mut Builder, tag: Tag<'_>, line: usize) -> Result<(), RenderError> {
    match tag {
        Tag::Paragraph => {
            b.flush_implicit();
            b.inline = Some(Inline {
                target: Target::Paragraph,
                spans: Vec::new(),
            });
        }
        Tag::Heading { level, .. } => {
            b.flush_implicit();
            b.inline = Some(Inline {
                target: Target::Heading(level as u8),
                spans: Vec::new(),
            });
        }
        Tag::BlockQuote(_) => {
            b.flush_implicit();
            b.open_nested(Frame::Quote(Vec::new()), line)?;
        }
        Tag::List(start) => {
            b.flush_implicit();
            b.open_nested(Frame::List(start, Vec::new()), line)?;
        }
        Tag::Item => {
            b.flush_implicit();
            b.stack.push(Frame::Item(Vec::new()));
        }
        Tag::Table(aligns) => {
            b.flush_implicit();
            let aligns = aligns
                .iter()
                .map(|a| match a {
                    Alignment::Right => Align::Right,
                    Alignment::Center => Align::Center,
                    Alignment::Left | Alignment::None => Align::Left,
                })
                .collect();
            b.stack.push(Frame::Table {
                aligns,
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            });
        }
        Tag::TableHead | Tag::TableRow => {
            if let Some(Frame::Table { row, .. }) = b.stack.last_mut() {
                row.clear();
            }
        }
        Tag::TableCell => {
            b.inline = Some(Inline {
                target: Target::Cell,
                spans: Vec::new(),
            });
        }
        Tag::CodeBlock(kind) => {
            b.flush_implicit();
            let info = match kind {
                CodeBlockKind::Fenced(info) => info.to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            b.code = Some((info, String::new(), line));
        }
        Tag::Emphasis => b.italic += 1,
        Tag::Strong => b.bold += 1,
        _ => {}
    }
    Ok(())
}

fn end(b: &mut Builder, tag: TagEnd, _line: usize) -> Result<(), RenderError> {
    match tag {
        TagEnd::Paragraph | TagEnd::Heading(_) => {
            if let Some(i) = b.inline.take() {
                match i.target {
                    Target::Heading(level) => b.push_block(Block::Heading {
                        level,
                        spans: i.spans,
                    }),
                    _ if i.spans.is_empty() => {}
                    _ => b.push_block(Block::Paragraph(i.spans)),
                }
            }
        }
        TagEnd::BlockQuote(_) => {
            b.flush_implicit();
            if let Some(Frame::Quote(blocks)) = b.stack.last() {
                let blocks = blocks.clone();
                b.stack.pop();
                b.push_block(Block::Quote(blocks));
            }
        }
        TagEnd::Item => {
            b.flush_implicit();
            if let Some(Frame::Item(_)) = b.stack.last()
                && let Some(Frame::Item(blocks)) = b.stack.pop()
                && let Some(Frame::List(_, items)) = b.stack.last_mut()
            {
                items.push(blocks);
            }
        }
        TagEnd::List(_) => {
            b.flush_implicit();
            if let Some(Frame::List(..)) = b.stack.last()
                && let Some(Frame::List(start, items)) = b.stack.pop()
            {
                b.push_block(Block::List { start, items });
            }
        }
        TagEnd::TableCell => {
            let spans = b.inline.take().map(|i| i.spans).unwrap_or_default();
            if let Some(Frame::Table { row, .. }) = b.stack.last_mut() {
                row.push(spans);
            }
        }
        TagEnd::TableHead => {
            if let Some(Frame::Table { header, row, .. }) = b.stack.last_mut() {
                *header = std::mem::take(row);
            }
        }
        TagEnd::TableRow => {
            if let Some(Frame::Table {
                rows, row, aligns, ..
            }) = b.stack.last_mut()
            {
                let mut r = std::mem::take(row);
                r.resize(aligns.len(), Vec::new());
                rows.push(r);
            }
        }
        TagEnd::Table => {
            if let Some(Frame::Table { .. }) = b.stack.last()
                && let Some(Frame::Table {
                    aligns,
                    mut header,
                    rows,
                    ..
                }) = b.stack.pop()
            {
                header.resize(aligns.len(), Vec::new());
                b.push_block(Block::Table(Table {
                    aligns,
                    header,
                    rows,
                }));
            }
        }
        TagEnd::CodeBlock => {
            if let Some((info, body, line)) = b.code.take() {
                let block = fence(&info, &body, line, b.nesting())?;
                if let Some(block) = block {
                    b.push_block(block);
                }
            }
        }
        TagEnd::Emphasis => b.italic = b.italic.saturating_sub(1),
        TagEnd::Strong => b.bold = b.bold.saturating_sub(1),
        _ => {}
    }
    Ok(())
}

/// Turns a serde_json error into a message whose position is a markup line.
fn json_error(kind: &str, e: &serde_json::Error, fence_line: usize) -> RenderError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(&suffix).unwrap_or(&full);
    let at = if e.line() > 0 {
        format!(
            " (markup line {}, column {})",
            fence_line + e.line(),
            e.column()
        )
    } else {
        String::new()
    };
    RenderError::markup(
        fence_line,
        format!("`{kind}` block: invalid JSON spec: {msg}{at}"),
    )
}

fn fence(info: &str, body: &str, line: usize, depth: usize) -> Result<Option<Block>, RenderError> {
    let mut words = info.split_whitespace();
    let kind = words.next().unwrap_or("").to_ascii_lowercase();
    let rest: Vec<&str> = words.collect();
    let no_args = |kind: &str| -> Result<(), RenderError> {
        if rest.is_empty() {
            Ok(())
        } else {
            Err(RenderError::markup(
                line,
                format!(
                    "`{kind}` block takes no words after its name, got `{}`",
                    rest.join(" ")
                ),
            ))
        }
    };
    Ok(Some(match kind.as_str() {
        "" | "text" => Block::Preformatted(body.trim_end_matches('\n').to_string()),
        "cover" => {
            no_args("cover")?;
            let c: Cover = serde_json::from_str(body).map_err(|e| json_error("cover", &e, line))?;
            Block::Cover(c)
        }
        "kpi" => {
            no_args("kpi")?;
            let k: Vec<Kpi> =
                serde_json::from_str(body).map_err(|e| json_error("kpi", &e, line))?;
            werkt_markup::validate_kpis(&k)
                .map_err(|m| RenderError::markup(line, format!("`kpi` block {m}")))?;
            Block::Kpis(k)
        }
        "pagebreak" => {
            no_args("pagebreak")?;
            if !body.trim().is_empty() {
                return Err(RenderError::markup(line, "`pagebreak` block must be empty"));
            }
            Block::PageBreak
        }
        "contents" => {
            no_args("contents")?;
            let c: Contents = if body.trim().is_empty() {
                Contents::default()
            } else {
                serde_json::from_str(body).map_err(|e| json_error("contents", &e, line))?
            };
            c.validate()
                .map_err(|m| RenderError::markup(line, format!("`contents` block: {m}")))?;
            Block::Contents(c)
        }
        "chart" => {
            no_args("chart")?;
            let spec: werkt_markup::ChartSpec =
                serde_json::from_str(body).map_err(|e| json_error("chart", &e, line))?;
            let chart = Chart::try_from(spec)
                .map_err(|m| RenderError::markup(line, format!("`chart` block: {m}")))?;
            Block::Chart(Box::new(chart))
        }
        "notice" => {
            let level = match rest.as_slice() {
                [] | ["info"] => NoticeLevel::Info,
                ["warning"] => NoticeLevel::Warning,
                other => {
                    return Err(RenderError::markup(
                        line,
                        format!(
                            "`notice` level must be `info` or `warning`, got `{}`",
                            other.join(" ")
                        ),
                    ));
                }
            };
            let blocks = parse_at(body, line, depth + 1)?;
            for blk in &blocks {
                if !matches!(
                    blk,
                    Block::Paragraph(_) | Block::List { .. } | Block::Quote(_)
                ) {
                    return Err(RenderError::markup(
                        line,
                        "a `notice` holds paragraphs and lists only (no headings, tables or fenced blocks)",
                    ));
                }
            }
            Block::Notice { level, blocks }
        }
        other => {
            return Err(RenderError::markup(
                line,
                format!(
                    "unknown fenced block `{other}`; expected cover, contents, kpi, chart, notice, pagebreak, \
                     or no name for preformatted text"
                ),
            ));
        }
    }))
}

/// The plain text of spans (for outlines and measurements).
pub fn plain(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| s.text.as_str())
        .collect::<String>()
        .replace('\n', " ")
}
