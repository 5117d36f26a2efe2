//! How every file of the search index is named and compressed: by the
//! SHA-1 of its contents, written as hexadecimal without a leading zero on
//! each byte (as Pagefind names them), and gzipped behind the signature
//! `pagefind_dcd` that the browser side checks for.

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};
use sha1::{Digest, Sha1};

/// What every compressed file starts with, before compression.
const SIGNATURE: &[u8] = b"pagefind_dcd";

/// SHA-1 of `bytes`, each byte in hexadecimal without a leading zero.
pub(super) fn hex_sha1(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// `payload` behind the signature, gzipped at `level`.
pub(super) fn gzipped(payload: &[u8], level: u32) -> Vec<u8> {
    Gzip::new(level).compress(payload)
}

/// A gzip compressor kept for many files: its state (some hundreds of
/// kilobytes) is made once, not once per file.
pub(super) struct Gzip {
    encoder: DeflateEncoder<Vec<u8>>,
}

/// A gzip header with no name, time or flags, from an unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

impl Gzip {
    pub(super) fn new(level: u32) -> Gzip {
        Gzip {
            encoder: DeflateEncoder::new(Vec::new(), Compression::new(level)),
        }
    }

    /// `payload` behind the signature, gzipped.
    pub(super) fn compress(&mut self, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(payload.len() / 3 + 64);
        out.extend_from_slice(&GZIP_HEADER);
        let mut crc = Crc::new();
        crc.update(SIGNATURE);
        crc.update(payload);
        let compressed = self
            .encoder
            .reset(out)
            .and_then(|_| self.encoder.write_all(SIGNATURE))
            .and_then(|()| self.encoder.write_all(payload))
            .and_then(|()| self.encoder.reset(Vec::new()));
        let mut out = compressed.expect("writing to memory");
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_drop_leading_zeros_of_each_byte() {
        // SHA-1 of "abc" is a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d:
        // the bytes 06 and 0d are written `6` and `d`.
        assert_eq!(hex_sha1(b"abc"), "a9993e36476816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn a_kept_compressor_makes_whole_gzip_files() {
        use std::io::Read;
        let mut gzip = Gzip::new(2);
        for payload in [&b"first file"[..], b"", &[7u8; 100_000]] {
            let mut read = Vec::new();
            flate2::read::GzDecoder::new(&gzip.compress(payload)[..])
                .read_to_end(&mut read)
                .unwrap();
            assert_eq!(&read[..SIGNATURE.len()], SIGNATURE);
            assert_eq!(&read[SIGNATURE.len()..], payload);
        }
    }
}
