//! A page's search text as the build keeps it between the Markdown stage,
//! which makes it, and the moment the page is indexed: packed into one
//! buffer (the [`Piece`]s as CBOR, then compressed with LZ4), not as a
//! list of pieces each holding its own strings.
//!
//! Every page's text waits for its page to be rendered, so a large site
//! holds all of them at once. The 10,000-page benchmark corpus has 57 MB
//! of it, held as 80 MB of pieces; packed, it takes 30 MB, and in
//! alternating builds the processor time spent packing and unpacking did
//! not show.

use super::page::Piece;

/// A page's search text, packed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedText {
    /// The pieces as CBOR, compressed with LZ4 (uncompressed size first);
    /// empty for no text.
    bytes: Box<[u8]>,
}

impl PackedText {
    pub fn pack(pieces: &[Piece]) -> PackedText {
        if pieces.is_empty() {
            return PackedText::default();
        }
        let cbor = minicbor::to_vec(pieces).expect("encoding to memory");
        PackedText {
            bytes: lz4_flex::compress_prepend_size(&cbor).into_boxed_slice(),
        }
    }

    /// The pieces, as they were packed.
    pub fn unpack(&self) -> Vec<Piece> {
        if self.bytes.is_empty() {
            return Vec::new();
        }
        // The bytes were packed by this process: failing to read them back
        // is a bug, which leaves the page unfound rather than stop a build.
        let cbor = lz4_flex::decompress_size_prepended(&self.bytes);
        let pieces = cbor.ok().and_then(|cbor| minicbor::decode(&cbor).ok());
        debug_assert!(pieces.is_some(), "packed search text reads back");
        pieces.unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes it takes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_back_as_they_were_packed() {
        let pieces = vec![
            Piece::Weight(7.0),
            Piece::Text("Café crème, naïve — ".repeat(40)),
            Piece::End,
            Piece::Anchor {
                element: "h2".to_owned(),
                id: "open-cases".to_owned(),
                text: "Open cases".to_owned(),
            },
            Piece::Heading(2),
            Piece::Text("Open cases".to_owned()),
            Piece::End,
            Piece::Text("مرحبا 你好".to_owned()),
        ];
        let packed = PackedText::pack(&pieces);
        assert!(!packed.is_empty());
        assert!(packed.len() < "Café crème, naïve — ".len() * 40);
        assert_eq!(packed.unpack(), pieces);
        assert!(PackedText::pack(&[]).is_empty());
        assert_eq!(PackedText::pack(&[]).unpack(), Vec::<Piece>::new());
    }
}
