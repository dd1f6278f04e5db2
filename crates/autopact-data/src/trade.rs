//! US imports by HTS10 line (the trade weights of tariff wedges), the
//! line facts (GTAP sector, metal shares), the 2024 GTAP-sector imports of
//! every partner group, and the concordances that take them to a table.
//!
//! Why here: this is the only crate that reads files. The shipped files
//! under `crates/autopact-data/trade/` are built by [`build_trade_data`]
//! from `../shared/data/us-trade` (The Budget Lab at Yale's tariff tracker
//! and Tariff-ETRs, USITC, Census, BEA; attribution in `data/README.md`)
//! and embedded in the binary, so `autopact wedges` works on a fresh clone.
//!
//! Shipped layout (all text, gzip with modification time 0, so a rebuild is
//! byte-identical):
//!
//! * `us_imports_YYYY_MM.csv.gz` — `hts10,origin,value,usmca_value`, USD,
//!   origin ISO2, lines with a positive value only (the source's zero rows
//!   carry no weight);
//! * `hts10_lines.csv.gz` — `hts10,gtap,mapped_by,steel,aluminum,copper`
//!   for every line that appears in any month: GTAP sector from the
//!   crosswalk, or (lines the crosswalk lacks) from the crosswalk's other
//!   lines of the same HS6, then HS4 (the most common sector there);
//!   chapter 98 has none (`mapped_by = none`); metal shares rounded to
//!   10⁻⁶ and scaled to a sum of at most 1 (BEA total requirements exceed
//!   1 for metal-making lines), empty when the BEA shares do not cover the line;
//! * `gtap_imports_2024.csv` — the partner-group imports as published.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use autopact_core::Location;
use autopact_link::{GtapImports, LineInfo, TradeLine, Weights};
use flate2::{Compression, GzBuilder};
use rust_decimal::Decimal;

use crate::csvline::split_line;
use crate::error::{DataError, Result};
use crate::files::{create_dir_all, read_bytes, read_text, write_bytes};

/// Months of the shipped data, `YYYY-MM`, with their files.
const MONTHS: &[(&str, &[u8])] = &[
    (
        "2025-01",
        include_bytes!("../trade/us_imports_2025_01.csv.gz"),
    ),
    (
        "2025-02",
        include_bytes!("../trade/us_imports_2025_02.csv.gz"),
    ),
    (
        "2025-03",
        include_bytes!("../trade/us_imports_2025_03.csv.gz"),
    ),
    (
        "2025-04",
        include_bytes!("../trade/us_imports_2025_04.csv.gz"),
    ),
    (
        "2025-05",
        include_bytes!("../trade/us_imports_2025_05.csv.gz"),
    ),
    (
        "2025-06",
        include_bytes!("../trade/us_imports_2025_06.csv.gz"),
    ),
    (
        "2025-07",
        include_bytes!("../trade/us_imports_2025_07.csv.gz"),
    ),
    (
        "2025-08",
        include_bytes!("../trade/us_imports_2025_08.csv.gz"),
    ),
    (
        "2025-09",
        include_bytes!("../trade/us_imports_2025_09.csv.gz"),
    ),
    (
        "2025-10",
        include_bytes!("../trade/us_imports_2025_10.csv.gz"),
    ),
    (
        "2025-11",
        include_bytes!("../trade/us_imports_2025_11.csv.gz"),
    ),
    (
        "2025-12",
        include_bytes!("../trade/us_imports_2025_12.csv.gz"),
    ),
    (
        "2026-01",
        include_bytes!("../trade/us_imports_2026_01.csv.gz"),
    ),
    (
        "2026-02",
        include_bytes!("../trade/us_imports_2026_02.csv.gz"),
    ),
];
const LINES: &[u8] = include_bytes!("../trade/hts10_lines.csv.gz");
const GTAP_IMPORTS: &str = include_str!("../trade/gtap_imports_2024.csv");
const COUNTRIES: &str = include_str!("../../../data/concordance/countries.csv");
const GTAP_WIOD: &str = include_str!("../../../data/concordance/gtap_wiod35.csv");
const GTAP_ICIO: &str = include_str!("../../../data/concordance/gtap_icio45.csv");

/// Where the shipped trade data come from, for results' metadata.
pub const TRADE_SOURCE: &str = "US imports for consumption by HTS10 from Canada and Mexico, customs value and value entered under USMCA (USITC DataWeb via The Budget Lab at Yale, Tariff Rate Tracker, MIT licence)";

/// The months of the shipped data, oldest first.
pub fn shipped_months() -> Vec<&'static str> {
    MONTHS.iter().map(|(m, _)| *m).collect()
}

fn gunzip(name: &str, bytes: &[u8]) -> Result<String> {
    let mut s = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .map_err(|e| DataError::io(name, e))?;
    Ok(s)
}

/// The error for a month `YYYY-MM` outside the shipped data, naming their
/// range.
pub fn month_not_shipped(period: &str) -> DataError {
    DataError::MonthNotShipped {
        month: period.into(),
        first: MONTHS[0].0,
        last: MONTHS[MONTHS.len() - 1].0,
    }
}

/// The shipped weights of a month `YYYY-MM`.
pub fn shipped_weights(period: &str) -> Result<Weights> {
    let Some((_, bytes)) = MONTHS.iter().find(|(m, _)| *m == period) else {
        return Err(month_not_shipped(period));
    };
    let name = format!("us_imports_{}.csv.gz", period.replace('-', "_"));
    let text = gunzip(&name, bytes)?;
    let lines = parse_weights(&name, &text, &Countries::builtin()?)?;
    Ok(Weights {
        label: format!("{period}: {TRADE_SOURCE}"),
        period: Some(period.into()),
        lines,
    })
}

/// The latest shipped month not after `date` (`YYYY-MM-DD`), if any.
pub fn latest_month_not_after(date: &str) -> Option<&'static str> {
    let ym = date.get(..7)?;
    MONTHS.iter().rev().map(|(m, _)| *m).find(|m| *m <= ym)
}

/// Reads a user's weights file: `hts10,origin,value[,usmca_value]`, origin
/// as ISO2, ISO3 or a Census code, value in USD.
pub fn read_weights_file(path: impl AsRef<Path>) -> Result<Weights> {
    let p = path.as_ref();
    let name = p.display().to_string();
    let lines = parse_weights(&name, &read_text(p)?, &Countries::builtin()?)?;
    Ok(Weights {
        label: format!("user weights file {name}"),
        period: None,
        lines,
    })
}

fn dec(loc: &Location, col: &str, s: &str) -> Result<Decimal> {
    let v: Decimal = s.trim().parse().map_err(|_| {
        DataError::at(
            loc.at_column(col),
            format!("{s:?} is not a number (write USD, e.g. 12345.67)"),
        )
    })?;
    if v < Decimal::ZERO {
        return Err(DataError::at(
            loc.at_column(col),
            format!("negative value {v}: values must be ≥ 0"),
        ));
    }
    Ok(v)
}

/// Parses `hts10,origin,value[,usmca_value]` text (header required).
pub fn parse_weights(name: &str, text: &str, countries: &Countries) -> Result<Vec<TradeLine>> {
    let loc = Location::source(name);
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for (k, raw) in text.lines().enumerate() {
        let row = k as u64 + 1;
        let l = raw.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let f = split_line(l).map_err(|m| DataError::at(loc.at_row(row), m))?;
        let Some(h) = &header else {
            let h: Vec<String> = f.iter().map(|s| s.trim().to_lowercase()).collect();
            if h.len() < 3 || h[0] != "hts10" || h[1] != "origin" || h[2] != "value" {
                return Err(DataError::at(
                    loc.at_row(row),
                    "the header must be hts10,origin,value[,usmca_value]",
                ));
            }
            header = Some(h);
            continue;
        };
        let at = loc.at_row(row);
        if f.len() != h.len() {
            return Err(DataError::at(
                at,
                format!("{} fields, the header has {}", f.len(), h.len()),
            ));
        }
        let hts10 = f[0].trim().replace('.', "");
        if hts10.len() != 10 || !hts10.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DataError::at(
                at.at_column("hts10"),
                format!("{:?} is not a ten-digit HTS code", f[0]),
            ));
        }
        let origin = countries.iso2(f[1].trim()).ok_or_else(|| {
            DataError::at(
                at.at_column("origin"),
                format!(
                    "unknown country code {:?} (write ISO2 CA, ISO3 CAN or Census 1220; data/concordance/countries.csv lists them)",
                    f[1]
                ),
            )
        })?;
        let value = dec(&at, "value", &f[2])?;
        let usmca_value = if h.len() > 3 {
            dec(&at, "usmca_value", &f[3])?
        } else {
            Decimal::ZERO
        };
        if usmca_value > value {
            return Err(DataError::at(
                at.at_column("usmca_value"),
                format!("USMCA value {usmca_value} exceeds the value {value}"),
            ));
        }
        out.push(TradeLine {
            hts10,
            origin: origin.to_string(),
            value,
            usmca_value,
            proxy: false,
            region: None,
            claim: None,
        });
    }
    if header.is_none() {
        return Err(DataError::at(loc, "empty weights file: no header line"));
    }
    Ok(out)
}

/// The shipped line facts: HTS10 → GTAP sector and metal shares.
pub fn shipped_line_info() -> Result<BTreeMap<String, LineInfo>> {
    let name = "hts10_lines.csv.gz";
    let text = gunzip(name, LINES)?;
    let loc = Location::source(name);
    let mut out = BTreeMap::new();
    for (k, l) in text.lines().enumerate().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let at = loc.at_row(k as u64 + 1);
        if f.len() != 7 {
            return Err(DataError::at(at, "expected 7 fields"));
        }
        let share = |c: &str, s: &str| -> Result<Decimal> {
            if s.is_empty() {
                Ok(Decimal::ZERO)
            } else {
                dec(&at, c, s)
            }
        };
        out.insert(
            f[0].to_string(),
            LineInfo {
                gtap: (!f[1].is_empty()).then(|| f[1].to_string()),
                mapped_by: f[2].to_string(),
                steel: share("steel", f[3])?,
                aluminum: share("aluminum", f[4])?,
                copper: share("copper", f[5])?,
                metal_known: !f[3].is_empty(),
                metal_from: f[6].to_string(),
            },
        );
    }
    Ok(out)
}

/// The shipped 2024 GTAP-sector imports by partner group (USD million).
pub fn shipped_gtap_imports() -> Result<GtapImports> {
    parse_gtap_imports("gtap_imports_2024.csv", GTAP_IMPORTS)
}

fn parse_gtap_imports(name: &str, text: &str) -> Result<GtapImports> {
    let loc = Location::source(name);
    let mut it = text.lines();
    let head = it.next().unwrap_or("").trim_start_matches('\u{feff}');
    let groups: Vec<String> = head.split(',').skip(1).map(str::to_string).collect();
    let mut rows = BTreeMap::new();
    for (k, l) in it.enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        let at = loc.at_row(k as u64 + 2);
        if f.len() != groups.len() + 1 {
            return Err(DataError::at(at, "wrong number of fields"));
        }
        let v = f[1..]
            .iter()
            .zip(&groups)
            .map(|(s, g)| dec(&at, g, s))
            .collect::<Result<Vec<_>>>()?;
        rows.insert(f[0].to_lowercase(), v);
    }
    Ok(GtapImports { groups, rows })
}

/// One country of `data/concordance/countries.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Census Schedule C code.
    pub census: String,
    /// ISO alpha-3.
    pub iso3: String,
    /// ISO alpha-2.
    pub iso2: String,
    /// Partner group of the 2024 GTAP imports.
    pub group: String,
    /// Region of the built-in table.
    pub na10: String,
}

/// The country list.
#[derive(Debug, Clone)]
pub struct Countries(pub Vec<Country>);

impl Countries {
    /// The shipped list.
    pub fn builtin() -> Result<Self> {
        let loc = Location::source("data/concordance/countries.csv");
        let mut v = Vec::new();
        for (k, l) in COUNTRIES.lines().enumerate() {
            if l.starts_with('#') || l.starts_with("census,") || l.is_empty() {
                continue;
            }
            let f: Vec<&str> = l.splitn(6, ',').collect();
            if f.len() < 5 {
                return Err(DataError::at(loc.at_row(k as u64 + 1), "expected 6 fields"));
            }
            v.push(Country {
                census: f[0].into(),
                iso3: f[1].into(),
                iso2: f[2].into(),
                group: f[3].into(),
                na10: f[4].into(),
            });
        }
        Ok(Countries(v))
    }

    /// ISO2 of a code given as ISO2, ISO3 or Census code.
    pub fn iso2(&self, code: &str) -> Option<&str> {
        let c = code.to_uppercase();
        self.0
            .iter()
            .find(|x| x.iso2 == c || x.iso3 == c || x.census == c)
            .map(|x| x.iso2.as_str())
    }

    /// A country by ISO2.
    pub fn by_iso2(&self, iso2: &str) -> Option<&Country> {
        self.0.iter().find(|x| x.iso2 == iso2)
    }
}

/// The GTAP → table-sector concordance for a table's sectors: WIOD's 35
/// industries (`c1`…`c35`) or the OECD ICIO 2023 layout (45 industries).
pub fn gtap_sector_concordance(sectors: &[String]) -> Result<(String, BTreeMap<String, String>)> {
    for (name, text) in [
        ("data/concordance/gtap_wiod35.csv", GTAP_WIOD),
        ("data/concordance/gtap_icio45.csv", GTAP_ICIO),
    ] {
        let c = crate::parse_concordance(name, text)?;
        let groups = c.groups();
        if groups.iter().all(|g| sectors.contains(g)) {
            return Ok((name.to_string(), c.pairs.into_iter().collect()));
        }
    }
    Err(DataError::NoSectorConcordance {
        sectors: sectors.to_vec(),
    })
}

/// The table region of each country (ISO2 → region) for a table's
/// regions: the built-in table's groups when the table has its regions
/// (`EUR`, `APA`), else the ISO3 code when it is a region, else the
/// table's rest of the world (`ROW` or `RoW`).
pub fn region_concordance(
    regions: &[String],
    countries: &Countries,
) -> Result<BTreeMap<String, String>> {
    let has = |r: &str| regions.iter().any(|x| x == r);
    let na10 = has("EUR") && has("APA") && has("ROW");
    let row = ["ROW", "RoW"].into_iter().find(|r| has(r));
    let mut out = BTreeMap::new();
    for c in &countries.0 {
        let r = if na10 {
            Some(c.na10.as_str())
        } else if has(&c.iso3) {
            Some(c.iso3.as_str())
        } else {
            row
        };
        if let Some(r) = r {
            out.insert(c.iso2.clone(), r.to_string());
        }
    }
    // The "any other origin" of proxies (see `proxy_origins`).
    if let Some(r) = row.or(na10.then_some("ROW")) {
        out.insert("ZZ".into(), r.into());
    }
    Ok(out)
}

/// How each table region without line weights is proxied: its partner
/// group's 2024 GTAP imports, with the law applied for a representative
/// origin. On the built-in table: JPN = japan/JP, KOR = ftrow/KR, CHN =
/// china/CN, DEU = eu/DE, EUR = eu/FR and uk/GB, APA and ROW = row/ZZ
/// (`ZZ`: an origin no measure names, so that only measures on every
/// origin apply). On a table with ISO3 regions, each country with its own
/// group and ISO2; the rest of the world row/ZZ.
pub fn proxy_origins(
    regions: &[String],
    countries: &Countries,
    with_lines: &[&str],
) -> Vec<autopact_link::ProxyOrigin> {
    let p = |r: &str, g: &str, o: &str| autopact_link::ProxyOrigin {
        region: r.into(),
        group: g.into(),
        origin: o.into(),
    };
    let has = |r: &str| regions.iter().any(|x| x == r);
    let mut out = Vec::new();
    if has("EUR") && has("APA") {
        for (r, g, o) in [
            ("JPN", "japan", "JP"),
            ("KOR", "ftrow", "KR"),
            ("CHN", "china", "CN"),
            ("DEU", "eu", "DE"),
            ("EUR", "eu", "FR"),
            ("EUR", "uk", "GB"),
            ("APA", "row", "ZZ"),
            ("ROW", "row", "ZZ"),
        ] {
            if has(r) {
                out.push(p(r, g, o));
            }
        }
        return out;
    }
    for r in regions {
        if r == "USA" || with_lines.contains(&r.as_str()) {
            continue;
        }
        if let Some(c) = countries.0.iter().find(|c| &c.iso3 == r) {
            out.push(p(r, &c.group, &c.iso2));
        } else if r == "ROW" || r == "RoW" {
            out.push(p(r, "row", "ZZ"));
        }
    }
    out
}

// ---------------------------------------------------------------- builder

fn gz(text: &str) -> Vec<u8> {
    let mut enc = GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), Compression::best());
    enc.write_all(text.as_bytes()).expect("write to memory");
    enc.finish().expect("write to memory")
}

fn read_gz_text(path: &Path) -> Result<String> {
    gunzip(&path.display().to_string(), &read_bytes(path)?)
}

fn csv_rows(name: &str, text: &str) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let loc = Location::source(name);
    let mut it = text.lines().enumerate();
    let (_, h) = it
        .next()
        .ok_or_else(|| DataError::at(loc.clone(), "empty file"))?;
    let header = split_line(h.trim_start_matches('\u{feff}'))
        .map_err(|m| DataError::at(loc.at_row(1), m))?;
    let mut rows = Vec::new();
    for (k, l) in it {
        if l.is_empty() {
            continue;
        }
        let f = split_line(l).map_err(|m| DataError::at(loc.at_row(k as u64 + 1), m))?;
        rows.push(f);
    }
    Ok((header, rows))
}

fn col(name: &str, header: &[String], c: &str) -> Result<usize> {
    header.iter().position(|h| h == c).ok_or_else(|| {
        DataError::at(
            Location::source(name),
            format!("no column {c:?} (header: {})", header.join(",")),
        )
    })
}

/// Counts of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// Files written.
    pub files: Vec<String>,
    /// Distinct HTS10 lines with trade.
    pub lines: usize,
    /// Lines mapped by crosswalk, HS6, HS4, none.
    pub mapped: [usize; 4],
    /// Lines of the metal-share file whose shares summed above 1 (scaled to 1).
    pub metal_capped: usize,
    /// Lines without their own metal shares that take the shares of the
    /// BEA commodity of their HS8, HS6 or HS4 siblings.
    pub metal_imputed: usize,
}

/// Builds the shipped trade files in `out` from the shared `us-trade`
/// folder `src`.
pub fn build_trade_data(src: &Path, out: &Path) -> Result<BuildReport> {
    create_dir_all(out)?;
    let census_iso2 = |c: &str| match c {
        "1220" => Some("CA"),
        "2010" => Some("MX"),
        _ => None,
    };
    let mut files = Vec::new();
    let mut all_lines: BTreeMap<String, ()> = BTreeMap::new();
    let monthly = src.join("monthly");
    for (period, _) in MONTHS {
        let f = monthly.join(format!(
            "us_imports_can_mex_hts10_{}.csv.gz",
            period.replace('-', "_")
        ));
        let name = f.display().to_string();
        let (h, rows) = csv_rows(&name, &read_gz_text(&f)?)?;
        let (ih, ic, iv, iu) = (
            col(&name, &h, "hts10")?,
            col(&name, &h, "cty_code")?,
            col(&name, &h, "total_value")?,
            col(&name, &h, "usmca_value")?,
        );
        let mut text = String::from("hts10,origin,value,usmca_value\n");
        for (k, r) in rows.iter().enumerate() {
            let at = Location::source(&name).at_row(k as u64 + 2);
            let origin = census_iso2(&r[ic]).ok_or_else(|| {
                DataError::at(
                    at.at_column("cty_code"),
                    format!("unexpected origin {:?}", r[ic]),
                )
            })?;
            let v = dec(&at, "total_value", &r[iv])?;
            let u = dec(&at, "usmca_value", &r[iu])?;
            if v.is_zero() {
                continue;
            }
            all_lines.insert(r[ih].clone(), ());
            text.push_str(&format!("{},{origin},{v},{u}\n", r[ih]));
        }
        let fname = format!("us_imports_{}.csv.gz", period.replace('-', "_"));
        write_bytes(out.join(&fname), &gz(&text))?;
        files.push(fname);
    }

    // Line facts.
    let xname = src.join("hs10_gtap_crosswalk.csv.gz");
    let (h, rows) = csv_rows(&xname.display().to_string(), &read_gz_text(&xname)?)?;
    let n = xname.display().to_string();
    let (ih, ig) = (col(&n, &h, "hs10")?, col(&n, &h, "gtap_code")?);
    let mut xw: BTreeMap<String, String> = BTreeMap::new();
    let mut by_prefix: [BTreeMap<String, BTreeMap<String, usize>>; 2] = Default::default();
    for r in &rows {
        let g = r[ig].to_lowercase();
        if g == "na" || g.is_empty() {
            continue;
        }
        for (i, len) in [6usize, 4].iter().enumerate() {
            *by_prefix[i]
                .entry(r[ih][..*len].to_string())
                .or_default()
                .entry(g.clone())
                .or_default() += 1;
        }
        xw.insert(r[ih].clone(), g);
    }
    let mname = src.join("metal_content_shares_bea_hs10.csv.gz");
    let (h, rows) = csv_rows(&mname.display().to_string(), &read_gz_text(&mname)?)?;
    let n = mname.display().to_string();
    let (mh, mb, ms, ma, mc) = (
        col(&n, &h, "hs10")?,
        col(&n, &h, "bea_detail_code")?,
        col(&n, &h, "steel_share")?,
        col(&n, &h, "aluminum_share")?,
        col(&n, &h, "copper_share")?,
    );
    let mut metal: BTreeMap<String, [String; 3]> = BTreeMap::new();
    // BEA commodity of each line, and the shares of each commodity (the
    // shares are the commodity's total requirements, the same for all its
    // lines): lines without shares take their siblings' commodity.
    let mut bea_of: BTreeMap<String, String> = BTreeMap::new();
    let mut bea_shares: BTreeMap<String, [String; 3]> = BTreeMap::new();
    let mut capped = 0usize;
    for (k, r) in rows.iter().enumerate() {
        let at = Location::source(&n).at_row(k as u64 + 2);
        let share = |i: usize, c: &str| -> Result<f64> {
            let x: f64 = r[i].parse().map_err(|_| {
                DataError::at(at.at_column(c), format!("{:?} is not a number", r[i]))
            })?;
            if !x.is_finite() || x < 0.0 {
                return Err(DataError::at(
                    at.at_column(c),
                    format!("share {x} is not ≥ 0"),
                ));
            }
            Ok(x)
        };
        let (mut s, mut a, mut c) = (
            share(ms, "steel_share")?,
            share(ma, "aluminum_share")?,
            share(mc, "copper_share")?,
        );
        // BEA total requirements exceed 1 for metal-making industries (their
        // output needs their own output); the tracker caps the metal share
        // at 1, and the law engine needs content ≤ value: scale to a sum of 1.
        let sum = s + a + c;
        if sum > 1.0 {
            (s, a, c) = (s / sum, a / sum, c / sum);
            capped += 1;
        }
        let fmt = |x: f64| {
            Decimal::from_f64_retain(x)
                .unwrap_or_default()
                .round_dp(6)
                .normalize()
                .to_string()
        };
        let shares = [fmt(s), fmt(a), fmt(c)];
        if !r[mb].is_empty() && r[mb] != "NA" {
            bea_of.insert(r[mh].clone(), r[mb].clone());
            bea_shares
                .entry(r[mb].clone())
                .or_insert_with(|| shares.clone());
        }
        metal.insert(r[mh].clone(), shares);
    }
    let mut bea_by_prefix: [BTreeMap<String, BTreeMap<String, usize>>; 3] = Default::default();
    for (hts, code) in &bea_of {
        for (i, len) in [8usize, 6, 4].iter().enumerate() {
            *bea_by_prefix[i]
                .entry(hts[..*len].to_string())
                .or_default()
                .entry(code.clone())
                .or_default() += 1;
        }
    }
    let mut mapped = [0usize; 4];
    let mut metal_imputed = 0usize;
    let mut text = String::from("hts10,gtap,mapped_by,steel,aluminum,copper,metal_from\n");
    let most_common = |m: &BTreeMap<String, usize>| {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(g, _)| g.clone())
    };
    for hts in all_lines.keys() {
        let (g, how) = if let Some(g) = xw.get(hts) {
            (g.clone(), 0)
        } else if let Some(g) = by_prefix[0].get(&hts[..6]).and_then(most_common) {
            (g, 1)
        } else if let Some(g) = by_prefix[1].get(&hts[..4]).and_then(most_common) {
            (g, 2)
        } else {
            (String::new(), 3)
        };
        mapped[how] += 1;
        let how = ["crosswalk", "hs6", "hs4", "none"][how];
        let (shares, from) = match metal.get(hts) {
            Some(m) => (m.clone(), "line".to_string()),
            None => [8usize, 6, 4]
                .iter()
                .enumerate()
                .find_map(|(i, len)| {
                    let code = bea_by_prefix[i].get(&hts[..*len]).and_then(most_common)?;
                    let shares = bea_shares.get(&code)?.clone();
                    Some((shares, format!("bea {code} of the hs{len} siblings")))
                })
                .unwrap_or_default(),
        };
        if from.starts_with("bea") {
            metal_imputed += 1;
        }
        let [s, a, c] = shares;
        text.push_str(&format!("{hts},{g},{how},{s},{a},{c},{from}\n"));
    }
    write_bytes(out.join("hts10_lines.csv.gz"), &gz(&text))?;
    files.push("hts10_lines.csv.gz".into());

    let wname = src.join("gtap_import_weights_2024.csv");
    let w = read_text(&wname)?;
    let w = w.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    parse_gtap_imports(&wname.display().to_string(), &w)?;
    write_bytes(out.join("gtap_imports_2024.csv"), w.as_bytes())?;
    files.push("gtap_imports_2024.csv".into());
    Ok(BuildReport {
        files,
        lines: all_lines.len(),
        mapped,
        metal_capped: capped,
        metal_imputed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> Option<std::path::PathBuf> {
        autopact_testdata::shared("us-trade/README.md", "the shipped trade files' rebuild")
            .map(|readme| readme.parent().unwrap().to_path_buf())
    }

    /// Rebuilds the shipped files from ../shared/data/us-trade and compares
    /// them byte for byte. With AUTOPACT_WRITE_TRADE=1 it writes them into
    /// the crate instead (how they were made).
    #[test]
    fn shipped_trade_data_rebuild_identically() {
        let Some(src) = shared() else {
            return;
        };
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("trade");
        if std::env::var("AUTOPACT_WRITE_TRADE").is_ok() {
            let r = build_trade_data(&src, &shipped).unwrap();
            eprintln!("{r:?}");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let r = build_trade_data(&src, dir.path()).unwrap();
        for f in &r.files {
            let a = std::fs::read(dir.path().join(f)).unwrap();
            let b = std::fs::read(shipped.join(f)).unwrap();
            assert!(
                a == b,
                "{f} differs from its rebuild: run AUTOPACT_WRITE_TRADE=1 cargo test -p autopact-data shipped_trade"
            );
        }
        // Every line with trade has a line record; only chapter 98 is unmapped.
        let info = shipped_line_info().unwrap();
        for m in shipped_months() {
            for l in shipped_weights(m).unwrap().lines {
                let i = info
                    .get(&l.hts10)
                    .unwrap_or_else(|| panic!("{m} {} has no line record", l.hts10));
                assert!(
                    i.gtap.is_some() || l.hts10.starts_with("98"),
                    "{m} {} unmapped",
                    l.hts10
                );
            }
        }
    }

    #[test]
    fn shipped_months_read_and_sum_like_the_readme() {
        // ../shared/data/us-trade/README.md: imports from Canada USD 30.9 bn and
        // Mexico 48.3 bn in 2025-10.
        let w = shipped_weights("2025-10").unwrap();
        let sum = |o: &str| -> Decimal {
            w.lines
                .iter()
                .filter(|l| l.origin == o)
                .map(|l| l.value)
                .sum()
        };
        let bn = Decimal::from(1_000_000_000);
        let near = |x: Decimal, y: Decimal| (x - y).abs() <= Decimal::new(6, 2); // the README rounds 48.2497 to 48.3
        assert!(near(sum("CA") / bn, Decimal::new(309, 1)), "{}", sum("CA"));
        assert!(near(sum("MX") / bn, Decimal::new(483, 1)), "{}", sum("MX"));
        let e = shipped_weights("2024-12").unwrap_err().to_string();
        assert!(e.contains("2025-01 to 2026-02"), "{e}");
        assert_eq!(latest_month_not_after("2025-10-01"), Some("2025-10"));
        assert_eq!(latest_month_not_after("2030-01-01"), Some("2026-02"));
        assert_eq!(latest_month_not_after("2024-12-31"), None);
    }

    #[test]
    fn weights_file_errors_name_row_and_column() {
        let c = Countries::builtin().unwrap();
        let ok = parse_weights("w.csv", "hts10,origin,value,usmca_value\n8703230190,CAN,100,50\n8708.99.81.80,1220,5,0\n8708999999,JP,7,0\n", &c).unwrap();
        assert_eq!(
            ok.iter().map(|l| l.origin.as_str()).collect::<Vec<_>>(),
            ["CA", "CA", "JP"]
        );
        assert_eq!(ok[1].hts10, "8708998180");
        let e = parse_weights("w.csv", "hts10,origin,value\n8703230190,XX,100\n", &c)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("w.csv") && e.contains("row 2") && e.contains("origin"),
            "{e}"
        );
        let e = parse_weights("w.csv", "hts10,origin,value\n8703230190,CA,-1\n", &c)
            .unwrap_err()
            .to_string();
        assert!(e.contains("negative") && e.contains("value"), "{e}");
        let e = parse_weights("w.csv", "hts10,origin,value\n87032301,CA,1\n", &c)
            .unwrap_err()
            .to_string();
        assert!(e.contains("ten-digit"), "{e}");
    }

    #[test]
    fn concordances_cover_both_layouts_and_regions() {
        let wiod: Vec<String> = (1..=35).map(|i| format!("c{i}")).collect();
        let (name, m) = gtap_sector_concordance(&wiod).unwrap();
        assert!(name.contains("wiod"));
        assert_eq!(m["mvh"], "c15");
        assert_eq!(m["i_s"], "c12");
        assert_eq!(m.len(), 65);
        let g = shipped_gtap_imports().unwrap();
        assert!(
            g.rows.keys().all(|k| m.contains_key(k)),
            "every GTAP sector maps"
        );
        assert!(gtap_sector_concordance(&["x".to_string()]).is_err());
        let c = Countries::builtin().unwrap();
        let na10: Vec<String> = [
            "USA", "CAN", "MEX", "CHN", "JPN", "KOR", "DEU", "EUR", "APA", "ROW",
        ]
        .map(String::from)
        .to_vec();
        let r = region_concordance(&na10, &c).unwrap();
        assert_eq!(
            (
                r["CA"].as_str(),
                r["FR"].as_str(),
                r["GB"].as_str(),
                r["TW"].as_str(),
                r["BR"].as_str()
            ),
            ("CAN", "EUR", "EUR", "APA", "ROW")
        );
        assert_eq!(r["ZZ"], "ROW");
    }
}
