use std::io::Write;

use super::*;

const HEADER: &str = "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty";

fn csv(rows: &[&str]) -> String {
    let mut s = HEADER.to_string();
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s
}

fn errors(r: Result<Bom, ReadError>) -> String {
    match r {
        Err(ReadError::Invalid(v)) => v
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("expected invalid, got {:?}", other.map(|b| b.lines.len())),
    }
}

#[test]
fn reads_a_valid_csv() {
    let b = parse_csv(
        "t.csv",
        csv(&[
            "car,,SUV,8703.23.01,CA,,,36000,1",
            "eng,car,engine,8407.34,US,yes,Ohio plant,5500,1",
            "blk,eng,block,8409.91,MX,no,,800.50,1",
        ])
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(b.lines.len(), 3);
    assert_eq!(b.lines[2].unit_value.to_string(), "800.50");
    assert_eq!(b.lines[2].location.to_string(), "t.csv, row 4");
}

#[test]
fn reports_every_problem_with_row_and_column() {
    let e = errors(parse_csv(
        "t.csv",
        csv(&[
            "car,,SUV,8703.23.01,CA,,,36000,1",
            "a,car,x,87x3,CAN,maybe,,-5,1",
            "b,car,y,8708.99,CN,no,,,1",
            "c,d,z,8708.99,CN,no,,1,1",
            "d,c,z,8708.99,CN,no,,1,1",
        ])
        .as_bytes(),
    ));
    for want in [
        "t.csv, row 3, column hs: invalid tariff code",
        "t.csv, row 3, column origin:",
        "t.csv, row 3, column originating:",
        "t.csv, row 3, column unit_value: negative value -5",
        "t.csv, row 4, column unit_value: missing value",
        "cycle in the bill of materials",
    ] {
        assert!(e.contains(want), "missing {want:?} in\n{e}");
    }
}

#[test]
fn missing_and_unknown_columns() {
    let e = errors(parse_csv("t.csv", b"part_id,parent_id,colour\ncar,,red"));
    assert!(e.contains("column qty: missing required column"), "{e}");
    assert!(e.contains("column colour: unknown column"), "{e}");
    let e = errors(parse_csv("t.csv", b""));
    assert!(e.contains("empty file"), "{e}");
}

fn xlsx(sheet: &str, rows: &[&[&str]]) -> Vec<u8> {
    let mut data = String::new();
    for (i, r) in rows.iter().enumerate() {
        data.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, c) in r.iter().enumerate() {
            let col = (b'A' + j as u8) as char;
            data.push_str(&cell_xml(&format!("{col}{}", i + 1), c, i > 0));
        }
        data.push_str("</row>");
    }
    xlsx_raw(sheet, &data)
}

/// One cell's XML at reference `at`: a number when `numeric` and the text
/// parses, else an inline string.
fn cell_xml(at: &str, c: &str, numeric: bool) -> String {
    if numeric && !c.is_empty() && c.parse::<f64>().is_ok() {
        format!("<c r=\"{at}\"><v>{c}</v></c>")
    } else {
        format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{c}</t></is></c>")
    }
}

/// A workbook with one sheet whose `<sheetData>` is `data`.
fn xlsx_raw(sheet: &str, data: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut buf));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut put = |name: &str, body: String| {
            z.start_file(name, o).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        };
        put("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.into());
        put("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into());
        put(
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        );
        put("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.into());
        put(
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            ),
        );
        z.finish().unwrap();
    }
    buf
}

const XROWS: &[&[&str]] = &[
    &[
        "part_id",
        "parent_id",
        "description",
        "hs",
        "origin",
        "originating",
        "supplier",
        "unit_value",
        "qty",
    ],
    &["car", "", "SUV", "8703.23.01", "CA", "", "", "36000", "1"],
    &[
        "eng", "car", "engine", "8407.34", "US", "yes", "Ohio", "5500.25", "1",
    ],
];

#[test]
fn reads_xlsx_from_the_bom_sheet() {
    let b = parse_xlsx("t.xlsx", &xlsx("BOM", XROWS), None).unwrap();
    assert_eq!(b.lines.len(), 2);
    assert_eq!(b.lines[1].unit_value.to_string(), "5500.25");
    assert!(
        b.lines[1]
            .location
            .to_string()
            .starts_with("t.xlsx [BOM], row 3")
    );
}

#[test]
fn xlsx_wrong_sheet_is_a_clear_error() {
    let e = errors(parse_xlsx("t.xlsx", &xlsx("Sheet1", XROWS), None));
    assert!(e.contains("no sheet named \"BOM\" (sheets: Sheet1)"), "{e}");
    assert!(parse_xlsx("t.xlsx", &xlsx("Sheet1", XROWS), Some("Sheet1")).is_ok());
    let e = errors(parse_xlsx("t.xlsx", b"not a zip", None));
    assert!(e.contains("not a readable XLSX"), "{e}");
}

#[test]
fn cost_sheet_errors_name_the_line() {
    let e = parse_cost_sheet(
        "c.toml",
        "originating_materials = \"1\"\nnon_originating_materials = \"x\"\n",
    )
    .unwrap_err();
    let s = e.to_string();
    assert!(s.contains("c.toml, row 2"), "{s}");
    let ok = parse_cost_sheet(
        "c.toml",
        "originating_materials = \"1\"\nnon_originating_materials = \"2\"\n",
    )
    .unwrap();
    assert_eq!(ok.costs().total_cost().to_string(), "3");
}

/// Property test (seeded, deterministic): arbitrary bytes and random
/// mutations of a valid BOM never panic the reader: the answer is always
/// Ok or an error.
#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let valid = csv(&[
        "car,,SUV,8703.23.01,CA,,,36000,1",
        "eng,car,engine,8407.34,US,yes,Ohio plant,5500,1",
        "blk,eng,block,8409.91,MX,no,,800.50,2",
    ])
    .into_bytes();
    let alphabet = b",\n\"-.0123456789yesnoabcXY \r\t";
    let (mut ok, mut err) = (0, 0);
    for i in 0..3000 {
        let bytes: Vec<u8> = if i % 2 == 0 {
            let n = (next() % 200) as usize;
            (0..n)
                .map(|_| {
                    if next() % 3 == 0 {
                        next() as u8
                    } else {
                        alphabet[(next() % alphabet.len() as u64) as usize]
                    }
                })
                .collect()
        } else {
            let mut v = valid.clone();
            for _ in 0..(1 + next() % 4) {
                let p = (next() % v.len() as u64) as usize;
                match next() % 3 {
                    0 => v[p] = alphabet[(next() % alphabet.len() as u64) as usize],
                    1 => {
                        v.remove(p);
                    }
                    _ => v.insert(p, alphabet[(next() % alphabet.len() as u64) as usize]),
                }
            }
            v
        };
        match parse_csv("fuzz", &bytes) {
            Ok(_) => ok += 1,
            Err(_) => err += 1,
        }
        let _ = parse_xlsx("fuzz", &bytes, None);
    }
    assert!(ok > 0 && err > 0, "ok {ok} err {err}");
}

/// A cycle with a long chain of parts hanging below it: the cycle is
/// reported at once (the search was once cubic in the chain's length, so a
/// few thousand such rows took seconds and 30,000 took hours).
#[test]
fn long_chain_below_a_cycle_is_reported_quickly() {
    let mut csv = String::from(
        "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty\n\
         car,,Car,8703.23.01,CA,,,30000,1\n\
         a,b,A,8708.99,US,no,,1,1\n\
         b,a,B,8708.99,US,no,,1,1\n",
    );
    let n = 30_000;
    for k in 0..n {
        let p = if k + 1 < n {
            format!("c{}", k + 1)
        } else {
            "a".into()
        };
        csv.push_str(&format!("c{k},{p},C,8708.99,US,no,,1,1\n"));
    }
    let t = std::time::Instant::now();
    let e = errors(parse_csv("t.csv", csv.as_bytes()));
    assert!(
        e.contains("t.csv, row 3, column parent_id: cycle in the bill of materials: a → b → a"),
        "{e}"
    );
    assert_eq!(e.matches("cycle").count(), 1, "{e}");
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
}

/// Found by the `bom_csv` fuzz target: a cell reference whose row number
/// overflows u32 made calamine 0.32 panic (with overflow checks) or wrap to
/// a wrong row (without). Now an error naming the damage, never a panic,
/// for the fuzzer's input and for a hand-made one.
#[test]
fn xlsx_cell_reference_overflow_is_an_error_not_a_panic() {
    let crash = include_bytes!("../../tests/fixtures/bom/fuzz-calamine-row-overflow.xlsx");
    let e = errors(parse_xlsx("crash.xlsx", crash, None));
    assert!(e.contains("crash.xlsx"), "{e}");
    let mut data = String::from("<row r=\"1\">");
    data.push_str(&cell_xml("A1", "part_id", false));
    data.push_str("</row><row r=\"99999999999\">");
    data.push_str(&cell_xml("A99999999999", "car", false));
    data.push_str("</row>");
    let e = errors(parse_xlsx("big.xlsx", &xlsx_raw("BOM", &data), None));
    assert!(e.contains("big.xlsx") && e.contains("damaged"), "{e}");
}

/// A cell past Excel's last row is an error naming the row; a stray cell
/// at the far corner (XFD1048576) right of the header is ignored, and
/// costs nothing (the sheet is read cell by cell, not as a dense range of
/// 17 billion cells).
#[test]
fn xlsx_cells_far_away_are_bounded() {
    let mut data = String::new();
    for (i, r) in XROWS.iter().enumerate() {
        data.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, c) in r.iter().enumerate() {
            let col = (b'A' + j as u8) as char;
            data.push_str(&cell_xml(&format!("{col}{}", i + 1), c, i > 0));
        }
        data.push_str("</row>");
    }
    let mut far = data.clone();
    far.push_str("<row r=\"1048576\">");
    far.push_str(&cell_xml("XFD1048576", "stray", false));
    far.push_str("</row>");
    let t = std::time::Instant::now();
    let b = parse_xlsx("far.xlsx", &xlsx_raw("BOM", &far), None).unwrap();
    assert_eq!(b.lines.len(), 2);
    assert!(t.elapsed().as_secs_f64() < 5.0);
    let mut beyond = data;
    beyond.push_str("<row r=\"1048577\">");
    beyond.push_str(&cell_xml("A1048577", "car2", false));
    beyond.push_str("</row>");
    let e = errors(parse_xlsx("beyond.xlsx", &xlsx_raw("BOM", &beyond), None));
    assert!(e.contains("row 1048577") && e.contains("damaged"), "{e}");
}
