// SPDX-License-Identifier: GPL-2.0-or-later
//! docs/fields.md is what encdns-reference writes from the registered tables.

use std::process::Command;

#[test]
fn docs_fields_md_is_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_encdns-reference"))
        .output()
        .expect("run encdns-reference");
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/fields.md");
    let committed = std::fs::read_to_string(path).expect("read docs/fields.md");
    assert!(
        generated == committed,
        "docs/fields.md is stale: run `cargo run -q --bin encdns-reference > docs/fields.md`"
    );
}

#[test]
fn every_field_and_expert_info_is_listed() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/fields.md")).unwrap();
    for f in encdns::fields::FIELDS.iter() {
        let row = format!("| `{}` | ", f.abbrev.to_str().unwrap());
        assert_eq!(doc.matches(&row).count(), 1, "{row}");
    }
    for d in encdns::diag::DIAGS.iter() {
        let row = format!("| `{}` | ", d.abbrev().to_str().unwrap());
        assert_eq!(doc.matches(&row).count(), 1, "{row}");
    }
}
