//! The `page` fuzz target for AFL (see `fuzz/src/lib.rs` for what it does
//! and checks). Run it with `scripts/fuzz.sh`.

fn main() {
    let fuzzer = cairn_fuzz::Fuzzer::new("page").expect("a known target");
    afl::fuzz!(|data: &[u8]| fuzzer.run(data));
}
