//! `newsbind doctor`: checks what a run needs and prints one line per check, `✔` or `✘`, with
//! the fix after `→`. The run is healthy (exit 0) when every *required* check passes: the
//! config parses and resolves, the fonts the PDF writer would use are found and parse, and the
//! output root can be written. Fallback coverage and the validators (EPUBCheck, java, qpdf,
//! poppler) are reported but optional: a `✘` there does not change the exit status.
//!
//! Gathering ([`run`]) does I/O (it reads fonts, runs `--version` of tools, writes and removes
//! one temporary file in the output root); judging and printing ([`Check`], [`healthy`]) is pure.

use crate::batch::options::Options;
use crate::cli::{CommonArgs, ConvertArgs, DoctorArgs};
use crate::fonts::{bmp_cmap, locate, FontFile, FontSpec};
use crate::model::diag::Error;
use crate::report::ExitStatus;
use crate::settings::config::Config;
use crate::settings::resolve::resolve_convert;
use crate::text::lang::Region;
use crate::writer::pdf::LoadedFont;
use crate::writer::Format;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked, e.g. `body font`.
    pub what: String,
    /// Whether it passed.
    pub ok: bool,
    /// Whether a run needs it (a failed required check makes the exit status 2).
    pub required: bool,
    /// What was found, or what is wrong.
    pub detail: String,
    /// How to fix it, shown when it failed.
    pub fix: Option<String>,
}

impl Check {
    fn pass(what: &str, detail: impl Into<String>) -> Self {
        Check {
            what: what.into(),
            ok: true,
            required: true,
            detail: detail.into(),
            fix: None,
        }
    }

    fn fail(what: &str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Check {
            what: what.into(),
            ok: false,
            required: true,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }

    fn optional(mut self) -> Self {
        self.required = false;
        self.what.push_str(" (optional)");
        self
    }
}

impl fmt::Display for Check {
    /// `✔ what: detail`, or `✘ what: detail → fix`, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.ok { '✔' } else { '✘' };
        write!(f, "{mark} {}: {}", self.what, self.detail)?;
        match (&self.fix, self.ok) {
            (Some(fix), false) => write!(f, " → {fix}"),
            _ => Ok(()),
        }
    }
}

/// Whether a run would work: every required check passed.
pub fn healthy(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.ok || !c.required)
}

/// Runs every check, in the order a run meets them.
pub fn run(args: &DoctorArgs) -> Vec<Check> {
    let mut checks = Vec::new();
    let (config, check) = config_check(args.config.as_deref());
    checks.push(check);
    let Some(config) = config else {
        return checks;
    };
    let convert = ConvertArgs {
        output: args.output.clone(),
        common: CommonArgs {
            config: args.config.clone(),
            ..CommonArgs::default()
        },
        ..ConvertArgs::default()
    };
    let opts = match resolve_convert(&convert, &config) {
        Ok(o) => {
            let formats: Vec<&str> = o.write.formats.iter().map(|f| f.name()).collect();
            checks.push(Check::pass(
                "settings",
                format!("formats {}", formats.join(",")),
            ));
            o
        }
        Err(e) => {
            checks.push(Check::fail(
                "settings",
                e.to_string(),
                "fix the value in the config file",
            ));
            return checks;
        }
    };
    checks.extend(font_checks(&opts));
    checks.push(output_check(&opts.output));
    checks.extend(validator_checks());
    checks
}

/// The config file a run would read (`-c`, else `./config.yaml` when present) and whether it
/// parses.
fn config_check(flag: Option<&Path>) -> (Option<Config>, Check) {
    let path = match flag {
        Some(p) => p.to_path_buf(),
        None if Path::new("config.yaml").is_file() => PathBuf::from("config.yaml"),
        None => {
            return (
                Some(Config::default()),
                Check::pass(
                    "config",
                    "no config.yaml here, the defaults apply (`newsbind init` writes one)",
                ),
            )
        }
    };
    match Config::load(&path) {
        Ok(c) => (
            Some(c),
            Check::pass("config", format!("{} parses", path.display())),
        ),
        Err(e) => (
            None,
            Check::fail(
                "config",
                e.to_string(),
                "fix the file, or start again from `newsbind init --force`",
            ),
        ),
    }
}

/// Runs `newsbind doctor`: the checks, one line each, then the verdict; exit 2 when a line
/// that is not optional failed.
pub fn command(args: &DoctorArgs) -> Result<ExitStatus, Error> {
    let checks = run(args);
    let mut text = String::new();
    for c in &checks {
        text.push_str(&format!("{c}\n"));
    }
    let healthy = healthy(&checks);
    text.push_str(if healthy {
        "newsbind doctor: ready to convert (✘ on optional lines only limits the checks)\n"
    } else {
        "newsbind doctor: not ready; fix the ✘ lines that are not optional\n"
    });
    super::write_stdout(text.as_bytes())?;
    Ok(if healthy {
        ExitStatus::Ok
    } else {
        ExitStatus::Fatal
    })
}

/// One line per font the PDF writer (or the EPUB font embedding) would load, for each region
/// the language settings can give (`auto`: Simplified, Traditional, Japanese), then the
/// coverage of each region's faces together.
fn font_checks(opts: &Options) -> Vec<Check> {
    let needed = opts.write.formats.contains(&Format::Pdf)
        || (opts.write.epub.embed_font && opts.write.formats.contains(&Format::Epub));
    let pdf = &opts.write.pdf;
    let mut checks = Vec::new();
    for region in pdf.language.regions() {
        let faces = pdf.faces(region);
        let label = |what: &str| {
            if region == Region::Mainland {
                what.to_string()
            } else {
                format!("{what} {}", region.suffix())
            }
        };
        let mut specs = vec![
            (label("body font"), faces.body.clone()),
            (label("heading font"), faces.heading.clone()),
        ];
        if let Some(f) = &pdf.fallback_font {
            specs.push((label("fallback font"), f.clone()));
        }
        let mut files = Vec::new();
        for (what, spec) in &specs {
            let (file, parsed) = match locate(spec).map(FontFile::new) {
                Ok(file) => {
                    let parsed = LoadedFont::parse(&file);
                    (Some(file), parsed)
                }
                Err(e) => (None, Err(e)),
            };
            let usable = parsed.is_ok();
            let mut check = match parsed {
                Ok(font) => {
                    let l = &font.location;
                    Check::pass(
                        what,
                        format!(
                            "{} · {} face {} ({})",
                            l.family,
                            l.path.display(),
                            l.index,
                            font.name
                        ),
                    )
                }
                // A region's own faces missing: its articles use the configured ones.
                Err(e) if !faces.explicit => Check::fail(
                    what,
                    wanted(spec),
                    format!("{e}; its articles are set in the configured faces"),
                )
                .optional(),
                Err(e) => Check::fail(what, wanted(spec), e.to_string()),
            };
            if !needed {
                check = check.optional();
            }
            checks.push(check);
            if usable {
                files.extend(file);
            }
        }
        if !files.is_empty() {
            checks.push(coverage_check(&label("coverage"), region, &files));
        }
    }
    checks
}

/// What a font spec asks for, for a failed line.
fn wanted(spec: &FontSpec) -> String {
    match spec {
        FontSpec::Path { path, index } => format!("{} face {index} not usable", path.display()),
        FontSpec::Family { family, style } => format!("{family} ({style}) not found"),
    }
}

/// The GB2312 hanzi (levels 1 and 2, 6,763 characters) as Unicode, for coverage.
fn gb2312_hanzi() -> Vec<char> {
    let mut chars = Vec::with_capacity(6763);
    for lead in 0xB0u8..=0xF7 {
        // Row 0xD7 ends at 0xF9: GBK maps the five cells after it outside GB2312.
        let last = if lead == 0xD7 { 0xF9 } else { 0xFE };
        for trail in 0xA1u8..=last {
            let pair = [lead, trail];
            let (text, _, bad) = encoding_rs::GBK.decode(&pair);
            if !bad {
                chars.extend(text.chars().filter(|c| *c >= '\u{4E00}'));
            }
        }
    }
    chars
}

/// The Big5 hanzi (levels 1 and 2, 13,053 characters) as Unicode, for Traditional coverage.
fn big5_hanzi() -> Vec<char> {
    let mut chars = Vec::with_capacity(13_060);
    for lead in (0xA4u8..=0xC6).chain(0xC9..=0xF9) {
        for trail in (0x40u8..=0x7E).chain(0xA1..=0xFE) {
            // Level 1 ends at C67E, level 2 at F9D5; what follows is Big5-HKSCS or Eten.
            if (lead == 0xC6 && trail > 0x7E) || (lead == 0xF9 && trail > 0xD5) {
                continue;
            }
            let pair = [lead, trail];
            let (text, _, bad) = encoding_rs::BIG5.decode(&pair);
            if !bad {
                chars.extend(text.chars().filter(|c| crate::text::cjk::is_han(*c)));
            }
        }
    }
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// How much of the region's national character set (GB2312 for the mainland, Big5 for Taiwan
/// and Hong Kong) and of the CJK Unified Ideographs block the faces cover together (the PDF
/// writer falls back from face to face per character).
fn coverage_check(what: &str, region: Region, faces: &[FontFile]) -> Check {
    let mut has = vec![false; 0x1_0000];
    for face in faces {
        let Some(gids) = face
            .read()
            .ok()
            .and_then(|bytes| bmp_cmap(&bytes, face.location.index))
        else {
            continue;
        };
        for (cp, gid) in gids.into_iter().enumerate() {
            has[cp] |= gid != 0;
        }
    }
    let (set_name, set) = if region.traditional() {
        ("Big5 hanzi", big5_hanzi())
    } else {
        ("GB2312 hanzi", gb2312_hanzi())
    };
    let set_have = set.iter().filter(|c| has[**c as usize]).count();
    let block = 0x4E00..=0x9FFF_usize;
    let block_len = block.clone().count();
    let block_have = block.filter(|cp| has[*cp]).count();
    let detail = format!(
        "{set_name} {set_have}/{}, CJK Unified Ideographs {block_have}/{block_len}",
        set.len()
    );
    let check = if set_have == set.len() {
        Check::pass(what, detail)
    } else {
        Check::fail(
            what,
            detail,
            "characters no face has print blank; set pdf.fallback_font to a fuller font",
        )
    };
    check.optional()
}

/// Whether newsbind can write in the output root (or create it).
fn output_check(root: &Path) -> Check {
    let what = "output";
    let mut existing = root;
    while !existing.exists() {
        match existing.parent() {
            Some(p) if !p.as_os_str().is_empty() => existing = p,
            _ => {
                existing = Path::new(".");
                break;
            }
        }
    }
    if !existing.is_dir() {
        return Check::fail(
            what,
            format!("{} is not a folder", existing.display()),
            "choose another output root with -o DIR or `output:` in the config",
        );
    }
    match tempfile::Builder::new()
        .prefix(".newsbind-doctor")
        .tempfile_in(existing)
    {
        Ok(_) if existing == root => Check::pass(what, format!("{} is writable", root.display())),
        Ok(_) => Check::pass(
            what,
            format!(
                "{} will be created in {}, which is writable",
                root.display(),
                existing.display()
            ),
        ),
        Err(e) => Check::fail(
            what,
            format!("cannot write in {}: {e}", existing.display()),
            "fix its permissions or choose another root with -o DIR",
        ),
    }
}

/// The first line a tool prints when asked for its version, or `None` when it does not run.
fn version(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text = if out.stdout.is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    Some(
        String::from_utf8_lossy(&text)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
    )
}

/// The validators the test suite and `make check` use; all optional for converting.
fn validator_checks() -> Vec<Check> {
    let jar = std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/tools/epubcheck/epubcheck.jar"));
    let mut checks = vec![if jar.is_file() {
        Check::pass("epubcheck", jar.display().to_string())
    } else {
        Check::fail(
            "epubcheck",
            format!("{} not found", jar.display()),
            "`make deps-test` unpacks it, or set EPUBCHECK_JAR",
        )
    }];
    let tools: [(&str, &[&str], &str); 4] = [
        (
            "java",
            &["-version"],
            "apt-get install default-jre-headless",
        ),
        ("qpdf", &["--version"], "apt-get install qpdf"),
        ("pdftotext", &["-v"], "apt-get install poppler-utils"),
        ("pdffonts", &["-v"], "apt-get install poppler-utils"),
    ];
    for (program, args, fix) in tools {
        checks.push(match version(program, args) {
            Some(v) => Check::pass(program, v),
            None => Check::fail(program, "not found on PATH", fix),
        });
    }
    // The archival and accessibility judges: Apache PDFBox Preflight (PDF/A-1b), from Debian,
    // and Ace by DAISY (EPUB accessibility), from npm, which drives a Chromium.
    let preflight = std::path::Path::new("/usr/share/java/preflight.jar");
    checks.push(if preflight.is_file() {
        Check::pass("preflight", preflight.display().to_string())
    } else {
        Check::fail(
            "preflight",
            format!("{} not found", preflight.display()),
            "apt-get install libpdfbox2-java libactivation-java libjaxb-api-java",
        )
    });
    let ace = std::env::var_os("ACE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/tools/ace/node_modules/.bin/ace-cli"));
    let chromium = std::env::var_os("PUPPETEER_EXECUTABLE_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    checks.push(match (ace.is_file(), chromium.is_file()) {
        (true, true) => Check::pass(
            "ace",
            format!("{} with {}", ace.display(), chromium.display()),
        ),
        (false, _) => Check::fail(
            "ace",
            format!("{} not found", ace.display()),
            "`make deps-test` installs @daisy/ace-cli, or set ACE",
        ),
        (true, false) => Check::fail(
            "ace",
            format!("{} not found", chromium.display()),
            "apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH",
        ),
    });
    checks.into_iter().map(Check::optional).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_shows_the_mark_the_detail_and_for_a_failure_the_fix() {
        let ok = Check::pass("config", "config.yaml parses");
        assert_eq!(ok.to_string(), "✔ config: config.yaml parses");
        let bad = Check::fail("qpdf", "not found on PATH", "apt-get install qpdf").optional();
        assert_eq!(
            bad.to_string(),
            "✘ qpdf (optional): not found on PATH → apt-get install qpdf"
        );
    }

    #[test]
    fn only_required_failures_make_a_run_unhealthy() {
        let ok = Check::pass("config", "fine");
        let optional = Check::fail("java", "missing", "install it").optional();
        assert!(healthy(&[ok.clone(), optional]));
        let required = Check::fail("body font", "missing", "install it");
        assert!(!healthy(&[ok, required]));
    }

    #[test]
    fn big5_has_its_13053_hanzi() {
        // 5,401 of level 1 and 7,652 of level 2; two pairs map to the same character.
        let n = big5_hanzi().len();
        assert!((13_051..=13_060).contains(&n), "{n}");
    }

    #[test]
    fn gb2312_has_its_6763_hanzi() {
        let hanzi = gb2312_hanzi();
        assert_eq!(hanzi.len(), 6763);
        assert_eq!(hanzi[0], '啊');
    }

    #[test]
    fn an_output_root_below_a_writable_folder_can_be_created() {
        let dir = tempfile::tempdir().unwrap();
        let c = output_check(&dir.path().join("a/b"));
        assert!(c.ok && c.detail.contains("will be created"), "{c}");
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let c = output_check(&file.join("sub"));
        assert!(!c.ok && c.detail.contains("is not a folder"), "{c}");
    }
}
