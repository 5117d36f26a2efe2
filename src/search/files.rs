//! How every file of the search index is named and compressed: by the
//! SHA-1 of its contents, written as hexadecimal without a leading zero on
//! each byte (as Pagefind names them), and gzipped behind the signature
//! `pagefind_dcd` that the browser side checks for.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
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
    let mut gz = GzEncoder::new(
        Vec::with_capacity(payload.len() / 3 + 64),
        Compression::new(level),
    );
    gz.write_all(SIGNATURE)
        .and_then(|()| gz.write_all(payload))
        .expect("writing to memory");
    gz.finish().expect("writing to memory")
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
}
