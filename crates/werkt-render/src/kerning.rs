//! Pair kerning, read once per face when the [`crate::FontSet`] is built: from the GPOS
//! table's `kern` feature (PairPos lookups, format 1 glyph pairs and format 2 class pairs,
//! also behind extension lookups) or, for a font without one, from the legacy `kern` table
//! (format 0). Only the horizontal advance of the first glyph is used (what kerning pairs
//! set); positioning of marks and vertical adjustments are not kerning.
//!
//! The tables are kept as the font has them (sorted glyph pairs; glyph → class arrays and a
//! class × class matrix), not expanded into every pair, and a glyph that starts no pair is
//! rejected with one array read: text is measured a character at a time while wrapping,
//! so a lookup must cost next to nothing.

use std::borrow::Cow;

use allsorts::{binary::read::ReadScope, font_data::FontData, tables::FontTableProvider, tag};

/// A face's kerning pairs in font units.
#[derive(Default)]
pub struct Kerning {
    /// Per glyph: whether any table kerns it as the first of a pair.
    left: Vec<bool>,
    /// The kern feature's lookups in lookup-list order; each adds its adjustment. Within
    /// a lookup the first subtable that matches the pair gives it (OpenType's rule).
    lookups: Vec<Vec<Subtable>>,
}

/// No class: the glyph is not in the subtable's coverage.
const NONE: u16 = u16::MAX;

enum Subtable {
    /// Glyph pairs: `(first << 16) | second`, sorted, with their adjustments.
    Pairs { keys: Vec<u32>, values: Vec<i16> },
    /// Class pairs: the first glyph's class ([`NONE`] outside the coverage), the second
    /// glyph's class (0 for any glyph not listed) and the class1 × class2 matrix.
    Classes {
        first: Vec<u16>,
        second: Vec<u16>,
        columns: usize,
        values: Vec<i16>,
    },
}

impl Subtable {
    #[inline]
    fn get(&self, a: u16, b: u16) -> Option<i16> {
        match self {
            Subtable::Pairs { keys, values } => {
                let key = (u32::from(a) << 16) | u32::from(b);
                keys.binary_search(&key).ok().map(|i| values[i])
            }
            Subtable::Classes {
                first,
                second,
                columns,
                values,
            } => {
                let c1 = *first.get(usize::from(a))?;
                if c1 == NONE {
                    return None;
                }
                let c2 = second.get(usize::from(b)).copied().unwrap_or(0);
                values
                    .get(usize::from(c1) * columns + usize::from(c2))
                    .copied()
            }
        }
    }

    fn mark_left(&self, left: &mut [bool]) {
        match self {
            Subtable::Pairs { keys, .. } => {
                for k in keys {
                    if let Some(l) = left.get_mut((k >> 16) as usize) {
                        *l = true;
                    }
                }
            }
            Subtable::Classes { first, .. } => {
                for (g, c) in first.iter().enumerate() {
                    if *c != NONE
                        && let Some(l) = left.get_mut(g)
                    {
                        *l = true;
                    }
                }
            }
        }
    }
}

impl Kerning {
    /// Reads the kerning of a font with `glyphs` glyphs. A font without kerning, or with
    /// tables this reader cannot follow, gets none: kerning is a refinement, never a reason
    /// to refuse a font.
    pub fn read(bytes: &[u8], glyphs: usize) -> Kerning {
        let Ok(data) = ReadScope::new(bytes).read::<FontData<'_>>() else {
            return Kerning::default();
        };
        let Ok(provider) = data.table_provider(0) else {
            return Kerning::default();
        };
        let table = |t: u32| -> Option<Cow<'_, [u8]>> { provider.table_data(t).ok().flatten() };
        let mut lookups = table(tag::GPOS)
            .and_then(|gpos| gpos_kern(&gpos, glyphs))
            .unwrap_or_default();
        if lookups.is_empty() {
            lookups = table(tag::KERN)
                .and_then(|kern| legacy_kern(&kern))
                .unwrap_or_default();
        }
        lookups.retain(|l| !l.is_empty());
        let mut left = vec![false; glyphs];
        for sub in lookups.iter().flatten() {
            sub.mark_left(&mut left);
        }
        Kerning { left, lookups }
    }

    /// The adjustment between glyphs `a` and `b` (added to `a`'s advance), font units.
    #[inline]
    pub fn get(&self, a: u16, b: u16) -> i32 {
        if !self.left.get(usize::from(a)).copied().unwrap_or(false) {
            return 0;
        }
        let mut sum = 0;
        for lookup in &self.lookups {
            if let Some(v) = lookup.iter().find_map(|s| s.get(a, b)) {
                sum += i32::from(v);
            }
        }
        sum
    }

    /// Whether the font kerns anything at all.
    pub fn is_empty(&self) -> bool {
        self.lookups.is_empty()
    }
}

/// Big-endian reads that fail instead of panicking past the end.
#[derive(Clone, Copy)]
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn u16(self, at: usize) -> Option<u16> {
        let b = self.0.get(at..at.checked_add(2)?)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }
    fn i16(self, at: usize) -> Option<i16> {
        self.u16(at).map(|v| v as i16)
    }
    fn u32(self, at: usize) -> Option<u32> {
        let b = self.0.get(at..at.checked_add(4)?)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn at(self, offset: usize) -> Option<Bytes<'a>> {
        self.0.get(offset..).map(Bytes)
    }
    fn len(self) -> usize {
        self.0.len()
    }
}

const KERN_TAG: u32 = u32::from_be_bytes(*b"kern");
const LATN: u32 = u32::from_be_bytes(*b"latn");
const DFLT: u32 = u32::from_be_bytes(*b"DFLT");

/// The lookups of GPOS's `kern` feature, as the default language of the Latin script
/// (else of the default script) lists them; all `kern` features when neither lists one.
fn gpos_kern(gpos: &[u8], glyphs: usize) -> Option<Vec<Vec<Subtable>>> {
    let t = Bytes(gpos);
    if t.u16(0)? != 1 {
        return None;
    }
    let scripts = t.at(usize::from(t.u16(4)?))?;
    let features = t.at(usize::from(t.u16(6)?))?;
    let lookup_list = t.at(usize::from(t.u16(8)?))?;

    // Feature indices of a script's default language system.
    let default_features = |script_tag: u32| -> Option<Vec<u16>> {
        let n = usize::from(scripts.u16(0)?);
        let record = (0..n).find(|i| scripts.u32(2 + 6 * i) == Some(script_tag))?;
        let script = scripts.at(usize::from(scripts.u16(2 + 6 * record + 4)?))?;
        let lang_sys = match script.u16(0)? {
            0 => return None,
            offset => script.at(usize::from(offset))?,
        };
        let count = usize::from(lang_sys.u16(4)?);
        (0..count).map(|i| lang_sys.u16(6 + 2 * i)).collect()
    };
    let feature_count = usize::from(features.u16(0)?);
    let is_kern = |i: usize| features.u32(2 + 6 * i) == Some(KERN_TAG);
    let mut chosen: Vec<usize> = [LATN, DFLT]
        .into_iter()
        .filter_map(default_features)
        .map(|f| {
            f.into_iter()
                .map(usize::from)
                .filter(|&i| i < feature_count && is_kern(i))
                .collect::<Vec<_>>()
        })
        .find(|f| !f.is_empty())
        .unwrap_or_default();
    if chosen.is_empty() {
        chosen = (0..feature_count).filter(|&i| is_kern(i)).collect();
    }
    let mut lookup_indices = Vec::new();
    for i in chosen {
        let feature = features.at(usize::from(features.u16(2 + 6 * i + 4)?))?;
        let n = usize::from(feature.u16(2)?);
        for j in 0..n {
            lookup_indices.push(feature.u16(4 + 2 * j)?);
        }
    }
    lookup_indices.sort_unstable();
    lookup_indices.dedup();

    let lookup_count = lookup_list.u16(0)?;
    let mut out = Vec::new();
    for index in lookup_indices.into_iter().filter(|&i| i < lookup_count) {
        let lookup = lookup_list.at(usize::from(lookup_list.u16(2 + 2 * usize::from(index))?))?;
        let kind = lookup.u16(0)?;
        let n = usize::from(lookup.u16(4)?);
        let mut subtables = Vec::new();
        for k in 0..n {
            let mut sub = lookup.at(usize::from(lookup.u16(6 + 2 * k)?))?;
            let mut sub_kind = kind;
            if kind == 9 {
                // Extension: the real subtable is further on, at a 32-bit offset.
                sub_kind = sub.u16(2)?;
                sub = sub.at(sub.u32(4)? as usize)?;
            }
            if sub_kind != 2 {
                continue;
            }
            // A subtable this reader cannot follow is left out; the others still count.
            if let Some(s) = pair_pos(sub, glyphs) {
                subtables.push(s);
            }
        }
        out.push(subtables);
    }
    Some(out)
}

/// Size of a ValueRecord with `format`, and where its XAdvance is (if it has one).
fn value_record(format: u16) -> (usize, Option<usize>) {
    let size = 2 * (format & 0xFF).count_ones() as usize;
    let x_advance = (format & 0x4 != 0).then(|| 2 * (format & 0x3).count_ones() as usize);
    (size, x_advance)
}

fn pair_pos(t: Bytes<'_>, glyphs: usize) -> Option<Subtable> {
    let format = t.u16(0)?;
    let coverage = coverage(t.at(usize::from(t.u16(2)?))?)?;
    let (size1, x_advance) = value_record(t.u16(4)?);
    let (size2, _) = value_record(t.u16(6)?);
    let x_advance = x_advance?;
    match format {
        1 => {
            let sets = usize::from(t.u16(8)?);
            let mut pairs: Vec<(u32, i16)> = Vec::new();
            for (first, index) in coverage {
                let index = usize::from(index);
                if index >= sets {
                    continue;
                }
                let set = t.at(usize::from(t.u16(10 + 2 * index)?))?;
                let n = usize::from(set.u16(0)?);
                let record = 2 + size1 + size2;
                for r in 0..n {
                    let at = 2 + r * record;
                    let second = set.u16(at)?;
                    // A pair of 0 is kept: it still ends the search of its lookup.
                    let value = set.i16(at + 2 + x_advance)?;
                    pairs.push(((u32::from(first) << 16) | u32::from(second), value));
                }
            }
            // A pair listed twice keeps its first value, as a lookup reading the set would.
            pairs.sort_by_key(|p| p.0);
            pairs.dedup_by_key(|p| p.0);
            let (keys, values) = pairs.into_iter().unzip();
            Some(Subtable::Pairs { keys, values })
        }
        2 => {
            let class1 = class_def(t.at(usize::from(t.u16(8)?))?, glyphs)?;
            let class2 = class_def(t.at(usize::from(t.u16(10)?))?, glyphs)?;
            let rows = usize::from(t.u16(12)?);
            let columns = usize::from(t.u16(14)?);
            let record = size1 + size2;
            // The matrix must be in the table: a corrupt count cannot make us allocate more.
            if 16 + rows * columns * record > t.len() {
                return None;
            }
            let mut values = Vec::with_capacity(rows * columns);
            for r in 0..rows {
                for c in 0..columns {
                    values.push(t.i16(16 + (r * columns + c) * record + x_advance)?);
                }
            }
            let mut first = vec![NONE; glyphs];
            for (g, _) in coverage {
                if let Some(slot) = first.get_mut(usize::from(g)) {
                    let c = class1.get(usize::from(g)).copied().unwrap_or(0);
                    *slot = if usize::from(c) < rows { c } else { NONE };
                }
            }
            let second = class2
                .into_iter()
                .map(|c| if usize::from(c) < columns { c } else { 0 })
                .collect();
            Some(Subtable::Classes {
                first,
                second,
                columns,
                values,
            })
        }
        _ => None,
    }
}

/// A Coverage table as (glyph, coverage index) pairs.
fn coverage(t: Bytes<'_>) -> Option<Vec<(u16, u16)>> {
    match t.u16(0)? {
        1 => {
            let n = usize::from(t.u16(2)?);
            (0..n)
                .map(|i| Some((t.u16(4 + 2 * i)?, i as u16)))
                .collect()
        }
        2 => {
            let n = usize::from(t.u16(2)?);
            let mut out = Vec::new();
            for i in 0..n {
                let at = 4 + 6 * i;
                let (start, end, index) = (t.u16(at)?, t.u16(at + 2)?, t.u16(at + 4)?);
                for g in start..=end {
                    out.push((g, index.wrapping_add(g - start)));
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// A ClassDef table as a class per glyph (0 for glyphs it does not list).
fn class_def(t: Bytes<'_>, glyphs: usize) -> Option<Vec<u16>> {
    let mut classes = vec![0u16; glyphs];
    match t.u16(0)? {
        1 => {
            let start = usize::from(t.u16(2)?);
            let n = usize::from(t.u16(4)?);
            for i in 0..n {
                if let Some(slot) = classes.get_mut(start + i) {
                    *slot = t.u16(6 + 2 * i)?;
                }
            }
        }
        2 => {
            let n = usize::from(t.u16(2)?);
            for i in 0..n {
                let at = 4 + 6 * i;
                let (start, end, class) = (t.u16(at)?, t.u16(at + 2)?, t.u16(at + 4)?);
                let end = usize::from(end).min(glyphs.saturating_sub(1));
                for slot in classes.iter_mut().take(end + 1).skip(usize::from(start)) {
                    *slot = class;
                }
            }
        }
        _ => return None,
    }
    Some(classes)
}

/// The legacy `kern` table (Microsoft version 0): each horizontal format 0 subtable that
/// holds kerning values (not minimums, not cross-stream) is a lookup of its own, as the
/// values of the subtables add up.
fn legacy_kern(kern: &[u8]) -> Option<Vec<Vec<Subtable>>> {
    let t = Bytes(kern);
    if t.u16(0)? != 0 {
        return None;
    }
    let n = usize::from(t.u16(2)?);
    let mut at = 4;
    let mut out = Vec::new();
    for _ in 0..n {
        let sub = t.at(at)?;
        let length = usize::from(sub.u16(2)?);
        let cover = sub.u16(4)?;
        let (format, horizontal, minimum, cross) =
            (cover >> 8, cover & 1 != 0, cover & 2 != 0, cover & 4 != 0);
        if format == 0 && horizontal && !minimum && !cross {
            let pairs = usize::from(sub.u16(6)?);
            let mut list: Vec<(u32, i16)> = (0..pairs)
                .map(|i| {
                    let p = 14 + 6 * i;
                    Some((sub.u32(p)?, sub.i16(p + 4)?))
                })
                .collect::<Option<_>>()?;
            list.sort_by_key(|p| p.0);
            list.dedup_by_key(|p| p.0);
            let (keys, values) = list.into_iter().unzip();
            out.push(vec![Subtable::Pairs { keys, values }]);
        }
        // The length field is 16 bits and some fonts overflow it with one big subtable.
        if length < 6 {
            break;
        }
        at += length;
    }
    Some(out)
}
