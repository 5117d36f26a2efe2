//! `cairn build` when the disk fails it: a full disk (a small tmpfs) and
//! read-only file systems (read-only bind mounts), with the real binary.
//! Each build must fail with an error that names the file, says why and
//! what to do, leave the previous output byte for byte as it was, and leave
//! no staging folder behind.
//!
//! The tests mount file systems, so they need root, as CI runs them. They
//! fail, saying so, where mounting is not allowed: they are never skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{page, run_cairn, Kb};

/// A file system mounted for a test, unmounted when dropped (also when the
/// test fails).
struct Mount {
    point: PathBuf,
}

impl Mount {
    /// A tmpfs of `size` bytes at `point` (created if missing).
    fn tmpfs(point: &Path, size: u64) -> Mount {
        std::fs::create_dir_all(point).unwrap();
        mount(
            &["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"],
            point,
        );
        Mount {
            point: point.to_path_buf(),
        }
    }

    /// `from` seen again, read-only, at `point` (created if missing).
    fn read_only_bind(from: &Path, point: &Path) -> Mount {
        std::fs::create_dir_all(point).unwrap();
        mount(&["--bind", &from.display().to_string()], point);
        let mounted = Mount {
            point: point.to_path_buf(),
        };
        mount(&["-o", "remount,ro,bind"], point);
        mounted
    }

    /// Sets the size of a tmpfs mounted with [`Mount::tmpfs`].
    fn resize(&self, size: u64) {
        mount(&["-o", &format!("remount,size={size}")], &self.point);
    }

    /// Bytes in use on the mounted file system.
    fn used(&self) -> u64 {
        let out = Command::new("df")
            .args(["--block-size=1", "--output=used"])
            .arg(&self.point)
            .output()
            .expect("df runs");
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("cannot read df's output: {text:?}"))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        // Lazily: a build still holding a file there must not keep the
        // mount in place after the test.
        let _ = Command::new("umount").arg("-l").arg(&self.point).status();
    }
}

/// Runs `mount ARGS POINT`; fails the test, saying why, if it cannot.
fn mount(args: &[&str], point: &Path) {
    let out = Command::new("mount")
        .args(args)
        .arg(point)
        .output()
        .unwrap_or_else(|e| panic!("these tests need the `mount` command: {e}"));
    assert!(
        out.status.success(),
        "mount {} {} failed: {}\nthese tests mount file systems, so they must run as root (as CI does)",
        args.join(" "),
        point.display(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
}

/// Every file under `root`, relative path to contents.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    assert!(!files.is_empty(), "nothing under {}", root.display());
    files
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The small fixture site with enough pages that its output takes some
/// room.
fn site() -> Kb {
    let kb = Kb::from_fixture("valid/small-site");
    for i in 0..20 {
        kb.write(
            &format!("content/notes/n-{i:02}.md"),
            page(
                &format!("title: Note {i}"),
                &"Words to take room. ".repeat(200),
            ),
        );
    }
    kb
}

/// Builds `kb` into `out`.
fn build(kb: &Kb, out: &Path) -> crate::common::Run {
    run_cairn(kb.root(), &["build", "--out", &out.display().to_string()])
}

#[test]
fn a_full_disk_fails_the_build_clearly_and_keeps_the_previous_output() {
    let kb = site();
    let tmp = tempfile::tempdir().unwrap();
    let disk = Mount::tmpfs(&tmp.path().join("disk"), 64 << 20);
    let out = disk.point.join("public");
    let first = build(&kb, &out);
    assert!(first.ok(), "{}", first.stderr);
    let before = snapshot(&out);

    // Room for the output and half as much again: not for a second copy,
    // which the next build writes beside the first before swapping.
    let used = disk.used();
    disk.resize((used + used / 2).next_multiple_of(4096));
    kb.write(
        "content/notes/n-00.md",
        page("title: Note 0", "Changed, so the new site differs."),
    );
    let full = build(&kb, &out);
    full.fails_with(&[
        &format!("cannot write `{}/", out.display()),
        "no space left on device",
        &format!("the disk holding `{}` is full", disk.point.display()),
        "free some space there",
        "--out",
        "the previous output was left as it was",
    ]);
    assert_eq!(
        full.stderr.matches("error[write/failed]").count(),
        1,
        "one error says why, not one per file:\n{}",
        full.stderr
    );
    assert!(snapshot(&out) == before, "the previous output changed");
    assert_eq!(
        names(&disk.point),
        [".public.cairn-lock", "public"],
        "the staging folder is removed"
    );

    // With room again, the next build succeeds and leaves nothing behind.
    disk.resize(64 << 20);
    let again = build(&kb, &out);
    assert!(again.ok(), "{}", again.stderr);
    let note = String::from_utf8(snapshot(&out)[Path::new("notes/n-00.html")].clone()).unwrap();
    assert!(note.contains("Changed, so the new site differs."));
    assert_eq!(names(&disk.point), [".public.cairn-lock", "public"]);
}

#[test]
fn a_read_only_folder_holding_the_output_fails_the_build_clearly_and_loses_nothing() {
    let kb = site();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let first = build(&kb, &data.join("public"));
    assert!(first.ok(), "{}", first.stderr);
    let before = snapshot(&data.join("public"));

    let read_only = Mount::read_only_bind(&data, &tmp.path().join("read-only"));
    let out = read_only.point.join("public");
    let refused = build(&kb, &out);
    refused.fails_with(&[
        "the file system is read-only",
        &format!(
            "`{}` is on a file system mounted read-only",
            read_only.point.display()
        ),
        "Remount it read-write, or build elsewhere with `--out`",
        "the previous output was left as it was",
    ]);
    assert!(snapshot(&out) == before, "the previous output changed");
    assert_eq!(names(&data), [".public.cairn-lock", "public"]);
}

#[test]
fn a_read_only_output_folder_is_refused_before_building_and_loses_nothing() {
    let kb = site();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let first = build(&kb, &data.join("public"));
    assert!(first.ok(), "{}", first.stderr);
    let before = snapshot(&data.join("public"));

    // The output folder itself is a read-only mount; the folder holding it
    // is writable.
    let out = tmp.path().join("site");
    let mounted = Mount::read_only_bind(&data.join("public"), &out);
    let refused = build(&kb, &out);
    refused.fails_with(&[
        "error[output/mount-point]",
        &format!(
            "cannot write the site to `{}`: it is a mount point",
            out.display()
        ),
        "Build into a folder inside it",
    ]);
    assert!(snapshot(&out) == before, "the previous output changed");
    drop(mounted);
    assert_eq!(
        names(tmp.path()),
        ["data", "site"],
        "nothing was left beside it"
    );
    assert!(snapshot(&data.join("public")) == before);

    // A read-only tmpfs as the output folder: the same.
    let empty = Mount::tmpfs(&tmp.path().join("empty"), 1 << 20);
    mount(&["-o", "remount,ro"], &empty.point);
    build(&kb, &empty.point).fails_with(&["error[output/mount-point]"]);
}
