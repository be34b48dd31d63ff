//! The example organisation written the way Dutch HR tools write it, as fixtures for the
//! importers.
//!
//! Users rarely have werkt's plain CSVs; they have what their HR system, survey tool and
//! spreadsheet export. [`write_dutch_exports`] turns a plain organisation directory into such
//! an export directory holding the *same* data, so an end-to-end test can check that werkt
//! reading the exports gives exactly the figures it gives for the plain files. Each file
//! carries the quirks real exports have (listed in tests/fixtures/exports/README.md):
//! Windows-1252 and `;` in the CSVs, DD-MM-YYYY dates, the Dutch return date (first day fit
//! again) instead of the last day absent, part-time factors as percent text, money with
//! thousands dots and a decimal comma, Dutch column names, extra columns, a title above the
//! header, and file names chosen by whoever exported them.
//!
//! Everything is deterministic (no clock, no randomness, fixed archive timestamps), so the
//! committed fixtures can be compared with what the generator writes now.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::Path;

use chrono::NaiveDate;

/// Units: Windows-1252, `;`, CRLF.
pub const UNITS_FILE: &str = "Afdelingen.csv";
/// Employees: an Excel workbook with a title row above the header.
pub const EMPLOYEES_FILE: &str = "Personeel export november 2026.xlsx";
/// Absence: Windows-1252, `;`, CRLF, return dates.
pub const ABSENCE_FILE: &str = "Verzuim_2026-11.csv";
/// Survey: an OpenDocument spreadsheet.
pub const SURVEY_FILE: &str = "Medewerkersonderzoek.ods";
/// Interventions: Windows-1252, `;`, CRLF, Dutch money.
pub const INTERVENTIONS_FILE: &str = "Interventies.csv";

pub const UNITS_HEADERS: [&str; 3] = ["Afdelingscode", "Omschrijving", "Bovenliggende afdeling"];
pub const EMPLOYEES_HEADERS: [&str; 8] = [
    "Personeelsnummer",
    "Naam",
    "Afdeling",
    "Deeltijdfactor",
    "Datum in dienst",
    "Datum uit dienst",
    "Dagloon",
    "Functie",
];
pub const ABSENCE_HEADERS: [&str; 6] = [
    "Personeelsnummer",
    "Naam",
    "Eerste ziektedag",
    "Hersteldatum",
    "Percentage arbeidsongeschikt",
    "Verzuimsoort",
];
/// The survey's fixed columns; the item columns follow under their plain names.
pub const SURVEY_FIXED_HEADERS: [&str; 3] = ["Respondent", "Afdeling", "Datum"];
pub const INTERVENTIONS_HEADERS: [&str; 8] = [
    "Interventie",
    "Afdeling",
    "Omschrijving",
    "Startdatum",
    "Investering",
    "Jaarlijkse kosten",
    "Horizon (jaren)",
    "Opbrengst per jaar",
];

/// The worksheet of the employee workbook, as Dutch Excel names a new sheet.
pub const EMPLOYEES_SHEET: &str = "Blad1";
/// The sheet of the survey spreadsheet.
pub const SURVEY_SHEET: &str = "Antwoorden";
/// 0-based row of the employee workbook's header: a title and an empty row come first.
pub const EMPLOYEES_HEADER_ROW: u32 = 2;

/// First names of the fictional employees; several carry accents so the Windows-1252
/// encoding of the CSVs is visible (a UTF-8 reader fails on them). Every letter exists in
/// Windows-1252. 24 names and 25 surnames: coprime, so the first 600 employees all get
/// different full names.
const FIRST_NAMES: [&str; 24] = [
    "Noël",
    "Sanne",
    "Renée",
    "Daan",
    "Fatima",
    "Thijs",
    "Zoë",
    "Mohamed",
    "Inês",
    "Bram",
    "Chloë",
    "Jeroen",
    "Lotte",
    "José",
    "Eva",
    "Kees",
    "Anouk",
    "Mehmet",
    "Ingrid",
    "Sjoerd",
    "Mariëlle",
    "Hüseyin",
    "Séverine",
    "Joost",
];
const SURNAMES: [&str; 25] = [
    "de Vries",
    "Müller",
    "Jansen",
    "van den Berg",
    "Bakker",
    "El Amrani",
    "Visser",
    "Smit",
    "Öztürk",
    "de Boer",
    "Mulder",
    "van Dijk",
    "Peeters",
    "Gonçalves",
    "Hendriks",
    "van der Meer",
    "Brouwer",
    "Dekker",
    "Janssens",
    "Škoda",
    "Ferreira",
    "Kowalski",
    "de Wit",
    "Bosman",
    "Wüst",
];
/// The extra `Functie` column: job titles of a care organisation.
const JOB_TITLES: [&str; 7] = [
    "Verzorgende IG",
    "Verpleegkundige",
    "Helpende Zorg & Welzijn",
    "Wijkverpleegkundige",
    "Activiteitenbegeleider",
    "Teamleider zorg",
    "Medewerker facilitair",
];

/// The fictional full name of the `ordinal`-th distinct employee (0-based, in the order the
/// plain employees.csv first names them), used in both the employee and the absence export.
pub fn fictional_name(ordinal: usize) -> String {
    format!(
        "{} {}",
        FIRST_NAMES[ordinal % FIRST_NAMES.len()],
        SURNAMES[ordinal % SURNAMES.len()]
    )
}

/// Writes the five export files for the plain organisation directory `plain_org` into
/// `out_dir` (created if missing). No organisation.toml is written: a user's export directory
/// has none. survey.csv and interventions.csv are optional in the plain format; when one is
/// missing, so is its export.
pub fn write_dutch_exports(plain_org: &Path, out_dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(out_dir)?;
    let org_name = organisation_name(plain_org)?;

    let units = Table::read(&plain_org.join("units.csv"))?;
    let employees = Table::read(&plain_org.join("employees.csv"))?;
    let absence = Table::read(&plain_org.join("absence.csv"))?;

    // One name per person, however many employment rows they have.
    let mut ordinals: HashMap<String, usize> = HashMap::new();
    for r in 0..employees.rows.len() {
        let id = employees.get(r, "employee_id")?.to_string();
        let next = ordinals.len();
        ordinals.entry(id).or_insert(next);
    }
    let name_of = |id: &str| -> io::Result<String> {
        ordinals
            .get(id)
            .map(|&o| fictional_name(o))
            .ok_or_else(|| invalid(format!("employee {id} is not in employees.csv")))
    };

    write_units(&units, &out_dir.join(UNITS_FILE))?;
    write_employees(
        &employees,
        &org_name,
        &name_of,
        &out_dir.join(EMPLOYEES_FILE),
    )?;
    write_absence(&absence, &name_of, &out_dir.join(ABSENCE_FILE))?;

    let survey = plain_org.join("survey.csv");
    if survey.exists() {
        write_survey(&Table::read(&survey)?, &out_dir.join(SURVEY_FILE))?;
    }
    let interventions = plain_org.join("interventions.csv");
    if interventions.exists() {
        write_interventions(
            &Table::read(&interventions)?,
            &out_dir.join(INTERVENTIONS_FILE),
        )?;
    }
    Ok(())
}

/// A plain CSV file read whole: trimmed header names and trimmed fields.
struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> io::Result<Table> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(path)?;
        let headers = reader.headers()?.iter().map(str::to_string).collect();
        let rows = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
            .collect::<Result<_, _>>()?;
        Ok(Table {
            file: path.display().to_string(),
            headers,
            rows,
        })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The field of `row` in column `name`; an error when the file has no such column.
    fn get(&self, row: usize, name: &str) -> io::Result<&str> {
        let c = self
            .column(name)
            .ok_or_else(|| invalid(format!("{}: no column {name}", self.file)))?;
        Ok(self.rows[row].get(c).map_or("", String::as_str))
    }

    /// Like [`Table::get`], but an absent optional column reads as empty.
    fn get_opt(&self, row: usize, name: &str) -> &str {
        self.column(name)
            .and_then(|c| self.rows[row].get(c))
            .map_or("", String::as_str)
    }
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// The `name` of organisation.toml (for the workbook's title), or the directory name.
fn organisation_name(plain_org: &Path) -> io::Result<String> {
    let fallback = plain_org
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Ok(text) = std::fs::read_to_string(plain_org.join("organisation.toml")) else {
        return Ok(fallback);
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e| invalid(format!("organisation.toml: {e}")))?;
    Ok(match table.get("name").and_then(|v| v.as_str()) {
        Some(n) if !n.trim().is_empty() => n.to_string(),
        _ => fallback,
    })
}

fn parse_date(s: &str) -> io::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| invalid(format!("date {s:?}: {e}")))
}

/// DD-MM-YYYY, the layout Dutch software writes; empty stays empty.
fn dutch_date(plain: &str) -> io::Result<String> {
    if plain.is_empty() {
        return Ok(String::new());
    }
    Ok(parse_date(plain)?.format("%d-%m-%Y").to_string())
}

/// The Dutch `Hersteldatum` for a plain `end_date`: Dutch absence registrations record the
/// first day the employee is fit again, one day after werkt's last day absent. Empty (still
/// absent) stays empty.
pub fn return_date(plain_end: &str) -> io::Result<String> {
    if plain_end.is_empty() {
        return Ok(String::new());
    }
    let next = parse_date(plain_end)?
        .succ_opt()
        .ok_or_else(|| invalid(format!("no day after {plain_end}")))?;
    Ok(next.format("%d-%m-%Y").to_string())
}

/// A plain decimal (`18000`, `0.8`, `0,8`, `5000.50`) split into its digits before and after
/// the decimal separator, so values are moved between notations as text and never rounded.
fn decimal_parts(plain: &str) -> io::Result<(String, String)> {
    let s = plain.replace(',', ".");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return Err(invalid(format!(
            "not a plain non-negative decimal: {plain:?}"
        )));
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Ok((int.to_string(), frac.to_string()))
}

/// The part-time factor as the percent text HR systems show: `0.8` -> `80%`, `1` -> `100%`,
/// `1.2` -> `120%`; a fraction of a percent gets a decimal comma (`0.125` -> `12,5%`).
///
/// The decimal point is moved as text rather than computing `fte * 100`, which is not exact in
/// binary (`0.57 * 100` is `56.99999999999999`). For a whole percent `p`, `p / 100.0` is the
/// double nearest the true quotient, i.e. exactly the `f64` parsed from the plain fte.
pub fn fte_percent(plain_fte: &str) -> io::Result<String> {
    let (int, frac) = decimal_parts(plain_fte)?;
    let frac = format!("{frac:0<2}");
    let (hundredths, rest) = frac.split_at(2);
    let whole = format!("{int}{hundredths}");
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let rest = rest.trim_end_matches('0');
    Ok(if rest.is_empty() {
        format!("{whole}%")
    } else {
        format!("{whole},{rest}%")
    })
}

/// Money in Dutch notation with two (or more, never fewer) decimals: `18000` -> `18.000,00`,
/// `2500` -> `2.500,00`, `0` -> `0,00`, `5000.5` -> `5.000,50`. Empty stays empty.
pub fn dutch_money(plain: &str) -> io::Result<String> {
    if plain.is_empty() {
        return Ok(String::new());
    }
    let (int, frac) = decimal_parts(plain)?;
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    Ok(format!("{grouped},{frac:0<2}"))
}

/// Writes `records` as a Dutch Excel "CSV (puntkomma gescheiden)": `;`, CRLF, Windows-1252.
/// A character Windows-1252 cannot hold is an error rather than a silent `&#...;`.
fn write_cp1252_csv(path: &Path, headers: &[&str], records: &[Vec<String>]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(headers)?;
    for r in records {
        w.write_record(r)?;
    }
    let utf8 = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let text = String::from_utf8(utf8).map_err(|e| invalid(e.to_string()))?;
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        return Err(invalid(format!(
            "{}: text that Windows-1252 cannot encode",
            path.display()
        )));
    }
    std::fs::write(path, bytes)
}

fn write_units(units: &Table, path: &Path) -> io::Result<()> {
    let mut records = Vec::new();
    for r in 0..units.rows.len() {
        records.push(vec![
            units.get(r, "unit_id")?.to_string(),
            units.get(r, "name")?.to_string(),
            units.get(r, "parent_id")?.to_string(),
        ]);
    }
    write_cp1252_csv(path, &UNITS_HEADERS, &records)
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

fn excel_date(plain: &str) -> io::Result<rust_xlsxwriter::ExcelDateTime> {
    use chrono::Datelike;
    let d = parse_date(plain)?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .map_err(xlsx_err)
}

fn write_employees(
    employees: &Table,
    org_name: &str,
    name_of: &dyn Fn(&str) -> io::Result<String>,
    path: &Path,
) -> io::Result<()> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

    let mut workbook = Workbook::new();
    // A fixed creation time: otherwise docProps/core.xml holds the moment of writing and the
    // fixture changes on every run.
    let created = ExcelDateTime::from_ymd(2026, 11, 30).map_err(xlsx_err)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_author("Personeelsadministratie")
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let money = Format::new().set_num_format("#,##0.00");

    let sheet = workbook.add_worksheet();
    sheet.set_name(EMPLOYEES_SHEET).map_err(xlsx_err)?;
    sheet
        .write_string_with_format(0, 0, format!("Personeelsoverzicht {org_name}"), &bold)
        .map_err(xlsx_err)?;
    for (c, h) in EMPLOYEES_HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(EMPLOYEES_HEADER_ROW, c as u16, *h, &bold)
            .map_err(xlsx_err)?;
    }
    for (c, width) in [16.0, 26.0, 10.0, 14.0, 16.0, 16.0, 10.0, 24.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, width).map_err(xlsx_err)?;
    }

    for r in 0..employees.rows.len() {
        let row = EMPLOYEES_HEADER_ROW + 1 + r as u32;
        let id = employees.get(r, "employee_id")?;
        sheet.write_string(row, 0, id).map_err(xlsx_err)?;
        sheet.write_string(row, 1, name_of(id)?).map_err(xlsx_err)?;
        sheet
            .write_string(row, 2, employees.get(r, "unit_id")?)
            .map_err(xlsx_err)?;
        sheet
            .write_string(row, 3, fte_percent(employees.get(r, "fte")?)?)
            .map_err(xlsx_err)?;
        sheet
            .write_datetime_with_format(row, 4, excel_date(employees.get(r, "start_date")?)?, &date)
            .map_err(xlsx_err)?;
        match employees.get(r, "end_date")? {
            // Still employed: a blank cell that keeps the column's date format, as Excel
            // leaves it when a value is deleted.
            "" => sheet.write_blank(row, 5, &date).map(|_| ()),
            end => sheet
                .write_datetime_with_format(row, 5, excel_date(end)?, &date)
                .map(|_| ()),
        }
        .map_err(xlsx_err)?;
        let cost = employees.get_opt(r, "daily_cost");
        if !cost.is_empty() {
            let value: f64 = cost
                .replace(',', ".")
                .parse()
                .map_err(|_| invalid(format!("daily_cost {cost:?}")))?;
            sheet
                .write_number_with_format(row, 6, value, &money)
                .map_err(xlsx_err)?;
        }
        sheet
            .write_string(row, 7, JOB_TITLES[r % JOB_TITLES.len()])
            .map_err(xlsx_err)?;
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx_err)?;
    std::fs::write(path, bytes)
}

fn write_absence(
    absence: &Table,
    name_of: &dyn Fn(&str) -> io::Result<String>,
    path: &Path,
) -> io::Result<()> {
    let mut records = Vec::new();
    let mut sick_rows = 0usize;
    for r in 0..absence.rows.len() {
        let id = absence.get(r, "employee_id")?;
        let percentage = match absence.get_opt(r, "percentage").trim_end_matches('%') {
            "" => 100,
            p => {
                let v: f64 = p
                    .replace(',', ".")
                    .parse()
                    .map_err(|_| invalid(format!("percentage {p:?}")))?;
                if v.fract() != 0.0 || !(1.0..=100.0).contains(&v) {
                    return Err(invalid(format!("percentage {p:?}")));
                }
                v as u32
            }
        };
        // Different HR systems (and different users of one) spell sick leave differently;
        // both spellings occur so an importer has to accept both.
        let kind = match absence.get_opt(r, "reason").to_ascii_lowercase().as_str() {
            "" | "sick" => {
                sick_rows += 1;
                if sick_rows % 2 == 1 { "Ziek" } else { "Ziekte" }
            }
            "pregnancy" => "Zwangerschap",
            other => return Err(invalid(format!("reason {other:?}"))),
        };
        records.push(vec![
            id.to_string(),
            name_of(id)?,
            dutch_date(absence.get(r, "start_date")?)?,
            return_date(absence.get(r, "end_date")?)?,
            percentage.to_string(),
            kind.to_string(),
        ]);
    }
    write_cp1252_csv(path, &ABSENCE_HEADERS, &records)
}

fn write_interventions(interventions: &Table, path: &Path) -> io::Result<()> {
    let mut records = Vec::new();
    for r in 0..interventions.rows.len() {
        records.push(vec![
            interventions.get(r, "intervention_id")?.to_string(),
            interventions.get(r, "unit_id")?.to_string(),
            interventions.get(r, "name")?.to_string(),
            dutch_date(interventions.get(r, "start_date")?)?,
            dutch_money(interventions.get(r, "investment")?)?,
            dutch_money(interventions.get(r, "annual_cost")?)?,
            interventions.get_opt(r, "horizon_years").to_string(),
            dutch_money(interventions.get_opt(r, "performance_benefit_per_year"))?,
        ]);
    }
    write_cp1252_csv(path, &INTERVENTIONS_HEADERS, &records)
}

/// Escapes text for XML content and double-quoted attributes.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

const ODS_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">
 <office:styles>
  <style:default-style style:family="table-cell"/>
 </office:styles>
</office:document-styles>
"#;

/// A fixed creation date, like the workbook's, so the fixture does not change between runs.
const ODS_META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2">
 <office:meta>
  <meta:generator>Enquêtetool export</meta:generator>
  <meta:creation-date>2026-11-30T00:00:00</meta:creation-date>
 </office:meta>
</office:document-meta>
"#;

/// The content.xml of the survey spreadsheet: header cells as strings, `Datum` as date cells
/// shown DD-MM-YYYY, answers as float cells, missing answers as empty cells.
fn survey_content(survey: &Table) -> io::Result<String> {
    let fixed = ["respondent_id", "unit_id", "date"];
    let items: Vec<&String> = survey
        .headers
        .iter()
        .filter(|h| !fixed.iter().any(|f| h.eq_ignore_ascii_case(f)))
        .collect();
    let headers: Vec<&str> = SURVEY_FIXED_HEADERS
        .iter()
        .copied()
        .chain(items.iter().map(|h| h.as_str()))
        .collect();

    let mut x = String::new();
    x.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<office:document-content"#,
        r#" xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
        r#" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#,
        r#" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
        r#" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
        r#" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0""#,
        r#" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0""#,
        r#" office:version="1.2">"#,
        "\n",
        "<office:automatic-styles>",
        r#"<number:date-style style:name="N1">"#,
        r#"<number:day number:style="long"/><number:text>-</number:text>"#,
        r#"<number:month number:style="long"/><number:text>-</number:text>"#,
        r#"<number:year number:style="long"/>"#,
        "</number:date-style>",
        r#"<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>"#,
        "</office:automatic-styles>\n",
        "<office:body><office:spreadsheet>\n",
    ));
    let _ = writeln!(
        x,
        r#"<table:table table:name="{}">"#,
        xml_escape(SURVEY_SHEET)
    );
    for _ in &headers {
        x.push_str("<table:table-column/>");
    }
    x.push('\n');

    let string_cell = |x: &mut String, s: &str| {
        if s.is_empty() {
            x.push_str("<table:table-cell/>");
        } else {
            let _ = write!(
                x,
                r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                xml_escape(s)
            );
        }
    };

    x.push_str("<table:table-row>");
    for h in &headers {
        string_cell(&mut x, h);
    }
    x.push_str("</table:table-row>\n");

    for r in 0..survey.rows.len() {
        x.push_str("<table:table-row>");
        string_cell(&mut x, survey.get(r, "respondent_id")?);
        string_cell(&mut x, survey.get(r, "unit_id")?);
        let date = survey.get(r, "date")?;
        let _ = write!(
            x,
            r#"<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{}"><text:p>{}</text:p></table:table-cell>"#,
            parse_date(date)?.format("%Y-%m-%d"),
            dutch_date(date)?
        );
        for item in &items {
            let answer = survey.get(r, item)?;
            if answer.is_empty() {
                x.push_str("<table:table-cell/>");
                continue;
            }
            let v: f64 = answer
                .replace(',', ".")
                .parse()
                .map_err(|_| invalid(format!("survey answer {answer:?}")))?;
            let _ = write!(
                x,
                r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
            );
        }
        x.push_str("</table:table-row>\n");
    }
    x.push_str("</table:table>\n</office:spreadsheet></office:body>\n</office:document-content>\n");
    Ok(x)
}

/// Writes the survey as a minimal OpenDocument spreadsheet: `mimetype` first and stored
/// uncompressed (how readers recognise the format), then the manifest, content, styles and
/// meta. Every entry gets the zip format's earliest timestamp so the bytes do not depend on
/// the clock.
fn write_survey(survey: &Table, path: &Path) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipWriter};

    let content = survey_content(survey)?;
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let deflated = stored.compression_method(CompressionMethod::Deflated);

    let mut zip = ZipWriter::new(io::Cursor::new(Vec::new()));
    let entries: [(&str, &str, SimpleFileOptions); 5] = [
        ("mimetype", ODS_MIMETYPE, stored),
        ("META-INF/manifest.xml", ODS_MANIFEST, deflated),
        ("content.xml", &content, deflated),
        ("styles.xml", ODS_STYLES, deflated),
        ("meta.xml", ODS_META, deflated),
    ];
    for (name, body, options) in entries {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(body.as_bytes())?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Ods, Reader, Xlsx, open_workbook};
    use std::io::Read;
    use std::path::PathBuf;

    fn example() -> PathBuf {
        crate::example_org()
    }

    fn committed() -> PathBuf {
        crate::root().join("tests/fixtures/exports/zorgcentrum-rivierzicht")
    }

    const ALL_FILES: [&str; 5] = [
        UNITS_FILE,
        EMPLOYEES_FILE,
        ABSENCE_FILE,
        SURVEY_FILE,
        INTERVENTIONS_FILE,
    ];

    fn generated() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write_dutch_exports(&example(), dir.path()).unwrap();
        dir
    }

    fn plain(file: &str) -> Table {
        Table::read(&example().join(file)).unwrap()
    }

    /// The entries of a zip archive in archive order: name, compression method, contents.
    fn zip_entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
        let mut archive = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut f = archive.by_index(i).unwrap();
                let mut body = Vec::new();
                f.read_to_end(&mut body).unwrap();
                (f.name().unwrap().to_string(), f.compression(), body)
            })
            .collect()
    }

    /// A CSV export decoded from Windows-1252 and split into `;` records.
    fn read_export_csv(path: &Path) -> Vec<Vec<String>> {
        let bytes = std::fs::read(path).unwrap();
        let (text, _, errors) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(!errors);
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn writes_the_five_files_and_no_organisation_toml() {
        let dir = generated();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = ALL_FILES.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn writing_twice_gives_identical_bytes() {
        let (a, b) = (generated(), generated());
        for f in ALL_FILES {
            let (x, y) = (
                std::fs::read(a.path().join(f)).unwrap(),
                std::fs::read(b.path().join(f)).unwrap(),
            );
            assert!(x == y, "{f} differs between two runs");
        }
    }

    /// The committed fixtures are what the generator writes now. The CSVs must match byte for
    /// byte; the spreadsheets entry by entry after unzipping, because the compressed bytes
    /// depend on which deflate backend the build unified flate2 to.
    #[test]
    fn committed_fixtures_are_current() {
        let dir = generated();
        let hint = "regenerate with `cargo run -p werkt-e2e --bin write-exports`";
        for f in ALL_FILES {
            let now = std::fs::read(dir.path().join(f)).unwrap();
            let fixture =
                std::fs::read(committed().join(f)).unwrap_or_else(|e| panic!("{f}: {e}; {hint}"));
            if f.ends_with(".csv") {
                assert!(now == fixture, "{f} is stale; {hint}");
            } else {
                assert!(
                    zip_entries(&now) == zip_entries(&fixture),
                    "{f} is stale; {hint}"
                );
            }
        }
        let extra: Vec<_> = crate::files_below(&committed())
            .into_iter()
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                !ALL_FILES.contains(&n.as_ref())
            })
            .collect();
        assert!(extra.is_empty(), "unexpected fixture files: {extra:?}");
    }

    #[test]
    fn csvs_are_windows_1252_with_semicolons_and_crlf() {
        let dir = generated();
        for (f, headers) in [
            (UNITS_FILE, &UNITS_HEADERS[..]),
            (ABSENCE_FILE, &ABSENCE_HEADERS[..]),
            (INTERVENTIONS_FILE, &INTERVENTIONS_HEADERS[..]),
        ] {
            let bytes = std::fs::read(dir.path().join(f)).unwrap();
            let header_line = format!("{}\r\n", headers.join(";"));
            assert!(bytes.starts_with(header_line.as_bytes()), "{f}");
            assert!(bytes.ends_with(b"\r\n"), "{f}");
            let lf = bytes.iter().filter(|&&b| b == b'\n').count();
            let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
            assert_eq!(lf, crlf, "{f}: every line ends in CRLF");
        }
        // The absence export names people with accents ("Noël" is the first): encoded in
        // Windows-1252 that is not UTF-8, and the accented letter is its single byte.
        let absence = std::fs::read(dir.path().join(ABSENCE_FILE)).unwrap();
        assert!(std::str::from_utf8(&absence).is_err());
        assert!(absence.windows(4).any(|w| w == b"No\xebl"));
        let rows = read_export_csv(&dir.path().join(ABSENCE_FILE));
        assert_eq!(rows[1][1], fictional_name(0));
        assert!(rows.iter().any(|r| r[1].contains('ü')));
    }

    #[test]
    fn every_name_is_windows_1252() {
        for o in 0..FIRST_NAMES.len() * SURNAMES.len() {
            let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&fictional_name(o));
            assert!(!unmappable, "{}", fictional_name(o));
        }
    }

    #[test]
    fn units_are_the_plain_units() {
        let dir = generated();
        let rows = read_export_csv(&dir.path().join(UNITS_FILE));
        let units = plain("units.csv");
        assert_eq!(rows.len(), units.rows.len() + 1);
        for (r, row) in rows[1..].iter().enumerate() {
            let expected = ["unit_id", "name", "parent_id"].map(|c| units.get(r, c).unwrap());
            assert_eq!(row, &expected);
        }
    }

    #[test]
    fn fte_percent_divided_by_100_is_the_plain_fte() {
        let employees = plain("employees.csv");
        let mut plains: Vec<String> = (0..employees.rows.len())
            .map(|r| employees.get(r, "fte").unwrap().to_string())
            .collect();
        // And values the example does not have, including ones where `fte * 100` is inexact.
        plains.extend(
            [
                "0.57", "0.07", "0.125", "1.5", "0,8", ".5", "0.05", "0.33", "1.0",
            ]
            .map(String::from),
        );
        for p in plains {
            let pct = fte_percent(&p).unwrap();
            let number: f64 = pct
                .strip_suffix('%')
                .unwrap()
                .replace(',', ".")
                .parse()
                .unwrap();
            let exact: f64 = p.replace(',', ".").parse().unwrap();
            assert_eq!(number / 100.0, exact, "{p} -> {pct}");
        }
        assert_eq!(fte_percent("0.8").unwrap(), "80%");
        assert_eq!(fte_percent("1").unwrap(), "100%");
        assert_eq!(fte_percent("1.2").unwrap(), "120%");
        assert_eq!(fte_percent("0.125").unwrap(), "12,5%");
        assert_eq!(fte_percent("0.05").unwrap(), "5%");
    }

    #[test]
    fn dutch_money_layout() {
        assert_eq!(dutch_money("18000").unwrap(), "18.000,00");
        assert_eq!(dutch_money("2500").unwrap(), "2.500,00");
        assert_eq!(dutch_money("0").unwrap(), "0,00");
        assert_eq!(dutch_money("").unwrap(), "");
        assert_eq!(dutch_money("5000.5").unwrap(), "5.000,50");
        assert_eq!(dutch_money("1234567.891").unwrap(), "1.234.567,891");
        assert_eq!(dutch_money("999").unwrap(), "999,00");
        assert!(dutch_money("-5").is_err());
    }

    #[test]
    fn absence_rows_carry_the_return_date_and_dutch_values() {
        let dir = generated();
        let rows = read_export_csv(&dir.path().join(ABSENCE_FILE));
        let absence = plain("absence.csv");
        assert_eq!(rows.len(), absence.rows.len() + 1);
        let dmy = |s: &str| NaiveDate::parse_from_str(s, "%d-%m-%Y").unwrap();
        let mut open = 0;
        let mut kinds = std::collections::BTreeSet::new();
        for (r, row) in rows[1..].iter().enumerate() {
            assert_eq!(row[0], absence.get(r, "employee_id").unwrap());
            let start = parse_date(absence.get(r, "start_date").unwrap()).unwrap();
            assert_eq!(dmy(&row[2]), start);
            match absence.get(r, "end_date").unwrap() {
                "" => {
                    assert_eq!(row[3], "");
                    open += 1;
                }
                end => assert_eq!(
                    dmy(&row[3]),
                    parse_date(end).unwrap() + chrono::Days::new(1),
                    "row {r}: Hersteldatum is the day after the last day absent"
                ),
            }
            let pct = match absence.get(r, "percentage").unwrap() {
                "" => "100",
                p => p,
            };
            assert_eq!(row[4], pct);
            let reason = absence.get(r, "reason").unwrap();
            match reason {
                "pregnancy" => assert_eq!(row[5], "Zwangerschap"),
                _ => assert!(row[5] == "Ziek" || row[5] == "Ziekte", "{}", row[5]),
            }
            kinds.insert(row[5].clone());
        }
        assert!(open > 0, "the example has an ongoing absence");
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            ["Ziek", "Ziekte", "Zwangerschap"]
        );
        assert_eq!(return_date("2026-02-28").unwrap(), "01-03-2026");
        assert_eq!(return_date("2024-12-31").unwrap(), "01-01-2025");
    }

    #[test]
    fn interventions_use_dutch_dates_and_money() {
        let dir = generated();
        let rows = read_export_csv(&dir.path().join(INTERVENTIONS_FILE));
        assert_eq!(
            rows[1],
            [
                "iv-1",
                "d01-t02",
                "Workload redesign and self-rostering",
                "01-01-2026",
                "18.000,00",
                "4.000,00",
                "3",
                "6.000,00"
            ]
        );
        assert_eq!(rows[2][4..], ["9.000,00", "2.500,00", "3", "0,00"]);
        assert_eq!(rows.len(), plain("interventions.csv").rows.len() + 1);
    }

    /// Days since 1899-12-30: Excel's serial number of a date after February 1900.
    fn excel_serial(plain: &str) -> f64 {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
        (parse_date(plain).unwrap() - epoch).num_days() as f64
    }

    #[test]
    fn employee_workbook_has_a_title_dates_numbers_and_percent_text() {
        let dir = generated();
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(EMPLOYEES_FILE)).unwrap();
        assert_eq!(wb.sheet_names(), [EMPLOYEES_SHEET]);
        let range = wb.worksheet_range(EMPLOYEES_SHEET).unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(
            cell(0, 0),
            Data::String("Personeelsoverzicht Zorgcentrum Rivierzicht".into())
        );
        for c in 0..8 {
            assert_eq!(cell(1, c), Data::Empty);
        }
        for (c, h) in EMPLOYEES_HEADERS.iter().enumerate() {
            assert_eq!(
                cell(EMPLOYEES_HEADER_ROW, c as u32),
                Data::String(h.to_string())
            );
        }
        let employees = plain("employees.csv");
        assert_eq!(
            range.end().unwrap().0,
            EMPLOYEES_HEADER_ROW + employees.rows.len() as u32
        );
        let date_at = |r: u32, c: u32| match cell(r, c) {
            Data::DateTime(d) if d.is_datetime() => d.as_f64(),
            other => panic!("row {r} col {c}: not a date: {other:?}"),
        };
        let (mut open, mut with_cost, mut without_cost) = (0, 0, 0);
        for r in 0..employees.rows.len() {
            let row = EMPLOYEES_HEADER_ROW + 1 + r as u32;
            let get = |c| employees.get(r, c).unwrap();
            assert_eq!(cell(row, 0), Data::String(get("employee_id").into()));
            assert!(matches!(cell(row, 1), Data::String(ref n) if n.contains(' ')));
            assert_eq!(cell(row, 2), Data::String(get("unit_id").into()));
            assert_eq!(cell(row, 3), Data::String(fte_percent(get("fte")).unwrap()));
            assert_eq!(date_at(row, 4), excel_serial(get("start_date")));
            match get("end_date") {
                "" => {
                    assert_eq!(cell(row, 5), Data::Empty);
                    open += 1;
                }
                end => assert_eq!(date_at(row, 5), excel_serial(end)),
            }
            match get("daily_cost") {
                "" => {
                    assert_eq!(cell(row, 6), Data::Empty);
                    without_cost += 1;
                }
                cost => {
                    assert_eq!(cell(row, 6), Data::Float(cost.parse().unwrap()));
                    with_cost += 1;
                }
            }
            assert!(matches!(cell(row, 7), Data::String(_)));
        }
        assert!(open > 0 && open < employees.rows.len());
        assert!(with_cost > 0 && without_cost > 0);
    }

    #[test]
    fn a_person_has_one_name_across_rows_and_files() {
        let dir = generated();
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(EMPLOYEES_FILE)).unwrap();
        let range = wb.worksheet_range(EMPLOYEES_SHEET).unwrap();
        let mut names: HashMap<String, String> = HashMap::new();
        for row in range.rows().skip(EMPLOYEES_HEADER_ROW as usize + 1) {
            let (id, name) = (row[0].to_string(), row[1].to_string());
            let prev = names.insert(id.clone(), name.clone());
            assert!(prev.is_none_or(|p| p == name), "{id}");
        }
        let rows = read_export_csv(&dir.path().join(ABSENCE_FILE));
        for row in &rows[1..] {
            assert_eq!(names[&row[0]], row[1]);
        }
    }

    #[test]
    fn survey_spreadsheet_has_dates_floats_and_empty_answers() {
        let dir = generated();
        let path = dir.path().join(SURVEY_FILE);
        let entries = zip_entries(&std::fs::read(&path).unwrap());
        assert_eq!(entries[0].0, "mimetype");
        assert_eq!(entries[0].1, zip::CompressionMethod::Stored);
        assert_eq!(entries[0].2, ODS_MIMETYPE.as_bytes());
        // The magic bytes readers look for: "mimetype" is the first local file name.
        let raw = std::fs::read(&path).unwrap();
        assert_eq!(&raw[30..38], b"mimetype");

        let mut wb: Ods<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), [SURVEY_SHEET]);
        let range = wb.worksheet_range(SURVEY_SHEET).unwrap();
        let survey = plain("survey.csv");
        let items = &survey.headers[3..];
        let header: Vec<Data> = range.rows().next().unwrap().to_vec();
        let expected: Vec<Data> = SURVEY_FIXED_HEADERS
            .iter()
            .map(|s| s.to_string())
            .chain(items.iter().cloned())
            .map(Data::String)
            .collect();
        assert_eq!(header, expected);
        assert_eq!(range.height(), survey.rows.len() + 1);
        let mut empties = 0;
        for (r, row) in range.rows().skip(1).enumerate() {
            assert_eq!(
                row[0],
                Data::String(survey.get(r, "respondent_id").unwrap().into())
            );
            assert_eq!(
                row[1],
                Data::String(survey.get(r, "unit_id").unwrap().into())
            );
            assert_eq!(
                row[2],
                Data::DateTimeIso(survey.get(r, "date").unwrap().into())
            );
            for (i, item) in items.iter().enumerate() {
                match survey.get(r, item).unwrap() {
                    "" => {
                        assert_eq!(row[3 + i], Data::Empty);
                        empties += 1;
                    }
                    a => assert_eq!(row[3 + i], Data::Float(a.parse().unwrap())),
                }
            }
        }
        assert!(empties > 0, "the example has unanswered items");
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml_escape(r#"Zorg & "Welzijn" <A>'"#),
            "Zorg &amp; &quot;Welzijn&quot; &lt;A&gt;&apos;"
        );
    }
}
