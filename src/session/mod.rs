//! The analysis of one capture. The glue hands each frame's bytes to a [`Session`] — the
//! data sources of the frame, where Wireshark found IKE messages and a TLS certificate
//! in them — and gets back one list to draw ([`RenderBuf`]). The first look at a frame
//! records what later frames need (the IKE SA's state, the Configuration payloads'
//! links, digest claims, certificate checks); every look at it, first or not, is drawn
//! from those records, so all looks at a frame show the same.

mod claims;
mod configured;
mod frame;
mod keyed;
mod recent;
mod records;
mod render;
mod sa;

use core::fmt::Write;
use std::collections::hash_map::{self, OccupiedEntry};
use std::collections::HashMap;
use std::path::Path;

use crate::cp_rules::{analyze_cp, attribute_starts, claims_of, digest_claims};
use crate::diag::{Against, Finding};
use crate::fastfmt::{dec, hex, Label};
use crate::fields::Field;
use crate::ike::{self, Header};
use crate::options::{classify, AttrKind, CfgType, Options};
use crate::parse::{parse_attribute, AttrInfo};
use crate::sink::{Diag, Item, On, Sink, FLAG_TEXT};
use crate::spki::Check;
use crate::text;
use crate::wire::cp;

pub use crate::keyfile::{key_of_file, LoadStatus, ENCDNS_MAX_CERTIFICATE_FILE};
pub use frame::{Address, Footprint, Frame, Role, Source, SourceDesc, Span};
pub use render::{
    Entry, EntryKind, Expert, Render, RenderBuf, TapEntry, Text, TextKind, ENCDNS_ITEM_GENERATED,
    ENCDNS_NO_MESSAGE, ENCDNS_NO_TEXT, ENCDNS_ON_ENTRY,
};

use claims::Claims;
use configured::{Configured, ConfiguredCheck};
use frame::InnerTaken;
use keyed::{fingerprint, FingerprintKey, SpiHash};
use recent::{Recent, Seen};
use records::{CertificateRecord, MessageRecord, Records, Was};
use render::{LABEL_MAX, MESSAGE_MAX};
use sa::SaState;

/// Buffers the parser writes its diagnostics into, and the rules theirs, kept between
/// frames so that no frame allocates once they have grown to the largest seen.
#[derive(Default)]
struct Scratch {
    diags: Vec<Option<Diag>>,
    /// Diagnostics of the rules between attributes and between messages.
    rules: Vec<Diag>,
}

impl Scratch {
    /// Parses `attr` onto the end of `items`: its info, and how many items (now at the
    /// end of `items`) and diagnostics (in `self.diags`) it has.
    fn parse(
        &mut self,
        items: &mut render::Items,
        attr: &[u8],
        cfg: CfgType,
        options: &Options,
    ) -> (AttrInfo, usize, usize) {
        let mut room = 64;
        if self.diags.is_empty() {
            self.diags.resize(32, None);
        }
        loop {
            let mut sink = Sink::new(items.room(room), &mut self.diags);
            let info = parse_attribute(attr, cfg, options, &mut sink);
            let (ni, nd) = sink.counts();
            if ni <= room && nd <= self.diags.len() {
                items.keep(ni);
                return (info, ni, nd);
            }
            room = room.max(ni);
            let nd = nd.max(self.diags.len());
            self.diags.resize(nd, None);
        }
    }
}

/// The analysis state of one capture, and the list it gives for the frame at hand.
#[derive(Default)]
pub struct Session {
    options: Options,
    sas: HashMap<[u8; 16], SaState, SpiHash>,
    recent: Recent,
    /// Keys the fingerprints of messages' octets (retransmissions).
    fingerprint_key: FingerprintKey,
    records: Records,
    claims: Claims,
    configured: Configured,
    out: RenderBuf,
    scratch: Scratch,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Forgets the capture (a new file, a reload): keeps the preferences.
    pub fn reset(&mut self) {
        self.sas = HashMap::default();
        self.recent = Recent::default();
        self.records = Records::default();
        self.claims = Claims::default();
        self.out = RenderBuf::default();
        self.scratch = Scratch::default();
    }

    pub fn set_options(&mut self, options: Options) {
        self.options = options;
    }

    /// The certificates (or public keys) configured for resolver names: (name, file)
    /// rows. Says what became of each.
    pub fn configure_certificates<'r>(
        &mut self,
        rows: impl Iterator<Item = (&'r [u8], &'r Path)>,
    ) -> Vec<LoadStatus> {
        self.configured.load(rows)
    }

    /// How much the session holds, for tests and measurements.
    pub fn footprint(&self) -> Footprint {
        Footprint {
            sas: self.sas.len(),
            messages: self.records.message_count(),
            claims: self.claims.len(),
            certificate_checks: self.records.certificate_count(),
        }
    }

    /// Whether frames without IKE may have something for the analysis: a TLS
    /// certificate to check against a claimed digest, or the verdict of one.
    pub fn wants_certificates(&self) -> bool {
        !self.claims.is_empty() || self.records.has_certificates()
    }

    /// Analyses a frame; the list to draw for it.
    pub fn frame(&mut self, f: &Frame) -> &mut RenderBuf {
        self.out.clear();
        if f.record {
            self.record(f);
        }
        let Session {
            options,
            records,
            claims,
            configured,
            out,
            scratch,
            ..
        } = self;
        let mut show = Show {
            f,
            options,
            claims,
            configured,
            out,
            scratch,
        };
        for m in records.messages(f.number) {
            // A copy shows the links its original has by now.
            let original = match m.was {
                Was::Copy(frame, message) => records.message_at(frame, message),
                _ => None,
            };
            show.payload(m, original.map_or(m.link, |o| o.link), records.diags(m));
        }
        if let Some(c) = records.certificate(f.number) {
            show.certificate(c);
        }
        &mut self.out
    }

    fn record(&mut self, f: &Frame) {
        self.records.forget(f.number);
        let mut taken = InnerTaken::default();
        for (k, m) in f.messages.iter().enumerate().take(usize::from(u16::MAX)) {
            self.record_message(f, k, *m, &mut taken);
        }
        let der = f
            .certificate
            .and_then(|c| f.bytes(c, Some(c.length as usize)));
        if let (Some(der), Some(addr)) = (der, f.src.valid()) {
            if let Some(c) = self.claims.check(f.number, addr, der) {
                self.records.add_certificate(c);
            }
        }
    }

    fn record_message(&mut self, f: &Frame, k: usize, m: Span, taken: &mut InnerTaken) {
        let Some(msg) = f.bytes(m, None) else {
            return;
        };
        let Some(h) = Header::read(msg).filter(|h| h.major_version == ike::IKEV2) else {
            return;
        };
        // The message ends where its Length says; the source may hold more after it.
        let msg = &msg[..msg.len().min(h.length as usize)];
        // The source with its SK payload's (or last fragment's) content, once asked.
        let mut asked = None;
        if f.quoted {
            // Shown where it is, but it tells nothing about its SA.
            let c = ike::contents(&h, msg, |e| f.inner_content(e, taken, &mut asked), None);
            if let Some(cp) = c.cp {
                let inner = asked.flatten();
                let r = message_record(f, k, m, inner, &cp, Was::Quoted, &self.options);
                self.records.add_message(r, &[]);
            }
            return;
        }
        // Most IKE messages have no CP: their SA is not looked up (nor kept) unless it
        // has to remember something of them, a first fragment or the responder's
        // authentication method.
        let mut c = ike::contents(&h, msg, |e| f.inner_content(e, taken, &mut asked), None);
        let auth = c.auth_method.filter(|_| !h.from_initiator());
        if c.cp.is_none() && auth.is_none() && !c.fragment {
            return;
        }
        // An SA is kept only while it has something to remember (SaState::idle): most
        // are forgotten once their CP exchange is done.
        let mut sa = match self.sas.entry(h.spis) {
            hash_map::Entry::Occupied(o) => o,
            hash_map::Entry::Vacant(v) => v.insert_entry(SaState::default()),
        };
        if c.fragment {
            let first = &mut sa.get_mut().fragment_first_payload;
            c = ike::contents(
                &h,
                msg,
                |e| f.inner_content(e, taken, &mut asked),
                Some(first),
            );
        }
        if let Some(method) = auth {
            sa.get_mut().responder_auth = method;
        }
        let Some(cp) = c.cp else {
            forget_if_idle(sa);
            return;
        };
        let inner = asked.flatten();
        let seen = Seen {
            octets: fingerprint(self.fingerprint_key.0, msg),
            frame: f.number,
            message: k as u16,
        };
        if let Some((frame, message)) = self.recent.copy_of(seen) {
            forget_if_idle(sa);
            self.scratch.rules.clear();
            if let Some(original) = self.records.message_at(frame, message) {
                let diags = self.records.diags(original);
                self.scratch.rules.extend_from_slice(diags);
            }
            let was = Was::Copy(frame, message);
            let r = message_record(f, k, m, inner, &cp, was, &self.options);
            self.records.add_message(r, &self.scratch.rules);
            return;
        }
        self.scratch.rules.clear();
        let link = sa::cp_message(
            sa.get_mut(),
            &h,
            cp.body,
            f.number,
            &self.options,
            &mut self.scratch.rules,
        );
        forget_if_idle(sa);
        let mut r = message_record(f, k, m, inner, &cp, Was::Message, &self.options);
        if link != 0 {
            let asked = if r.cfg_type == cp::CFG_ACK {
                cp::CFG_SET
            } else {
                cp::CFG_REQUEST
            };
            if self.records.link_reply(link, f.number, asked, r.ours) {
                r.link = link;
            }
        }
        self.records.add_message(r, &self.scratch.rules);
        for c in digest_claims(cp.body, &self.options) {
            self.claims.add(&c, f.number);
        }
    }
}

/// Where the Configuration payload `cp` of message `k` (at `m`, inner content in
/// source `inner`) is, to be found again on every look at the frame.
#[allow(clippy::too_many_arguments)]
fn message_record(
    f: &Frame,
    k: usize,
    m: Span,
    inner: Option<usize>,
    cp: &ike::CpAt,
    was: Was,
    options: &Options,
) -> MessageRecord {
    let (source, offset) = match (cp.inner, inner) {
        (true, Some(i)) => (i, cp.offset),
        _ => (m.source as usize, m.offset as usize + cp.offset),
    };
    MessageRecord {
        frame: f.number,
        message: k as u16,
        cfg_type: cp.body.first().copied().unwrap_or(0),
        source: f.source_ref(source),
        offset: offset as u32,
        length: cp.body.len() as u32,
        header_source: f.source_ref(m.source as usize),
        header_offset: m.offset,
        link: 0,
        diags: (0, 0),
        was,
        ours: attribute_starts(cp.body)
            .any(|at| classify(&cp.body[at..], options) != AttrKind::Other),
    }
}

/// Keeps an SA's state only while it has something to remember.
fn forget_if_idle(sa: OccupiedEntry<'_, [u8; 16], SaState>) {
    if sa.get().idle() {
        sa.remove();
    }
}

/// What drawing a frame needs of the session.
struct Show<'s, 'f> {
    f: &'s Frame<'f>,
    options: &'s Options,
    claims: &'s Claims,
    configured: &'s Configured,
    out: &'s mut RenderBuf,
    scratch: &'s mut Scratch,
}

/// The tap's groups.
const ATTRIBUTES: &str = "Attributes";
const DIAGNOSTICS: &str = "Diagnostics";
const CERTIFICATE: &str = "Certificate";

impl Show<'_, '_> {
    fn entry(&mut self, kind: EntryKind, source: usize, offset: usize, length: usize) -> Entry {
        Entry {
            kind: kind as u8,
            reserved: 0,
            attr_type: 0,
            message: ENCDNS_NO_MESSAGE,
            source: source as u32,
            offset: offset as u32,
            length: length as u32,
            near: offset as u32,
            name: ENCDNS_NO_TEXT,
            label: ENCDNS_NO_TEXT,
            items: self.out.items.len() as u32,
            n_items: 0,
            texts: self.out.texts.len() as u32,
            n_texts: 0,
            experts: self.out.experts.len() as u32,
            n_experts: 0,
        }
    }

    fn close(&mut self, mut e: Entry) {
        e.n_items = self.out.items.len() as u32 - e.items;
        e.n_texts = self.out.texts.len() as u32 - e.texts;
        e.n_experts = self.out.experts.len() as u32 - e.experts;
        self.out.entries.push(e);
    }

    /// A generated item of the entry being filled, over the entry's first `length`
    /// octets; its index in the entry.
    fn item(&mut self, e: &Entry, field: Field, length: usize, value: u64) -> u32 {
        self.out
            .items
            .push(Item::leaf(field, 0, length, value).generated());
        self.out.items.len() as u32 - 1 - e.items
    }

    /// An expert info for `d`, whose offsets are in `bytes`, on `item` of the entry;
    /// and its tap row under `heading`.
    fn expert(&mut self, item: u32, d: &Diag, bytes: &[u8], heading: u32) {
        let message = self
            .out
            .text(MESSAGE_MAX, |w| d.finding.write_message(d.span(bytes), w));
        let code = d.finding.code();
        self.out.experts.push(Expert {
            item,
            code: code as u16,
            reserved: 0,
            message,
        });
        if heading != ENCDNS_NO_TEXT {
            let abbrev = code.info().abbrev().to_bytes();
            self.tap(heading, DIAGNOSTICS, |w| w.write_ascii(abbrev));
        }
    }

    fn tap(
        &mut self,
        heading: u32,
        group: &str,
        f: impl FnOnce(&mut render::TextOut) -> core::fmt::Result,
    ) {
        let group = self.out.text(LABEL_MAX, |w| w.write_str(group));
        let text = self.out.text(LABEL_MAX, f);
        if text != ENCDNS_NO_TEXT {
            self.out.taps.push(TapEntry {
                heading,
                group,
                text,
            });
        }
    }

    /// "IKE SA <initiator SPI>/<responder SPI>, responder <address>": the heading of a
    /// message's tap rows.
    fn sa_heading(&mut self, m: &MessageRecord) -> u32 {
        let f = self.f;
        if !f.tap {
            return ENCDNS_NO_TEXT;
        }
        let Some(h) = f
            .source_index(m.header_source)
            .and_then(|i| f.sources[i].bytes().get(m.header_offset as usize..))
            .and_then(Header::read)
        else {
            return ENCDNS_NO_TEXT;
        };
        // The SA's responder, whichever side sent this message (the I flag says).
        let responder = if h.from_initiator() { f.dst } else { f.src };
        self.out.text(LABEL_MAX, |w| {
            w.write_str("IKE SA ")?;
            hex(w, &h.spis[..8])?;
            w.write_str("/")?;
            hex(w, &h.spis[8..])?;
            w.write_str(", responder ")?;
            responder.write(w)
        })
    }

    /// A Configuration payload recorded in this frame, and its attributes; `link` is
    /// its request's or reply's frame (a copy's is its original's).
    fn payload(&mut self, m: &MessageRecord, link: u32, sa_diags: &[Diag]) {
        let f = self.f;
        let Some(si) = f.source_index(m.source) else {
            return;
        };
        let bytes = f.sources[si].bytes();
        let start = m.offset as usize;
        let Some(body) = bytes.get(start..bytes.len().min(start + m.length as usize)) else {
            return;
        };
        // A CP of RFC 7296 attributes alone, in an exchange not linked, with nothing
        // said of it: nothing to show (most CP payloads).
        if !m.ours && link == 0 && m.was == Was::Message && sa_diags.is_empty() {
            return;
        }
        let cfg = CfgType(m.cfg_type);
        let message = if usize::from(m.message) < f.messages.len() {
            u32::from(m.message)
        } else {
            ENCDNS_NO_MESSAGE
        };
        // A copy or a quoted message is no exchange of its own: the tap counts none.
        let heading = if m.was == Was::Message {
            self.sa_heading(m)
        } else {
            ENCDNS_NO_TEXT
        };
        let near = start + cp::ATTRIBUTES_IN_BODY;

        // The payload's own item: its link, what concerns it as a whole.
        let on_payload = |d: &&Diag| d.on == On::Payload;
        if link != 0 || m.was != Was::Message || sa_diags.iter().any(|d| on_payload(&d)) {
            let mut e = self.entry(EntryKind::Payload, si, start, body.len());
            e.message = message;
            e.near = near as u32;
            if f.labels {
                e.label = self
                    .out
                    .text(LABEL_MAX, |w| w.write_str(": Configuration payload"));
            }
            if link != 0 {
                let field = if cfg.is_request() || cfg.0 == cp::CFG_SET {
                    Field::ReplyIn
                } else {
                    Field::RequestIn
                };
                self.item(&e, field, 1, link.into());
            }
            if let Was::Copy(original, _) = m.was {
                self.item(&e, Field::RetransmissionOf, 1, original.into());
            }
            if m.was == Was::Quoted {
                let quoted = Diag::new(Finding::QUOTED_IN_ICMP_ERROR, On::Payload, 0, 0);
                self.expert(ENCDNS_ON_ENTRY, &quoted, body, heading);
            }
            for d in sa_diags.iter().filter(on_payload) {
                self.expert(ENCDNS_ON_ENTRY, d, body, heading);
            }
            self.close(e);
        }

        // The rules between the payload's attributes.
        let mut rules = core::mem::take(&mut self.scratch.rules);
        rules.clear();
        analyze_cp(body, self.options, &mut rules);
        for at in attribute_starts(body) {
            let attr = &body[at..];
            let kind = classify(attr, self.options);
            if kind == AttrKind::Other {
                continue;
            }
            let mut e = self.attribute(si, start + at, attr, kind, cfg, heading);
            e.message = message;
            e.near = near as u32;
            let on_this = |d: &&Diag| d.offset as usize == at;
            for d in rules.iter().filter(on_this) {
                self.expert(ENCDNS_ON_ENTRY, d, body, heading);
            }
            for d in sa_diags
                .iter()
                .filter(|d| d.on == On::Attribute)
                .filter(on_this)
            {
                self.expert(ENCDNS_ON_ENTRY, d, body, heading);
            }
            if kind == AttrKind::EncdnsDigestInfo
                && (self.claims.any_checked() || !self.configured.is_empty())
            {
                self.check_links(&e, body, at, heading);
            }
            self.close(e);
        }
        self.scratch.rules = rules;
    }

    /// One attribute's entry, filled with its items and its own diagnostics (not yet
    /// closed: the payload's rules add theirs). The parser writes its items straight
    /// into the list.
    fn attribute(
        &mut self,
        source: usize,
        offset: usize,
        attr: &[u8],
        kind: AttrKind,
        cfg: CfgType,
        heading: u32,
    ) -> Entry {
        let mut e = self.entry(EntryKind::Attribute, source, offset, 0);
        let first = e.items as usize;
        let (info, ni, nd) = self
            .scratch
            .parse(&mut self.out.items, attr, cfg, self.options);
        let length = (info.total_length as usize).min(attr.len());
        let attr = &attr[..length];
        e.length = length as u32;
        e.attr_type = info.attr_type;
        let labels = self.f.labels;
        if labels {
            e.name = self
                .out
                .text(LABEL_MAX, |w| w.write_ascii(kind.name().to_bytes()));
            for i in 0..ni {
                let it = self.out.items.as_slice()[first + i];
                if it.flags & FLAG_TEXT != 0 {
                    let at = self
                        .out
                        .text(LABEL_MAX, |w| match text::item_label(attr, &it, w) {
                            Ok(true) => Ok(()),
                            _ => Err(core::fmt::Error),
                        });
                    self.out.item_label(i, at);
                }
            }
        }
        let summary = if labels || heading != ENCDNS_NO_TEXT {
            let RenderBuf { items, text, .. } = &mut *self.out;
            let items = &items.as_slice()[first..first + ni];
            render::push_text(text, LABEL_MAX, |w| {
                text::attr_summary(attr, kind, cfg, items, w)
            })
        } else {
            ENCDNS_NO_TEXT
        };
        if labels {
            e.label = summary;
        }
        let diags = core::mem::take(&mut self.scratch.diags);
        for d in diags[..nd].iter().flatten() {
            let on = match d.on {
                On::Item(i) if (i as usize) < ni => i,
                _ => ENCDNS_ON_ENTRY,
            };
            self.expert(on, d, attr, heading);
        }
        self.scratch.diags = diags;
        if heading != ENCDNS_NO_TEXT && summary != ENCDNS_NO_TEXT {
            let cfg_name = crate::registry::cfg_type_name(cfg.0).unwrap_or("unknown CFG type");
            let row = self.out.text_at(summary).to_owned();
            self.tap(heading, ATTRIBUTES, |w| {
                w.write_str(cfg_name)?;
                w.write_str(" ")?;
                w.write_str(&row)
            });
        }
        e
    }

    /// Under a DIGEST_INFO (at `at` in `body`): where its digest was checked (a
    /// certificate in the capture, one from the preferences), and how it went.
    fn check_links(&mut self, e: &Entry, body: &[u8], at: usize, heading: u32) {
        let (mut linked, mut configured) = (false, false);
        for c in claims_of(body, at, self.options) {
            if !linked {
                if let Some((frame, check)) = self.claims.checked_after(&c, self.f.number) {
                    linked = true;
                    self.item(e, Field::DigestCheckedIn, 0, frame.into());
                    if let Some(m) = verdict(check) {
                        self.item(e, Field::DigestMatch, 0, m.into());
                    }
                }
            }
            if !configured {
                if let Some(got) = self.configured.check(c.adn, c.alg, c.digest) {
                    configured = true;
                    let (on, f) = match got {
                        ConfiguredCheck::Checked { row, check } => {
                            let on = match verdict(check) {
                                Some(m) => On::Item(self.item(e, Field::DigestMatch, 0, m.into())),
                                None => On::Attribute,
                            };
                            (on, Finding::of_check(check, c.alg, Against::Row(row)))
                        }
                        ConfiguredCheck::Unusable { row, why } => (
                            On::Attribute,
                            Finding::CONFIGURED_CERTIFICATE_UNUSABLE { row, why },
                        ),
                    };
                    let at = match on {
                        On::Item(i) => i,
                        _ => ENCDNS_ON_ENTRY,
                    };
                    self.expert(at, &Diag::new(f, on, 0, 0), &[], heading);
                }
            }
        }
    }

    /// A TLS certificate checked in this frame: the verdict, at the top of the tree.
    fn certificate(&mut self, c: &CertificateRecord) {
        let f = self.f;
        let heading = if f.tap {
            self.out.text(LABEL_MAX, |w| {
                w.write_str("TLS certificates from ")?;
                f.src.write(w)
            })
        } else {
            ENCDNS_NO_TEXT
        };
        let mut e = self.entry(EntryKind::Certificate, 0, 0, 0);
        if f.labels {
            e.label = self
                .out
                .text(LABEL_MAX, |w| w.write_str(": certificate check"));
        }
        if heading != ENCDNS_NO_TEXT {
            let how = match c.check {
                Check::Match => "matches",
                Check::Mismatch => "does not match",
                _ => "cannot be checked against",
            };
            self.tap(heading, CERTIFICATE, |w| {
                w.write_str(how)?;
                w.write_str(" the digest claimed in frame ")?;
                dec(w, c.claimed_in.into())
            });
        }
        self.item(&e, Field::DigestClaimedIn, 0, c.claimed_in.into());
        if let Some(d) = c.computed {
            let i = self.item(&e, Field::DigestComputed, 0, 0);
            self.out.item_octets(i as usize, d.as_bytes());
        }
        if let Some(m) = verdict(c.check) {
            self.item(&e, Field::DigestMatch, 0, m.into());
        }
        let Some(claimed_in) = core::num::NonZeroU32::new(c.claimed_in) else {
            return self.close(e);
        };
        let f = Finding::of_check(c.check, c.alg, Against::ClaimedIn(claimed_in));
        self.expert(
            ENCDNS_ON_ENTRY,
            &Diag::new(f, On::Attribute, 0, 0),
            &[],
            heading,
        );
        self.close(e);
    }
}

/// Whether a check says the digest is the certificate's (`None`: it says nothing).
fn verdict(c: Check) -> Option<bool> {
    match c {
        Check::Match => Some(true),
        Check::Mismatch => Some(false),
        _ => None,
    }
}
