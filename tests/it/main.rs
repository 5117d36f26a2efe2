//! Integration tests: each builds a small knowledge base in a temporary
//! folder, runs the real `cairn` binary on it, and checks the generated HTML
//! (parsed, not grepped) or the command's output and exit code.
//!
//! One module per area; see tests/README.md for how to add a case. Tests that
//! need a browser are in the other target, `tests/browser`: this one runs
//! without Chromium.

#[path = "../common/mod.rs"]
mod common;

mod actions;
mod audience;
mod bad_input;
mod check;
mod cli;
mod content;
mod example_site;
mod existing_notes;
mod faults;
mod fuzz_replay;
mod linking;
mod live;
mod manual;
mod markdown;
mod navigation;
mod output;
mod packs;
mod people;
mod safety;
mod search_format;
mod serve;
#[cfg(target_os = "linux")]
mod serve_limits;
mod theme;
