//! encdns-decode: decodes RFC 9464 attributes from a hex dump (a daemon's log, a
//! debugger) into the same tree and diagnostics the Wireshark plugin shows.
//!
//!     encdns-decode [--cfg-type request|reply|set|ack|N] [--cp] [--json]
//!                   [--draft00] [--type-ip4 N] [--type-ip6 N] [--type-digest N] [HEX...]
//!
//! HEX is one attribute from its 4-octet header (or, with --cp, a whole Configuration
//! payload body starting at the CFG Type); whitespace and colons are ignored; with no
//! HEX the dump is read from standard input. Exit status: 0 decoded without errors,
//! 1 decoded with error diagnostics, 2 bad usage or input.

use std::fmt::Write as _;
use std::io::Read;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::ExitCode;

use encdns::diag::Severity;
use encdns::fastfmt::{Escaped, FixedBuf};
use encdns::fields::Kind;
use encdns::parse::{classify, parse_owned, AttrKind, DigestLayout, Parsed};
use encdns::registry::ValueName;
use encdns::text::{attr_summary, item_label};
use encdns::{AttrInfo, CfgType, Diag, Field, Finding, Item, ItemKind, On, Options, Preferences};

const USAGE: &str =
    "usage: encdns-decode [--cfg-type request|reply|set|ack|N] [--cp] [--json] [--draft00] \
[--type-ip4 N] [--type-ip6 N] [--type-digest N] [HEX...]";

struct Args {
    cfg: u8,
    cp: bool,
    json: bool,
    options: Options,
    hex: String,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        cfg: 2,
        cp: false,
        json: false,
        options: Options::default(),
        hex: String::new(),
    };
    let mut it = std::env::args().skip(1);
    let mut prefs = Preferences::default();
    let number = |v: Option<String>, what: &str| -> Result<u32, String> {
        v.as_deref()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("{what} needs a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "--json" => a.json = true,
            "--cp" => a.cp = true,
            "--draft00" => prefs.digest_layout = DigestLayout::Draft00 as u32,
            "--type-ip4" => prefs.type_ip4 = number(it.next(), "--type-ip4")?,
            "--type-ip6" => prefs.type_ip6 = number(it.next(), "--type-ip6")?,
            "--type-digest" => prefs.type_digest_info = number(it.next(), "--type-digest")?,
            "--cfg-type" => {
                let v = it.next().unwrap_or_default();
                a.cfg = match v.to_ascii_lowercase().as_str() {
                    "request" | "cfg_request" => 1,
                    "reply" | "cfg_reply" => 2,
                    "set" | "cfg_set" => 3,
                    "ack" | "cfg_ack" => 4,
                    n => n.parse().map_err(|_| format!("unknown CFG type {v:?}"))?,
                };
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => a.hex.push_str(s),
        }
    }
    a.options = prefs.check().map_err(|r| r.to_string())?;
    if a.hex.is_empty() {
        std::io::stdin()
            .read_to_string(&mut a.hex)
            .map_err(|e| format!("reading standard input: {e}"))?;
    }
    Ok(a)
}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b':')
        .collect();
    let digits = digits.strip_prefix(b"0x").unwrap_or(&digits);
    if digits.len() % 2 != 0 {
        return Err("odd number of hex digits".into());
    }
    digits
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| format!("not hex: {}", String::from_utf8_lossy(p)))
        })
        .collect()
}

fn name_of(names: &[ValueName], v: u64) -> Option<&'static str> {
    names
        .iter()
        .find(|n| u64::from(n.value) == v)
        .and_then(|n| n.name.to_str().ok())
}

/// The value as Wireshark would show it.
fn show(attr: &[u8], it: &Item) -> String {
    let Some(field) = Field::from_u16(it.field) else {
        return String::new();
    };
    let info = field.info();
    let start = it.offset as usize;
    let bytes = attr.get(start..start + it.length as usize).unwrap_or(&[]);
    match info.kind {
        Kind::FrameRequest | Kind::FrameResponse | Kind::FrameRetransmitted => {
            format!("frame {}", it.value)
        }
        Kind::U8 | Kind::U16 | Kind::U32 | Kind::Bool => match name_of(info.names, it.value) {
            Some(n) => format!("{n} ({})", it.value),
            None => it.value.to_string(),
        },
        Kind::Ipv4 => Ipv4Addr::from(it.value as u32).to_string(),
        Kind::Ipv6 => {
            <[u8; 16]>::try_from(bytes).map_or(String::new(), |a| Ipv6Addr::from(a).to_string())
        }
        Kind::String => Escaped(bytes).to_string(),
        Kind::Bytes => bytes.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        }),
        Kind::None => String::new(),
    }
}

fn label(attr: &[u8], it: &Item) -> String {
    let mut buf = [0u8; 512];
    let mut w = FixedBuf::new(&mut buf);
    if let Ok(true) = item_label(attr, it, &mut w) {
        return String::from_utf8_lossy(w.as_bytes()).into_owned();
    }
    let info = Field::from_u16(it.field).map(|f| f.info());
    let name = info.map_or("?", |i| i.name.to_str().unwrap_or("?"));
    let value = show(attr, it);
    let text = if value.is_empty() {
        name.to_string()
    } else {
        format!("{name}: {value}")
    };
    if it.is_generated() {
        format!("[{text}]")
    } else {
        text
    }
}

fn message(attr: &[u8], d: &Diag) -> String {
    let mut s = String::new();
    let _ = d.finding.write_message(d.span(attr), &mut s);
    s
}

fn severity(d: &Diag) -> Severity {
    d.finding.code().info().severity
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Note => "note",
    }
}

fn code_name(d: &Diag) -> String {
    let abbrev = d.finding.code().info().abbrev().to_str().unwrap_or("");
    abbrev.trim_start_matches("encdns.expert.").to_string()
}

struct Decoded {
    attr: Vec<u8>,
    info: AttrInfo,
    items: Vec<Item>,
    diags: Vec<Diag>,
    summary: String,
}

fn decode(input: &[u8], cfg: u8, options: &Options, standalone: bool) -> Decoded {
    let Parsed {
        info,
        items,
        mut diags,
    } = parse_owned(input, CfgType(cfg), options);
    let covered = (info.total_length as usize).min(input.len());
    if standalone && input.len() > covered {
        let count = (input.len() - covered) as u32;
        let f = Finding::TRAILING_BYTES_AFTER_ATTRIBUTE { count };
        diags.push(Diag::new(f, On::Attribute, covered, input.len() - covered));
    }
    let mut summary = String::new();
    let _ = attr_summary(
        &input[..covered],
        AttrKind::from_u8(info.kind),
        CfgType(cfg),
        &items,
        &mut summary,
    );
    Decoded {
        attr: input[..covered].to_vec(),
        info,
        items,
        diags,
        summary,
    }
}

fn print_tree(d: &Decoded, out: &mut String) {
    let _ = writeln!(out, "{}", d.summary);
    let print_diags = |out: &mut String, index: Option<u32>, depth: usize| {
        for diag in d.diags.iter().filter(|x| match index {
            Some(i) => x.on == On::Item(i),
            None => x.on == On::Attribute,
        }) {
            let _ = writeln!(
                out,
                "{}[{}: {}] (encdns.expert.{})",
                "    ".repeat(depth),
                severity_name(severity(diag)),
                message(&d.attr, diag),
                code_name(diag)
            );
        }
    };
    let mut depth = 1;
    for (i, it) in d.items.iter().enumerate() {
        if it.kind == ItemKind::Close as u8 {
            depth -= 1;
            continue;
        }
        let _ = writeln!(out, "{}{}", "    ".repeat(depth), label(&d.attr, it));
        print_diags(out, Some(i as u32), depth + 1);
        if it.kind == ItemKind::Open as u8 {
            depth += 1;
        }
    }
    print_diags(out, None, 1);
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json(d: &Decoded, cfg: u8, out: &mut String) {
    let _ = write!(
        out,
        "{{\"attribute\":{},\"type\":{},\"cfg_type\":{},\"length\":{},\"summary\":{},\"items\":[",
        json_str(AttrKind::from_u8(d.info.kind).name().to_str().unwrap_or("")),
        d.info.attr_type,
        cfg,
        d.info.value_length,
        json_str(&d.summary)
    );
    let mut first = true;
    for it in &d.items {
        if it.kind == ItemKind::Close as u8 {
            out.push_str("]}");
            first = false;
            continue;
        }
        if !first {
            out.push(',');
        }
        first = true;
        let f = Field::from_u16(it.field).map(|f| f.info());
        let _ = write!(
            out,
            "{{\"field\":{},\"offset\":{},\"length\":{},\"show\":{}",
            json_str(f.map_or("", |f| f.abbrev.to_str().unwrap_or(""))),
            it.offset,
            it.length,
            json_str(&show(&d.attr, it))
        );
        if it.is_generated() {
            out.push_str(",\"generated\":true");
        }
        if it.kind == ItemKind::Open as u8 {
            out.push_str(",\"label\":");
            out.push_str(&json_str(&label(&d.attr, it)));
            out.push_str(",\"children\":[");
        } else {
            out.push('}');
            first = false;
        }
    }
    out.push_str("],\"diagnostics\":[");
    for (i, diag) in d.diags.iter().enumerate() {
        let _ = write!(
            out,
            "{}{{\"code\":{},\"severity\":\"{}\",\"offset\":{},\"length\":{},\"message\":{}}}",
            if i > 0 { "," } else { "" },
            json_str(&code_name(diag)),
            severity_name(severity(diag)),
            diag.offset,
            diag.length,
            json_str(&message(&d.attr, diag))
        );
    }
    out.push_str("]}");
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("encdns-decode: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let bytes = match unhex(&args.hex) {
        Ok(b) if !b.is_empty() => b,
        Ok(_) => {
            eprintln!("encdns-decode: no input\n{USAGE}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("encdns-decode: {e}");
            return ExitCode::from(2);
        }
    };
    // With --cp: CFG Type, 3 reserved octets, then the attributes one after another.
    let (cfg, attrs) = if args.cp {
        (bytes[0], bytes.get(4..).unwrap_or(&[]))
    } else {
        (args.cfg, &bytes[..])
    };
    let mut decoded = Vec::new();
    let mut skipped = Vec::new();
    let mut off = 0;
    while off < attrs.len() {
        let rest = &attrs[off..];
        let d = decode(rest, cfg, &args.options, !args.cp);
        let step = (d.info.total_length as usize).clamp(1, rest.len());
        if classify(rest, &args.options) == AttrKind::Other {
            skipped.push((off, d.info.attr_type, d.info.value_length));
        } else {
            decoded.push(d);
        }
        if !args.cp {
            break;
        }
        off += step;
    }
    let mut out = String::new();
    if args.json {
        out.push('[');
        for (i, d) in decoded.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json(d, cfg, &mut out);
        }
        out.push_str("]\n");
    } else {
        for d in &decoded {
            print_tree(d, &mut out);
        }
        for (off, t, len) in &skipped {
            let _ = writeln!(
                out,
                "attribute type {t} (Length {len}) at offset {off}: not one this tool decodes"
            );
        }
    }
    print!("{out}");
    let errors = decoded
        .iter()
        .flat_map(|d| d.diags.iter())
        .any(|d| severity(d) == Severity::Error);
    ExitCode::from(u8::from(errors))
}
