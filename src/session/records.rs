//! What the first pass learnt about each frame, for every later look at it: where its
//! Configuration payloads are and what the IKE SA said about them, and how its TLS
//! certificate fared against the digests claimed before it. Kept in frame order, so a
//! frame's records are found by binary search.

use crate::hash::Digest;
use crate::sink::Diag;
use crate::spki::Check;

use super::frame::SourceRef;

/// One IKE message with a Configuration payload.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MessageRecord {
    pub frame: u32,
    /// The message's place among those the frame was handed with.
    pub message: u16,
    pub cfg_type: u8,
    pub source: SourceRef,
    /// Where the payload body (from its CFG Type) starts in the source, and its length.
    pub offset: u32,
    pub length: u32,
    /// Where the message's header is: a later look may be handed no message (a tree
    /// nobody shows, where isakmp's items are faked) and still names its SA.
    pub header_source: SourceRef,
    pub header_offset: u32,
    /// For a CFG_REPLY the frame of its CFG_REQUEST; for a CFG_REQUEST the frame of
    /// its CFG_REPLY; likewise CFG_ACK and CFG_SET (0: none).
    pub link: u32,
    /// Its diagnostics from the SA, in `Records::diags`.
    pub diags: (u32, u32),
    pub was: Was,
    /// The payload has an attribute the plugin decodes: its exchange is linked only if
    /// it or the other side has one (a CP exchange of RFC 7296 attributes alone is
    /// Wireshark's business, and the most common IKE traffic this plugin must not slow).
    pub ours: bool,
}

/// What a recorded message is to its IKE SA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Was {
    /// One of its messages.
    Message,
    /// A retransmission (RFC 7296 s2.1: the same octets again) of the message at
    /// (frame, place in the frame): it shows what that one shows.
    Copy(u32, u16),
    /// Quoted in an ICMP error: not sent to the peer, no message of the SA.
    Quoted,
}

/// The check of a TLS server certificate against a claimed digest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CertificateRecord {
    pub frame: u32,
    /// The latest frame that claimed the digest it was checked against.
    pub claimed_in: u32,
    pub alg: u16,
    pub check: Check,
    /// The certificate's SPKI digest with that algorithm, if it could be computed.
    pub computed: Option<Digest>,
}

#[derive(Default)]
pub(crate) struct Records {
    messages: Vec<MessageRecord>,
    diags: Vec<Diag>,
    certificates: Vec<CertificateRecord>,
}

/// The records of `frame` in a list sorted by frame.
fn range_of<T>(list: &[T], frame: u32, of: impl Fn(&T) -> u32) -> core::ops::Range<usize> {
    // A first pass asks for the frame it just recorded, the last in the list: a
    // step back per record of that frame instead of a search of the whole list.
    if list.last().is_some_and(|r| of(r) == frame) {
        let start = list.len() - list.iter().rev().take_while(|r| of(r) == frame).count();
        return start..list.len();
    }
    let start = list.partition_point(|r| of(r) < frame);
    let end = start + list[start..].partition_point(|r| of(r) == frame);
    start..end
}

impl Records {
    /// Forgets what was recorded of `frame`: a first pass that drops frames with a read
    /// filter gives the next frame the dropped one's number.
    pub fn forget(&mut self, frame: u32) {
        let later = |last: Option<u32>| last.is_none_or(|l| l < frame);
        if later(self.messages.last().map(|m| m.frame))
            && later(self.certificates.last().map(|c| c.frame))
        {
            return; // the usual first pass: nothing recorded of this frame or after it
        }
        let r = range_of(&self.messages, frame, |m| m.frame);
        self.messages.drain(r);
        let r = range_of(&self.certificates, frame, |c| c.frame);
        self.certificates.drain(r);
    }

    /// Records a message with its SA diagnostics.
    pub fn add_message(&mut self, mut m: MessageRecord, diags: &[Diag]) {
        let start = self.diags.len() as u32;
        self.diags.extend_from_slice(diags);
        m.diags = (start, self.diags.len() as u32);
        // (A first pass adds in frame order: at the end.)
        if self.messages.last().is_none_or(|r| r.frame <= m.frame) {
            self.messages.push(m);
        } else {
            let at = self.messages.partition_point(|r| r.frame <= m.frame);
            self.messages.insert(at, m);
        }
    }

    /// A CFG_REPLY (CFG_ACK) in `reply` answers the CFG_REQUESTs (CFG_SETs) of
    /// `request`: links them if the exchange is ours (`reply_ours`, or a request's own
    /// attributes); says whether it is.
    pub fn link_reply(
        &mut self,
        request: u32,
        reply: u32,
        cfg_request: u8,
        reply_ours: bool,
    ) -> bool {
        let r = range_of(&self.messages, request, |m| m.frame);
        let asked = |m: &MessageRecord| m.cfg_type == cfg_request;
        let ours = reply_ours || self.messages[r.clone()].iter().any(|m| asked(m) && m.ours);
        if ours {
            for m in &mut self.messages[r] {
                if asked(m) && m.link == 0 {
                    m.link = reply;
                }
            }
        }
        ours
    }

    /// The message recorded at its place `message` in `frame`.
    pub fn message_at(&self, frame: u32, message: u16) -> Option<&MessageRecord> {
        self.messages(frame).iter().find(|m| m.message == message)
    }

    pub fn messages(&self, frame: u32) -> &[MessageRecord] {
        if self.messages.last().is_none_or(|m| m.frame < frame) {
            return &[]; // a first pass, in frame order: nothing of this frame yet
        }
        &self.messages[range_of(&self.messages, frame, |m| m.frame)]
    }

    pub fn diags(&self, m: &MessageRecord) -> &[Diag] {
        self.diags
            .get(m.diags.0 as usize..m.diags.1 as usize)
            .unwrap_or(&[])
    }

    pub fn add_certificate(&mut self, c: CertificateRecord) {
        let at = self.certificates.partition_point(|r| r.frame <= c.frame);
        self.certificates.insert(at, c);
    }

    pub fn certificate(&self, frame: u32) -> Option<&CertificateRecord> {
        if self.certificates.last().is_none_or(|c| c.frame < frame) {
            return None;
        }
        self.certificates[range_of(&self.certificates, frame, |c| c.frame)].first()
    }

    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    pub fn certificate_count(&self) -> usize {
        self.certificates.len()
    }

    pub fn has_certificates(&self) -> bool {
        !self.certificates.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::frame::Role;

    #[test]
    fn a_frame_s_records_are_found_at_the_end_in_the_middle_or_not_at_all() {
        let frames = [1u32, 2, 2, 5, 5, 5];
        let of = |f: &u32| *f;
        assert_eq!(range_of(&frames, 5, of), 3..6);
        assert_eq!(range_of(&frames, 2, of), 1..3);
        assert_eq!(range_of(&frames, 1, of), 0..1);
        assert_eq!(range_of(&frames, 3, of), 3..3);
        assert_eq!(range_of(&frames, 9, of), 6..6);
        assert_eq!(range_of(&[] as &[u32], 1, of), 0..0);
    }

    fn record(frame: u32, message: u16) -> MessageRecord {
        let source = SourceRef {
            role: Role::Other,
            nth: 0,
        };
        MessageRecord {
            frame,
            message,
            cfg_type: 2,
            source,
            offset: 0,
            length: 0,
            header_source: source,
            header_offset: 0,
            link: 0,
            diags: (0, 0),
            was: Was::Message,
            ours: false,
        }
    }

    #[test]
    fn records_stay_in_frame_order_whatever_order_they_come_in() {
        let mut r = Records::default();
        for (frame, message) in [(3, 0), (3, 1), (7, 0), (5, 0), (7, 1), (1, 0)] {
            r.add_message(record(frame, message), &[]);
        }
        let order: Vec<(u32, u16)> = r.messages.iter().map(|m| (m.frame, m.message)).collect();
        assert_eq!(order, [(1, 0), (3, 0), (3, 1), (5, 0), (7, 0), (7, 1)]);
        assert_eq!(r.messages(7).len(), 2);
        assert_eq!(r.messages(5).len(), 1);
        assert!(r.messages(4).is_empty());
        r.forget(3);
        assert_eq!(r.message_count(), 4);
        assert!(r.messages(3).is_empty());
    }
}
