//! Rebuilds the binary when the files it embeds change: the default theme
//! and the starter knowledge base that `cairn init` writes.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/starter");
    println!("cargo:rerun-if-changed=build.rs");
}
