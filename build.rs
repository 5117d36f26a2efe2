//! Rebuilds the binary when the files it embeds change: the default theme
//! the starter knowledge base that `cairn init` writes, and the example
//! knowledge base that `cairn serve` shows outside any knowledge base.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/starter");
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=cairn.yaml");
    println!("cargo:rerun-if-changed=build.rs");
}
