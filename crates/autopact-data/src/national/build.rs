//! The builder of the shipped BEA files: BEA's tables from the project's
//! shared folder → compact gzip CSVs under `crates/autopact-data/bea/`
//! (rebuilt byte for byte by a test).

use super::*;

fn gz(text: &str) -> Vec<u8> {
    let mut enc = GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), Compression::best());
    enc.write_all(text.as_bytes()).expect("write to memory");
    enc.finish().expect("write to memory")
}

/// What a build wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalBuildReport {
    /// Files written, relative to the output folder.
    pub files: Vec<String>,
    /// Commodities × industries of each table.
    pub sizes: Vec<(String, usize, usize)>,
    /// HTS10 lines with a BEA code; lines without one (`NA`).
    pub lines: (usize, usize),
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let v: Vec<String> = fields.into_iter().map(|f| quote(&f).into_owned()).collect();
    out.push_str(&v.join(","));
    out.push('\n');
}

fn write_parts(
    p: &NationalParts,
    descriptions: bool,
    out: &Path,
    files: &mut Vec<String>,
    sub: &str,
) -> Result<()> {
    create_dir_all(out)?;
    let mut buf = ryu::Buffer::new();
    let mut f = |v: f64| fmt_f64(v, &mut buf).to_string();
    let put = |name: &str, text: String, files: &mut Vec<String>| -> Result<()> {
        write_bytes(out.join(format!("{name}.csv.gz")), &gz(&text))?;
        files.push(format!("{sub}/{name}.csv.gz"));
        Ok(())
    };
    let (nc, ni) = (p.commodities.len(), p.industries.len());
    let mut t = String::new();
    line(
        &mut t,
        std::iter::once("bea_code".to_string()).chain(p.industries.iter().cloned()),
    );
    for c in 0..nc {
        line(
            &mut t,
            std::iter::once(p.commodities[c].clone())
                .chain((0..ni).map(|i| f(p.use_import[c * ni + i]))),
        );
    }
    put("bea_use_import", t, files)?;
    let mut t = String::new();
    line(
        &mut t,
        std::iter::once("bea_code".to_string()).chain(p.commodities.iter().cloned()),
    );
    for i in 0..ni {
        line(
            &mut t,
            std::iter::once(p.industries[i].clone())
                .chain((0..nc).map(|c| f(p.requirements[i * nc + c]))),
        );
    }
    put("bea_requirements_domestic", t, files)?;
    for (name, col, v) in [
        ("bea_industry_output", "output", &p.output),
        (
            "bea_industry_variable_cost",
            "variable_cost",
            &p.variable_cost,
        ),
    ] {
        let mut t = String::new();
        line(&mut t, ["bea_code".to_string(), col.to_string()]);
        for (code, x) in p.industries.iter().zip(v.iter()) {
            line(&mut t, [code.clone(), f(*x)]);
        }
        put(name, t, files)?;
    }
    let mut t = String::new();
    line(
        &mut t,
        ["bea_code", "import_total", "domestic_total"].map(String::from),
    );
    for c in 0..nc {
        line(
            &mut t,
            [
                p.commodities[c].clone(),
                f(p.import_total[c]),
                f(p.domestic_total[c]),
            ],
        );
    }
    put("bea_commodity_use_totals", t, files)?;
    let mut t = String::new();
    line(
        &mut t,
        [
            "pce_category",
            "bea_code",
            "producers_value",
            "purchasers_value",
        ]
        .map(String::from),
    );
    for l in &p.pce {
        line(
            &mut t,
            [
                l.category.clone(),
                p.commodities[l.commodity].clone(),
                f(l.producers),
                f(l.purchasers),
            ],
        );
    }
    put("pce_bridge", t, files)?;
    let mut t = String::new();
    line(&mut t, ["summary_code", "detail_code"].map(String::from));
    for (s, d) in &p.hierarchy {
        line(&mut t, [s.clone(), d.clone()]);
    }
    put("bea_summary_to_detail", t, files)?;
    let mut t = String::new();
    line(&mut t, ["Commodity Code", "Description"].map(String::from));
    if descriptions {
        for c in 0..nc {
            if !p.descriptions[c].is_empty() {
                line(
                    &mut t,
                    [p.commodities[c].clone(), p.descriptions[c].clone()],
                );
            }
        }
    }
    put("bea_commodity_descriptions", t, files)?;
    Ok(())
}

/// Builds the shipped national tables in `out` (`detail_2017/`,
/// `summary_2024/`, `hts10_bea.csv.gz`) from the shared `bea` folder and
/// the shared `us-trade` folder (for the HTS10 → BEA concordance). Each
/// table is read and validated by the same reader users' folders go
/// through; the summary table gets the 2017 code hierarchy (BEA's summary
/// codes are the same).
pub fn build_national_data(bea: &Path, trade: &Path, out: &Path) -> Result<NationalBuildReport> {
    let mut files = Vec::new();
    let mut sizes = Vec::new();
    let detail = read_parts(&Folder(bea.join("detail_2017")))?;
    table("detail_2017", detail.clone())?;
    write_parts(
        &detail,
        true,
        &out.join("detail_2017"),
        &mut files,
        "detail_2017",
    )?;
    sizes.push((
        "detail_2017".to_string(),
        detail.commodities.len(),
        detail.industries.len(),
    ));
    let mut summary = read_parts(&Folder(bea.join("summary_2024")))?;
    summary.hierarchy = detail.hierarchy.clone();
    table("summary_2024", summary.clone())?;
    write_parts(
        &summary,
        true,
        &out.join("summary_2024"),
        &mut files,
        "summary_2024",
    )?;
    sizes.push((
        "summary_2024".to_string(),
        summary.commodities.len(),
        summary.industries.len(),
    ));
    let src = trade.join("metal_content_shares_bea_hs10.csv.gz");
    let name = src.display().to_string();
    let text = gunzip(&name, &read_bytes(&src)?)?;
    let (h, rows) = rows(&name, &text)?;
    let (ih, ib) = (
        column(&name, &h, "hs10")?,
        column(&name, &h, "bea_detail_code")?,
    );
    let mut lines: BTreeMap<String, String> = BTreeMap::new();
    let mut missing = 0;
    for (row, r) in rows {
        let (hts, code) = (r[ih].trim(), r[ib].trim());
        if hts.len() != 10 || !hts.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DataError::at(
                Location::source(&name).at_row(row).at_column("hs10"),
                format!("{hts:?} is not a ten-digit HTS code"),
            ));
        }
        if code.is_empty() || code == "NA" {
            missing += 1;
            continue;
        }
        lines.insert(hts.to_string(), code.to_string());
    }
    let mut t = String::from("hts10,bea_detail_code\n");
    for (h, c) in &lines {
        t.push_str(&format!("{h},{c}\n"));
    }
    create_dir_all(out)?;
    write_bytes(out.join("hts10_bea.csv.gz"), &gz(&t))?;
    files.push("hts10_bea.csv.gz".into());
    Ok(NationalBuildReport {
        files,
        sizes,
        lines: (lines.len(), missing),
    })
}
