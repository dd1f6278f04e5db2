//! Writing a table in the ICIO wide CSV layout (2023 style).
//!
//! The layout is the one the reader understands best and pymrio's
//! `parse_oecd` also reads: a header `V1, REGION_SECTOR…, REGION_CATEGORY…,
//! OUT`; one row per region-sector with Z, Y and x; one row per factor
//! input (F, F_Y, 0); and the `OUT` row (x, column totals of Y, 0).
//!
//! Output is deterministic: floats in the shortest form that reads back as
//! the identical `f64`, and gzip (chosen by a `.gz` file name) with
//! modification time 0, so the same table always gives the same bytes and
//! the reader gives back the same numbers. Satellite extensions other than
//! the factor inputs have no place in this layout and are not written.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use autopact_mrio::Mrio;
use flate2::{Compression, GzBuilder};
use rayon::prelude::*;

use super::layout::{is_output_row, is_totals_column};
use crate::csvline::{fmt_f64, quote};
use crate::error::{DataError, Result, Unwritable};

/// Writes `m` to `path` in the ICIO wide CSV layout; gzip-compressed (with
/// modification time 0) when the name ends in `.gz`.
pub fn write_icio(path: impl AsRef<Path>, m: &Mrio) -> Result<()> {
    let path = path.as_ref();
    let name = path.display().to_string();
    check_writable(m, &name)?;
    let file = File::create(path).map_err(|e| DataError::io(&name, e))?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let res = if gz {
        let mut enc = GzBuilder::new()
            .mtime(0)
            .write(BufWriter::with_capacity(1 << 20, file), Compression::new(6));
        write_body(&mut enc, m).and_then(|_| enc.finish()?.flush())
    } else {
        let mut w = BufWriter::with_capacity(1 << 20, file);
        write_body(&mut w, m).and_then(|_| w.flush())
    };
    res.map_err(|e| DataError::io(&name, e))
}

/// Writes `m` in the ICIO wide CSV layout (uncompressed) to `w`.
pub fn write_icio_to(w: &mut dyn Write, m: &Mrio) -> Result<()> {
    check_writable(m, "<output>")?;
    write_body(w, m).map_err(|e| DataError::io("<output>", e))
}

/// Labels that would not read back as written are refused up front.
fn check_writable(m: &Mrio, name: &str) -> Result<()> {
    let bad = |reason: Unwritable| {
        Err(DataError::CannotWrite {
            file: name.into(),
            reason,
        })
    };
    for r in m.regions() {
        if r.contains('_') {
            return bad(Unwritable::IcioRegion(r.clone()));
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    for i in 0..m.n() {
        seen.insert(m.label(i));
    }
    for k in 0..m.final_demand().len() {
        let l = fd_label(m, k);
        let c = &m.final_demand()[k];
        if c.region == "ALL" && c.category.contains('_') {
            return bad(Unwritable::IcioCategory(c.category.clone()));
        }
        if is_totals_column(&l) || !seen.insert(l.clone()) {
            return bad(Unwritable::IcioFinalDemandLabel(l));
        }
    }
    for s in &m.factor_inputs().stressors {
        if seen.contains(&s.name) || is_output_row(&s.name) || is_totals_column(&s.name) {
            return bad(Unwritable::IcioFactorInputLabel(s.name.clone()));
        }
    }
    Ok(())
}

fn fd_label(m: &Mrio, k: usize) -> String {
    let c = &m.final_demand()[k];
    if c.region == "ALL" {
        c.category.clone()
    } else {
        format!("{}_{}", c.region, c.category)
    }
}

fn write_body(w: &mut dyn Write, m: &Mrio) -> io::Result<()> {
    let n = m.n();
    let k = m.final_demand().len();
    let z = m.z();
    let y = m.y();
    let x = m.x();
    let mut head = String::from("V1");
    for i in 0..n {
        head.push(',');
        head.push_str(&quote(&m.label(i)));
    }
    for j in 0..k {
        head.push(',');
        head.push_str(&quote(&fd_label(m, j)));
    }
    head.push_str(",OUT\n");
    w.write_all(head.as_bytes())?;

    // Industry rows, formatted in parallel in blocks, written in order.
    const BLOCK: usize = 64;
    let blocks: Vec<usize> = (0..n.div_ceil(BLOCK)).collect();
    for batch in blocks.chunks(32) {
        let texts: Vec<String> = batch
            .par_iter()
            .map(|&b| {
                let mut s = String::with_capacity(BLOCK * (n + k) * 8);
                let mut rb = ryu::Buffer::new();
                for i in b * BLOCK..((b + 1) * BLOCK).min(n) {
                    s.push_str(&quote(&m.label(i)));
                    for j in 0..n {
                        s.push(',');
                        s.push_str(fmt_f64(z[(i, j)], &mut rb));
                    }
                    for j in 0..k {
                        s.push(',');
                        s.push_str(fmt_f64(y[(i, j)], &mut rb));
                    }
                    s.push(',');
                    s.push_str(fmt_f64(x[i], &mut rb));
                    s.push('\n');
                }
                s
            })
            .collect();
        for t in texts {
            w.write_all(t.as_bytes())?;
        }
    }

    let mut rb = ryu::Buffer::new();
    let fi = m.factor_inputs();
    for (r, st) in fi.stressors.iter().enumerate() {
        let mut s = String::new();
        s.push_str(&quote(&st.name));
        for j in 0..n {
            s.push(',');
            s.push_str(fmt_f64(fi.f[(r, j)], &mut rb));
        }
        for j in 0..k {
            s.push(',');
            let v = fi.f_y.as_ref().map_or(0.0, |fy| fy[(r, j)]);
            s.push_str(fmt_f64(v, &mut rb));
        }
        s.push_str(",0\n");
        w.write_all(s.as_bytes())?;
    }
    let mut s = String::from("OUT");
    for &v in x {
        s.push(',');
        s.push_str(fmt_f64(v, &mut rb));
    }
    for j in 0..k {
        s.push(',');
        let tot: f64 = y.col(j).iter().sum();
        s.push_str(fmt_f64(tot, &mut rb));
    }
    s.push_str(",0\n");
    w.write_all(s.as_bytes())
}
