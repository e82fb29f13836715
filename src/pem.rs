//! PEM text (RFC 7468) as the preference table's files hold it: blocks found by their
//! labels, so that a file with a private key or EC parameters before the certificate
//! still gives the certificate.
//!
//! ```text
//! -----BEGIN <label>-----
//! <base64, any line length, CR LF or LF, blanks tolerated>
//! -----END <label>-----
//! ```

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// One block: its label and the text between its boundary lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    pub label: &'a [u8],
    body: &'a [u8],
}

/// The blocks of `text`, in file order. Text outside them (comments, `openssl x509
/// -text` output) is skipped; a block without its END line ends the list.
pub fn blocks(text: &[u8]) -> Blocks<'_> {
    Blocks { rest: text }
}

pub struct Blocks<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Blocks<'a> {
    type Item = Block<'a>;

    fn next(&mut self) -> Option<Block<'a>> {
        let begin = find(self.rest, BEGIN)? + BEGIN.len();
        let line = &self.rest[begin..];
        let label_len = find(line, DASHES)?;
        let label = &line[..label_len];
        let body_start = find(line, b"\n").map_or(line.len(), |n| n + 1);
        let body = &line[body_start..];
        let Some(end) = find(body, END) else {
            self.rest = &[];
            return None;
        };
        self.rest = &body[end + END.len()..];
        Some(Block {
            label,
            body: &body[..end],
        })
    }
}

impl Block<'_> {
    /// The block's octets, if its body is base64 (RFC 4648 alphabet; white space
    /// anywhere; `=` ends it). Encapsulated headers (`Proc-Type:` …, only in legacy
    /// encrypted private keys) make it fail, which is right for what is read here.
    pub fn decode(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(self.body.len() / 4 * 3);
        let (mut acc, mut bits) = (0u32, 0);
        for &c in self.body {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' => break,
                b'\r' | b'\n' | b' ' | b'\t' => continue,
                _ => return None,
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
            }
        }
        Some(out)
    }
}

/// The labels whose blocks hold a key as RFC 9464 §5 hashes it: a certificate
/// (RFC 7468 §5; "X509 CERTIFICATE" is its older name, "TRUSTED CERTIFICATE"
/// OpenSSL's certificate with trust settings after it) or a SubjectPublicKeyInfo
/// (§13).
pub const KEY_LABELS: [&[u8]; 4] = [
    b"CERTIFICATE",
    b"X509 CERTIFICATE",
    b"TRUSTED CERTIFICATE",
    b"PUBLIC KEY",
];

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_file_order_and_bodies_decoded() {
        let text =
            b"junk\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n\
                     -----BEGIN CERTIFICATE-----\r\nAAEC\r\nAw==\r\n-----END CERTIFICATE-----\r\n";
        let got: Vec<_> = blocks(text).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].label, b"EC PARAMETERS");
        assert_eq!(
            got[0].decode().unwrap(),
            [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
        );
        assert_eq!(got[1].label, b"CERTIFICATE");
        assert_eq!(got[1].decode().unwrap(), [0, 1, 2, 3]);
    }

    #[test]
    fn unterminated_block_and_foreign_characters() {
        assert_eq!(blocks(b"-----BEGIN CERTIFICATE-----\nAAEC\n").count(), 0);
        let b = blocks(b"-----BEGIN X-----\nAA*C\n-----END X-----").next();
        assert_eq!(b.unwrap().decode(), None);
        // Header lines of a legacy encrypted key are not base64.
        let b = blocks(b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----").next();
        assert_eq!(b.unwrap().decode(), None);
    }
}
