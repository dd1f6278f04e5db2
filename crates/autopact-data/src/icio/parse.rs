//! The streaming, parallel parser behind the ICIO reader.
//!
//! Why it is built this way: a 3,465-sector ICIO table is ~150 MB of text
//! and an EXIOBASE-size one (9,800) ~1.2 GB; pandas needs tens of seconds
//! and holds text and frame at once. Here
//!
//! 1. a reader thread decompresses (zlib-rs) and hashes the stored bytes,
//!    and hands over chunks of whole lines (1 MiB) through a channel of
//!    depth 2, so reading overlaps parsing and at most a few chunks of text
//!    are alive at once (they are handed back and refilled, not
//!    reallocated);
//! 2. the lines of a chunk are parsed in parallel (rayon) — short decimals
//!    by an exact fast path, the rest with `fast-float2` — into a
//!    row-major scratch buffer, each line checked for
//!    its cell count, empty cells, non-numbers and NaN/inf;
//! 3. the scratch rows are scattered, in parallel by column blocks, into the
//!    column-major faer matrices Z and Y at the positions the labels call
//!    for (adding, when CN/MX splits are merged).
//!
//! Peak memory is therefore Z + Y + a few chunks, never the whole text.
//! No `unsafe`: the parallel writes are split by column with faer's
//! `par_col_chunks_mut`.

use std::borrow::Cow;
use std::sync::mpsc;

use autopact_core::Location;
use autopact_mrio::Dense;
use faer::reborrow::ReborrowMut;
use faer::{Mat, MatMut};
use rayon::prelude::*;

use super::layout::{ColKind, Header, Plan, col_name};
use crate::error::{DataError, Result};
use crate::source::Input;

/// Size of the text chunks handed from the reader thread to the parser:
/// small enough that parsing starts soon after the first bytes are
/// inflated, that a chunk's parsed rows stay in cache for the scatter and
/// that the chunks and the scratch rows (a chunk's lines × the columns)
/// take few fresh pages (page faults were 40% of reading WIOD 2011 with
/// 4 MiB chunks: 11,100 faults, 7,150 with 1 MiB), large enough that the
/// parallel parse of a chunk is worth dispatching.
const CHUNK: usize = 1 << 20;

/// A line of a chunk: byte range and 1-based line number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    start: usize,
    end: usize,
    no: u64,
}

/// Splits a chunk into non-blank lines (without `\r\n`); returns how many
/// physical lines the chunk holds.
fn split_lines(chunk: &[u8], first: u64, out: &mut Vec<Line>) -> u64 {
    out.clear();
    let mut start = 0;
    let mut no = first;
    let mut push = |s: usize, mut e: usize, no: u64| {
        if e > s && chunk[e - 1] == b'\r' {
            e -= 1;
        }
        if chunk[s..e].iter().any(|b| !b.is_ascii_whitespace()) {
            out.push(Line {
                start: s,
                end: e,
                no,
            });
        }
    };
    for p in memchr::memchr_iter(b'\n', chunk) {
        push(start, p, no);
        no += 1;
        start = p + 1;
    }
    if start < chunk.len() {
        push(start, chunk.len(), no);
        no += 1;
    }
    no - first
}

/// What the pass wants from the driver after a chunk.
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// Receives what [`drive`] reads.
pub(crate) trait Handler {
    /// Line 1, without its line ending and byte-order mark.
    fn header(&mut self, line: &str) -> Result<Flow>;
    /// A chunk of whole lines (the header excluded) and its non-blank lines.
    fn chunk(&mut self, bytes: &[u8], lines: &[Line]) -> Result<Flow>;
}

/// Streams `input` in chunks of whole lines to `handler`. Returns the
/// SHA-256 of the stored bytes (empty when the handler stopped early).
pub(crate) fn drive(input: &Input<'_>, handler: &mut dyn Handler) -> Result<String> {
    let name = input.name();
    let loc = Location::source(&name);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<std::io::Result<(Vec<u8>, usize)>>(2);
        // Parsed chunks come back to be refilled: no fresh pages (and page
        // faults) and no zero-fill per chunk.
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let reader = scope.spawn(move || -> std::io::Result<Option<String>> {
            let mut d = match input.open() {
                Ok(d) => d,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return Ok(None);
                }
            };
            let mut carry: Vec<u8> = Vec::new();
            loop {
                let mut buf = back_rx.try_recv().unwrap_or_default();
                let target = CHUNK.max(carry.len() * 2);
                if buf.len() < target {
                    buf.resize(target, 0);
                }
                buf[..carry.len()].copy_from_slice(&carry);
                let mut len = carry.len();
                carry.clear();
                let mut eof = false;
                while len < target {
                    match std::io::Read::read(&mut d, &mut buf[len..target]) {
                        Ok(0) => {
                            eof = true;
                            break;
                        }
                        Ok(k) => len += k,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return Ok(None);
                        }
                    }
                }
                if eof {
                    if len > 0 && tx.send(Ok((buf, len))).is_err() {
                        return Ok(None);
                    }
                    break;
                }
                match memchr::memrchr(b'\n', &buf[..len]) {
                    Some(p) => {
                        carry.extend_from_slice(&buf[p + 1..len]);
                        if tx.send(Ok((buf, p + 1))).is_err() {
                            return Ok(None);
                        }
                    }
                    // A line longer than the chunk: read on into a bigger one.
                    None => carry.extend_from_slice(&buf[..len]),
                }
            }
            drop(tx);
            d.finish()
        });

        let mut lines = Vec::new();
        let mut next_line: u64 = 1;
        let mut got_header = false;
        let mut stopped = false;
        let mut result: Result<()> = Ok(());
        for msg in rx.iter() {
            let (bytes, valid) = match msg {
                Ok(b) => b,
                Err(e) => {
                    result = Err(DataError::io(&name, e));
                    break;
                }
            };
            let mut body: &[u8] = &bytes[..valid];
            if !got_header {
                got_header = true;
                let end = memchr::memchr(b'\n', body).unwrap_or(body.len());
                let mut h = &body[..end];
                if h.starts_with(&[0xef, 0xbb, 0xbf]) {
                    h = &h[3..];
                }
                if h.ends_with(b"\r") {
                    h = &h[..h.len() - 1];
                }
                let h = match std::str::from_utf8(h) {
                    Ok(h) => h,
                    Err(_) => {
                        result = Err(DataError::at(
                            loc.at_row(1),
                            "the header line is not UTF-8 text; save the file as UTF-8 CSV",
                        ));
                        break;
                    }
                };
                match handler.header(h) {
                    Ok(Flow::Continue) => {}
                    Ok(Flow::Stop) => {
                        stopped = true;
                        break;
                    }
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
                body = if end < body.len() {
                    &body[end + 1..]
                } else {
                    &[]
                };
                next_line = 2;
            }
            let n = split_lines(body, next_line, &mut lines);
            next_line += n;
            match handler.chunk(body, &lines) {
                Ok(Flow::Continue) => {}
                Ok(Flow::Stop) => {
                    stopped = true;
                    break;
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            let _ = back_tx.send(bytes);
        }
        drop(rx);
        let digest = reader.join().map_err(|_| DataError::ThreadFailed {
            file: name.to_string(),
            thread: "reader",
        })?;
        result?;
        if !got_header {
            return Err(DataError::at(
                loc,
                "the file is empty; expected an ICIO table with a header line",
            ));
        }
        if stopped {
            return Ok(String::new());
        }
        let digest = digest.map_err(|e| DataError::io(&name, e))?;
        Ok(digest.or_else(|| input.bytes_digest()).unwrap_or_default())
    })
}

/// A row that is not an industry: a factor input or the output row.
#[derive(Debug, Clone)]
pub(crate) struct SpecialRow {
    pub line: u64,
    pub label: String,
    pub values: Vec<f64>,
}

/// What one full pass collected.
pub(crate) struct Acc {
    pub z: Dense,
    pub y: Mat<f64>,
    /// Totals column by target index.
    pub x_col: Vec<f64>,
    /// Line of each source industry row (0 = not seen).
    pub row_line: Vec<u64>,
    pub specials: Vec<SpecialRow>,
    /// Rows whose label is a (guessed) final-demand column label.
    pub unexpected: Vec<(u64, String)>,
}

enum LineKind<'a> {
    Industry(usize),
    /// Label of a header column that the plan holds as final demand.
    HeaderOther(Cow<'a, str>),
    Other(Cow<'a, str>),
}

/// The label (first field) of a line and the offset where values start.
fn line_label(line: &[u8]) -> std::result::Result<(Cow<'_, str>, usize), &'static str> {
    let (raw, next) = if line.first() == Some(&b'"') {
        // Quoted label: find the closing quote (doubled quotes escape).
        let mut i = 1;
        let mut s = Vec::new();
        loop {
            match memchr::memchr(b'"', &line[i..]) {
                None => return Err("unterminated quote in the row label"),
                Some(p) => {
                    s.extend_from_slice(&line[i..i + p]);
                    let q = i + p;
                    if line.get(q + 1) == Some(&b'"') {
                        s.push(b'"');
                        i = q + 2;
                    } else {
                        let rest = &line[q + 1..];
                        let c = memchr::memchr(b',', rest).map_or(line.len(), |c| q + 1 + c);
                        if line[q + 1..c].iter().any(|b| !b.is_ascii_whitespace()) {
                            return Err("text after the closing quote of the row label");
                        }
                        break (Cow::Owned(s), c + 1);
                    }
                }
            }
        }
    } else {
        let c = memchr::memchr(b',', line).unwrap_or(line.len());
        (Cow::Borrowed(&line[..c]), c + 1)
    };
    let label = match raw {
        Cow::Borrowed(b) => Cow::Borrowed(
            std::str::from_utf8(b)
                .map_err(|_| "the row label is not UTF-8 text")?
                .trim(),
        ),
        Cow::Owned(b) => Cow::Owned(
            String::from_utf8(b)
                .map_err(|_| "the row label is not UTF-8 text")?
                .trim()
                .to_string(),
        ),
    };
    Ok((label, next))
}

fn cell_error(
    loc: &Location,
    line: &Line,
    header: &Header,
    j: usize,
    msg: impl Into<String>,
) -> DataError {
    DataError::at(
        loc.at_row(line.no)
            .at_column(col_name(&header.labels[j], j)),
        msg,
    )
}

/// Exact powers of ten (every one is a double).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `[-]digits[.digits]` with at most 15 digits in all, ended by a comma or
/// the end of the line: the value and the bytes used, or `None` (then the
/// general parser decides). Exact by Clinger's fast path: the digits m
/// (< 10¹⁵ < 2⁵³) and 10^f (f ≤ 15) are both doubles, so m / 10^f, one
/// correctly rounded division, is the correctly rounded decimal.
#[inline]
fn short_decimal(s: &[u8]) -> Option<(f64, usize)> {
    let neg = s.first() == Some(&b'-');
    let mut i = usize::from(neg);
    let start = i;
    let mut m: u64 = 0;
    while let Some(&b) = s.get(i).filter(|b| b.is_ascii_digit()) {
        m = m.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
        i += 1;
    }
    let int_digits = i - start;
    if int_digits == 0 {
        return None;
    }
    let mut frac = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        let f0 = i;
        while let Some(&b) = s.get(i).filter(|b| b.is_ascii_digit()) {
            m = m.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            i += 1;
        }
        frac = i - f0;
    }
    if int_digits + frac > 15 || (i < s.len() && s[i] != b',') {
        return None;
    }
    let v = m as f64 / POW10[frac];
    Some((if neg { -v } else { v }, i))
}

/// Parses the values of one line into `out` (one per header column).
fn parse_values(
    bytes: &[u8],
    mut pos: usize,
    out: &mut [f64],
    line: &Line,
    header: &Header,
    loc: &Location,
) -> Result<()> {
    let ncols = out.len();
    for (j, slot) in out.iter_mut().enumerate() {
        if pos > bytes.len() {
            let cells = j + 1;
            return Err(DataError::at(
                loc.at_row(line.no)
                    .at_column(col_name(&header.labels[j], j)),
                format!(
                    "the line ends after {cells} cells but the header has {} columns; \
                     the line is truncated or a value is missing",
                    ncols + 1
                ),
            ));
        }
        let rest = &bytes[pos..];
        // Fastest path: a lone 0, most of the cells of a real table.
        if rest.first() == Some(&b'0') && rest.get(1).is_none_or(|&c| c == b',') {
            *slot = 0.0;
            pos += 2;
            continue;
        }
        // Fast path: a plain decimal of at most 15 digits (every 0, whole
        // units, and the 3–6 significant digits of published tables).
        if let Some((v, used)) = short_decimal(rest) {
            *slot = v;
            pos += used + 1;
            continue;
        }
        let v = match fast_float2::parse_partial::<f64, _>(rest) {
            Ok((v, used)) if used > 0 && (used == rest.len() || rest[used] == b',') => {
                pos += used + 1;
                v
            }
            _ => {
                // Slow path: spaces, quotes, empty cells and errors.
                let end = memchr::memchr(b',', rest).unwrap_or(rest.len());
                let mut field = rest[..end].trim_ascii();
                pos += end + 1;
                if field.len() >= 2 && field[0] == b'"' && field[field.len() - 1] == b'"' {
                    field = field[1..field.len() - 1].trim_ascii();
                }
                if field.is_empty() {
                    return Err(cell_error(
                        loc,
                        line,
                        header,
                        j,
                        "empty cell; write 0 if the value is zero (autopact does not guess \
                         missing values)",
                    ));
                }
                match fast_float2::parse::<f64, _>(field) {
                    Ok(v) => v,
                    Err(_) => {
                        let shown = String::from_utf8_lossy(&field[..field.len().min(40)]);
                        return Err(cell_error(
                            loc,
                            line,
                            header,
                            j,
                            format!("not a number: {shown:?}; every cell must be a decimal number"),
                        ));
                    }
                }
            }
        };
        if !v.is_finite() {
            return Err(cell_error(
                loc,
                line,
                header,
                j,
                format!("{v} is not allowed; every cell must be a finite number"),
            ));
        }
        *slot = v;
    }
    if pos <= bytes.len() {
        let cells = ncols + 1 + memchr::memchr_iter(b',', &bytes[pos - 1..]).count();
        return Err(DataError::at(
            loc.at_row(line.no)
                .at_column(format!("column {}", ncols + 2)),
            format!(
                "the line has {cells} cells but the header has {} columns; \
                 remove the extra cells (or a stray comma)",
                ncols + 1
            ),
        ));
    }
    Ok(())
}

/// One full pass with a given plan.
///
/// In guess mode (`exact_rows` is `None`) the industry columns are guessed
/// from the header, and the pass stops (setting `mismatch`) as soon as the
/// rows contradict the guess; in exact mode they are the header labels
/// found among `exact_rows`.
pub(crate) struct FullPass<'o> {
    pub opts: &'o crate::ReadOptions,
    pub loc: Location,
    pub exact_rows: Option<std::collections::HashSet<String>>,
    pub header: Option<Header>,
    pub plan: Option<Plan>,
    pub acc: Option<Acc>,
    buf: Vec<f64>,
    /// Set when the guess turned out wrong.
    pub mismatch: bool,
}

impl<'o> FullPass<'o> {
    pub(crate) fn new(
        opts: &'o crate::ReadOptions,
        loc: Location,
        exact_rows: Option<std::collections::HashSet<String>>,
    ) -> Self {
        Self {
            opts,
            loc,
            exact_rows,
            header: None,
            plan: None,
            acc: None,
            buf: Vec::new(),
            mismatch: false,
        }
    }
}

impl Handler for FullPass<'_> {
    fn header(&mut self, line: &str) -> Result<Flow> {
        let header = Header::new(split_header(line, &self.loc)?, &self.loc)?;
        let industry_cols: Vec<usize> = match &self.exact_rows {
            Some(rows) => header
                .labels
                .iter()
                .enumerate()
                .filter(|(_, l)| !super::layout::is_totals_column(l) && rows.contains(*l))
                .map(|(j, _)| j)
                .collect(),
            None => super::layout::guess_industry_columns(&header),
        };
        let plan = match super::layout::build_plan(&header, &industry_cols, self.opts, &self.loc) {
            Ok(p) => p,
            Err(_) if self.exact_rows.is_none() => {
                self.mismatch = true;
                return Ok(Flow::Stop);
            }
            Err(e) => return Err(e),
        };
        let n = plan.n();
        self.acc = Some(Acc {
            z: prefaulted(n),
            y: Mat::zeros(n, plan.fd.len()),
            x_col: vec![0.0; n],
            row_line: vec![0; plan.industries.len()],
            specials: Vec::new(),
            unexpected: Vec::new(),
        });
        self.header = Some(header);
        self.plan = Some(plan);
        Ok(Flow::Continue)
    }

    fn chunk(&mut self, bytes: &[u8], lines: &[Line]) -> Result<Flow> {
        if lines.is_empty() {
            return Ok(Flow::Continue);
        }
        let guess = self.exact_rows.is_none();
        let (Some(header), Some(plan), Some(acc)) = (&self.header, &self.plan, &mut self.acc)
        else {
            return Ok(Flow::Stop);
        };
        let loc = &self.loc;
        let ncols = header.labels.len();
        // Every slot of a parsed line is written, so the scratch buffer is
        // only grown, never cleared (a memset of the whole table otherwise).
        let need = lines.len() * ncols;
        if self.buf.len() < need {
            self.buf.resize(need, 0.0);
        }
        let kinds: Vec<Result<LineKind<'_>>> = self.buf[..need]
            .par_chunks_mut(ncols)
            .zip(lines.par_iter())
            .map(|(out, line)| {
                let b = &bytes[line.start..line.end];
                let (label, pos) = line_label(b).map_err(|m| {
                    DataError::at(loc.at_row(line.no).at_column("column 1"), m.to_string())
                })?;
                if label.is_empty() {
                    return Err(DataError::at(
                        loc.at_row(line.no).at_column("column 1"),
                        "empty row label; every row needs a label such as AUS_C29, VA or OUT",
                    ));
                }
                parse_values(b, pos, out, line, header, loc)?;
                Ok(match header.index.get(label.as_ref()) {
                    Some(&j) => match plan.col_kind[j] {
                        ColKind::Industry(k) => LineKind::Industry(k),
                        ColKind::FinalDemand(_) => LineKind::HeaderOther(label),
                        ColKind::Totals => LineKind::Other(label),
                    },
                    None => LineKind::Other(label),
                })
            })
            .collect();

        let mut rows: Vec<(usize, usize)> = Vec::with_capacity(lines.len());
        for (i, (kind, line)) in kinds.into_iter().zip(lines).enumerate() {
            match kind? {
                LineKind::Industry(k) => {
                    let prev = acc.row_line[k];
                    if prev != 0 {
                        return Err(DataError::at(
                            loc.at_row(line.no)
                                .at_column(format!("{} (column 1)", plan.industries[k].0)),
                            format!(
                                "duplicate row label {:?} (also on line {prev}); every row label \
                                 must appear once",
                                plan.industries[k].0
                            ),
                        ));
                    }
                    acc.row_line[k] = line.no;
                    let t = plan.ind_target[k];
                    if let Some(tc) = plan.totals {
                        acc.x_col[t] += self.buf[i * ncols + tc];
                    }
                    rows.push((t, i));
                }
                LineKind::HeaderOther(label) => {
                    if guess {
                        self.mismatch = true;
                        return Ok(Flow::Stop);
                    }
                    acc.unexpected.push((line.no, label.into_owned()));
                }
                LineKind::Other(label) => {
                    if let Some(prev) = acc.specials.iter().find(|s| s.label == label) {
                        return Err(DataError::at(
                            loc.at_row(line.no).at_column(format!("{label} (column 1)")),
                            format!(
                                "duplicate row label {label:?} (also on line {}); every row label \
                                 must appear once",
                                prev.line
                            ),
                        ));
                    }
                    acc.specials.push(SpecialRow {
                        line: line.no,
                        label: label.into_owned(),
                        values: self.buf[i * ncols..(i + 1) * ncols].to_vec(),
                    });
                }
            }
        }
        if rows.is_empty() {
            return Ok(Flow::Continue);
        }
        let buf = &self.buf;
        scatter(acc.z.as_mut(), &plan.z_cols, &rows, buf, ncols);
        if !plan.fd.is_empty() {
            scatter(acc.y.as_mut(), &plan.y_cols, &rows, buf, ncols);
        }
        Ok(Flow::Continue)
    }
}

/// n × n zeros with every page already written, by all cores: the
/// scatter writes 64 columns a row, so first-touch faults inside it cost
/// twice the whole read (0.27 s against 0.13 s at n = 3,465), and faer's
/// `Mat::zeros` writes on one thread (52 ms; 28 ms on two).
fn prefaulted(n: usize) -> Dense {
    let mut z = Dense::zeros(n, n);
    z.fill_columns(|_, col| {
        col.fill(0.0);
        0.0
    });
    z
}

/// Adds scratch rows into `m`: row `t` of `m` gets, in column `c`, the sum
/// of scratch columns `cols[c]` of scratch row `i`, for each `(t, i)`.
///
/// In blocks of 64 columns (one block per task), row by row: a scratch
/// row's 64 values of the block are contiguous, and the 64 columns being
/// written stay in cache from one row to the next.
fn scatter(
    m: MatMut<'_, f64>,
    cols: &[Vec<usize>],
    rows: &[(usize, usize)],
    buf: &[f64],
    ncols: usize,
) {
    const BLOCK: usize = 64;
    m.par_col_chunks_mut(BLOCK)
        .enumerate()
        .for_each(|(ci, mut blk)| {
            let c0 = ci * BLOCK;
            let srcs = &cols[c0..c0 + blk.ncols()];
            let mut out: Vec<&mut [f64]> = blk
                .rb_mut()
                .col_iter_mut()
                .map(|c| {
                    c.try_as_col_major_mut()
                        .expect("owned matrices are column-major")
                        .as_slice_mut()
                })
                .collect();
            // Without merged regions every column has one source.
            let single: Option<Vec<usize>> =
                srcs.iter().map(|s| (s.len() == 1).then(|| s[0])).collect();
            for &(t, i) in rows {
                let row = &buf[i * ncols..(i + 1) * ncols];
                match &single {
                    Some(single) => {
                        for (col, &c) in out.iter_mut().zip(single) {
                            col[t] += row[c];
                        }
                    }
                    None => {
                        for (col, s) in out.iter_mut().zip(srcs) {
                            col[t] += s.iter().map(|&c| row[c]).sum::<f64>();
                        }
                    }
                }
            }
        });
}

/// Row labels with their 1-based lines.
pub(crate) type RowLabels = Vec<(u64, String)>;

/// Reads only the header and the row labels (with their lines): the
/// fallback when the header alone did not reveal which columns are
/// industries.
pub(crate) fn row_labels(input: &Input<'_>) -> Result<(Vec<String>, RowLabels)> {
    struct Labels {
        loc: Location,
        header: Vec<String>,
        rows: Vec<(u64, String)>,
    }
    impl Handler for Labels {
        fn header(&mut self, h: &str) -> Result<Flow> {
            self.header = split_header(h, &self.loc)?;
            Ok(Flow::Continue)
        }
        fn chunk(&mut self, bytes: &[u8], lines: &[Line]) -> Result<Flow> {
            for l in lines {
                let (label, _) = line_label(&bytes[l.start..l.end]).map_err(|m| {
                    DataError::at(self.loc.at_row(l.no).at_column("column 1"), m.to_string())
                })?;
                self.rows.push((l.no, label.into_owned()));
            }
            Ok(Flow::Continue)
        }
    }
    let mut h = Labels {
        loc: Location::source(input.name()),
        header: Vec::new(),
        rows: Vec::new(),
    };
    drive(input, &mut h)?;
    Ok((h.header, h.rows))
}

/// Splits the header line; the first cell (a placeholder) is dropped.
pub(crate) fn split_header(h: &str, loc: &Location) -> Result<Vec<String>> {
    let mut f = crate::csvline::split_line(h).map_err(|m| DataError::at(loc.at_row(1), m))?;
    if f.is_empty() {
        return Ok(f);
    }
    f.remove(0);
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::short_decimal;

    /// The fast path gives the bit-identical double of the standard
    /// library's correctly rounded parser, or declines.
    #[test]
    fn short_decimals_are_exact() {
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut fixed: Vec<String> = [
            "0",
            "-0",
            "1",
            "1.",
            "0.1",
            "0.3",
            "2.675",
            "386.472",
            "1899.46",
            "43046.2",
            "999999999999999",
            "99999999999999.9",
            "0.000000000000001",
            "123456789.012345",
            "9007199254740991",
            "-5039.12",
            "00012.50",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..200_000 {
            let r = next();
            let digits = 1 + (r % 15) as usize;
            let point = (r >> 8) as usize % (digits + 1);
            let mut s = String::new();
            if r >> 20 & 1 == 1 {
                s.push('-');
            }
            let mut v = next();
            for d in 0..digits {
                if d == point && d > 0 {
                    s.push('.');
                }
                s.push(char::from(b'0' + (v % 10) as u8));
                v /= 10;
            }
            fixed.push(s);
        }
        for s in &fixed {
            let want: f64 = s.parse().unwrap();
            let digits = s.bytes().filter(u8::is_ascii_digit).count();
            match short_decimal(s.as_bytes()) {
                Some((v, used)) => {
                    assert_eq!(used, s.len(), "{s}");
                    assert_eq!(v.to_bits(), want.to_bits(), "{s}: {v} vs {want}");
                }
                None => assert!(digits > 15, "{s} declined"),
            }
            let with_comma = format!("{s},7");
            if let Some((v, used)) = short_decimal(with_comma.as_bytes()) {
                assert_eq!((v.to_bits(), used), (want.to_bits(), s.len()));
            }
        }
        for bad in [
            "", "-", ".5", "1e5", "1.5e3", "1,5x", "12a", " 1", "1 ", "inf", "NaN",
        ] {
            let r = short_decimal(bad.as_bytes());
            assert!(
                r.is_none() || bad.starts_with("1,"),
                "{bad:?} should go to the general parser"
            );
        }
        assert_eq!(short_decimal(b"1,5x"), Some((1.0, 1)));
    }
}
