//! Cairn's search index writer (`cairn::search::bundle`) against Pagefind's
//! own, the `pagefind` crate Cairn ships the browser client from: the same
//! pages given to both must make the same index. File names are hashes of
//! the uncompressed contents, so the same set of names means the same bytes;
//! where they differ the test decodes both sides to show how.
//!
//! Pagefind is given each page as a "custom record": its text with
//! Pagefind's markers for weights, headings and anchors, which is what it
//! makes of a page's HTML before it indexes it. Anchors made that way have
//! no text, so the records here give theirs none either.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use std::sync::Mutex;

use cairn::search::bundle::{IndexFile, Sink};
use cairn::search::SiteIndex;

/// Pagefind's chunk size, which the comparison needs (Cairn's is smaller).
const PAGEFIND_CHUNK_SIZE: usize = 20_000;
use cairn::search::page::{Piece, Record};

/// Pagefind's text for a record: markers stand for the pieces that are not
/// text, as its HTML reader writes them.
fn pagefind_text(record: &Record) -> String {
    let mut text = String::new();
    let mut anchors = 0;
    for piece in &record.text {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Weight(w) => text.push_str(&format!(" ___PAGEFIND_WEIGHT___{w} ")),
            Piece::Heading(level) => {
                text.push_str(&format!(" ___PAGEFIND_AUTO_WEIGHT___{} ", 8 - level))
            }
            Piece::End => text.push_str(" ___END_PAGEFIND_WEIGHT___ "),
            Piece::Anchor { element, id, .. } => {
                text.push_str(&format!(" ___PAGEFIND_ANCHOR___{element}:{anchors}:{id} "));
                anchors += 1;
            }
        }
    }
    text
}

/// What the `pagefind` crate is given of a page: its text with the
/// markers, or its HTML (address and document).
enum Given<'p> {
    Record(&'p Record),
    Html(&'p str, &'p str),
}

/// The files the `pagefind` crate writes for `pages`.
fn pagefind_files(language: &str, pages: &[Given]) -> Vec<(String, Vec<u8>)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_owned())
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
        for page in pages {
            let added = match page {
                Given::Record(record) => {
                    index
                        .add_custom_record(
                            record.url.clone(),
                            pagefind_text(record),
                            language.to_owned(),
                            Some(record.meta.clone()),
                            Some(record.filters.clone()),
                            None,
                        )
                        .await
                }
                Given::Html(url, html) => {
                    index
                        .add_html_file(None, Some((*url).to_owned()), (*html).to_owned())
                        .await
                }
            };
            added.unwrap();
        }
        index
            .get_files()
            .await
            .unwrap()
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .collect()
    })
}

/// The files written, by path, with renames applied.
#[derive(Default)]
struct Collected(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Collected {
    fn write(&self, file: IndexFile) {
        self.0.lock().unwrap().insert(file.path, file.contents);
    }

    fn rename(&self, from: &str, to: &str) {
        let mut files = self.0.lock().unwrap();
        let contents = files.remove(from).expect("a file written before");
        assert!(
            files.insert(to.to_owned(), contents).is_none(),
            "{to} overwritten"
        );
    }
}

fn cairn_files(language: &str, records: &[Record]) -> Vec<IndexFile> {
    let index = SiteIndex::without_client(language, PAGEFIND_CHUNK_SIZE, 6);
    let files = Collected::default();
    // Added last first: pages are numbered by rank, whatever the order.
    for (rank, record) in records.iter().enumerate().rev() {
        if let Some(fragment) = index.add(rank, record) {
            files.write(fragment);
        }
    }
    index.finish(&files).unwrap();
    files
        .0
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|(path, contents)| IndexFile { path, contents })
        .collect()
}

/// The payload of a compressed index file: gunzipped, signature removed.
fn payload(contents: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(contents)
        .read_to_end(&mut raw)
        .unwrap();
    assert!(raw.starts_with(b"pagefind_dcd"), "no signature");
    raw.split_off(12)
}

fn is_index_file(name: &str) -> bool {
    name.ends_with(".pf_meta")
        || name.ends_with(".pf_index")
        || name.ends_with(".pf_filter")
        || name.ends_with(".pf_fragment")
        || name == "pagefind-entry.json"
}

/// Both writers on `records`: the same index files, by name, and the same
/// entry file; on a difference, the differing payloads.
fn assert_same_index(language: &str, records: &[Record]) {
    let given: Vec<Given> = records.iter().map(Given::Record).collect();
    let theirs: BTreeMap<String, Vec<u8>> = pagefind_files(language, &given)
        .into_iter()
        .filter(|(name, _)| is_index_file(name))
        .collect();
    let ours: BTreeMap<String, Vec<u8>> = cairn_files(language, records)
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let names = |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<BTreeSet<_>>();
    let (only_theirs, only_ours): (Vec<_>, Vec<_>) = (
        names(&theirs).difference(&names(&ours)).cloned().collect(),
        names(&ours).difference(&names(&theirs)).cloned().collect(),
    );
    if only_theirs.is_empty() && only_ours.is_empty() {
        assert_eq!(ours["pagefind-entry.json"], theirs["pagefind-entry.json"]);
        return;
    }
    let show = |files: &BTreeMap<String, Vec<u8>>, only: &[String]| -> Vec<String> {
        only.iter()
            .map(|name| {
                let bytes = &files[name];
                let data = if name.ends_with(".json") {
                    bytes.clone()
                } else {
                    payload(bytes)
                };
                let text = if name.ends_with(".pf_fragment") || name.ends_with(".json") {
                    String::from_utf8_lossy(&data).into_owned()
                } else {
                    format!("{:?}", String::from_utf8_lossy(&data))
                };
                format!("{name}: {}", text.chars().take(1500).collect::<String>())
            })
            .collect()
    };
    panic!(
        "the indexes differ.\nonly Pagefind's:\n  {}\nonly Cairn's:\n  {}",
        show(&theirs, &only_theirs).join("\n  "),
        show(&ours, &only_ours).join("\n  ")
    );
}

fn text(t: &str) -> Piece {
    Piece::Text(t.to_owned())
}

fn record(url: &str, title: &str, pieces: Vec<Piece>) -> Record {
    let mut text = vec![
        Piece::Weight(10.0),
        Piece::Text(title.to_owned()),
        Piece::End,
        Piece::Text(" ".to_owned()),
    ];
    text.extend(pieces);
    Record {
        url: url.to_owned(),
        meta: BTreeMap::from([("title".to_owned(), title.to_owned())]),
        filters: BTreeMap::new(),
        text,
    }
}

#[test]
fn the_same_pages_make_the_same_index_as_pagefind() {
    let mut handover = record(
        "handovers/2025/tom-reid.html",
        "ASB Coordinator — Tom Reid's handover",
        vec![
            Piece::Weight(8.0),
            text("ASB lead; Anti-social behaviour coordinator"),
            Piece::End,
            text(" Handover. Written 2025-06-30 by Tom Reid."),
            Piece::Anchor {
                element: "h2".into(),
                id: "open-actions".into(),
                text: String::new(),
            },
            Piece::Heading(2),
            text("Open actions"),
            Piece::End,
            text(" Renew the PSPO before 15 August; ring the MASH (multi-agency safeguarding hub) "),
            text("about case-review.v2 and the sysconfig.is_python_build of WKWebView — COVID-19 follow-ups. "),
            Piece::Heading(3),
            text("Café crème à la Mère-Grand"),
            Piece::End,
            text(" naïve résumé, déjà vu: Ärzte & Öffentlichkeit. Done ✅ 👍🏽 "),
            Piece::Weight(0.0),
            text("ignored weightless words"),
            Piece::End,
            Piece::Weight(2.0),
            text("nested "),
            Piece::Heading(4),
            text("heading inside weight"),
            Piece::End,
            Piece::End,
            text(" n"),
            text("o"),
            text("t split; comma,separated;words_with_underscores"),
        ],
    );
    handover.meta.insert(
        "summary".into(),
        "What Tom left open: the PSPO, the café.".into(),
    );
    handover.filters = BTreeMap::from([
        ("kind".into(), vec!["Handover".into()]),
        (
            "tag".into(),
            vec!["asb".into(), "pspo".into(), "asb".into()],
        ),
    ]);
    let mut agency = record(
        "agencies/northmere-police.html",
        "Northmere Police",
        vec![text(
            "Agency. The police service of Northmere: neighbourhood teams, the ASB unit. \
             コンピュータ システム · نظام الحالات · 数据共享协议 · Øresund",
        )],
    );
    agency.filters = BTreeMap::from([("kind".into(), vec!["Agency".into()])]);
    // A page with no words of its own is left out, by both.
    let empty = record("notes/empty.html", "", vec![text("   ")]);
    // A 400 kB page: positions past 65,535 take wider numbers.
    let long_text: String = (0..60_000)
        .map(|i| ["referral ", "tenancy ", "outreach ", "MASH-", "review "][i % 5])
        .collect();
    assert!(long_text.len() > 400_000);
    let long = record("notes/long.html", "A long log", vec![text(&long_text)]);
    assert_same_index("en", &[handover, agency, empty, long]);
}

/// Enough pages, with enough words, for the index to take several chunks.
#[test]
fn a_large_site_is_chunked_as_pagefind_chunks_it() {
    let records = large_site();
    let chunks = cairn_files("en", &records)
        .iter()
        .filter(|f| f.path.ends_with(".pf_index"))
        .count();
    assert!(chunks >= 3, "only {chunks} chunks");
    assert_same_index("en", &records);
}

/// A site of 150 pages of 160 words drawn from a small vocabulary: enough
/// for the index to take several chunks.
fn large_site() -> Vec<Record> {
    let vocabulary = [
        "safeguarding",
        "referral",
        "tenancy",
        "outreach",
        "licensing",
        "protocol",
        "handover",
        "partnership",
        "coordinator",
        "nuisance",
        "curfew",
        "mediation",
        "café",
        "naïve",
        "ASB",
        "MASH",
        "PSPO",
        "youth",
        "estate",
        "council",
    ];
    let mut state: u32 = 7;
    let mut next = || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 8) as usize
    };
    (0..150)
        .map(|i| {
            let words: Vec<String> = (0..160)
                .map(|j| {
                    format!(
                        "{}{}",
                        vocabulary[next() % vocabulary.len()],
                        if j % 7 == 0 {
                            format!("{}", next() % 400)
                        } else {
                            String::new()
                        }
                    )
                })
                .collect();
            let mut page = record(
                &format!("notes/n{i:03}.html"),
                &format!("Note {i} on {}", vocabulary[i % vocabulary.len()]),
                vec![text(&words.join(" "))],
            );
            page.filters = BTreeMap::from([("tag".into(), vec![vocabulary[i % 5].to_lowercase()])]);
            if i % 3 == 0 {
                page.meta.insert("summary".into(), words[..12].join(" "));
            }
            page
        })
        .collect()
}

/// The index as a reader's browser sees it, decoded from `files` through
/// its metadata: each page's fragment (payload), and each word's entry in
/// its chunk (the CBOR of its pages and forms), by word.
fn decoded(files: &BTreeMap<String, Vec<u8>>) -> (Vec<Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let entry: serde_json::Value = serde_json::from_slice(&files["pagefind-entry.json"]).unwrap();
    let hash = entry["languages"]["en"]["hash"].as_str().unwrap();
    let meta = payload(&files[&format!("pagefind.{hash}.pf_meta")]);
    let mut d = minicbor::Decoder::new(&meta);
    d.array().unwrap();
    d.str().unwrap();
    let mut fragments = Vec::new();
    for _ in 0..d.array().unwrap().unwrap() {
        d.array().unwrap();
        let name = d.str().unwrap();
        fragments.push(payload(&files[&format!("fragment/{name}.pf_fragment")]));
        d.skip().unwrap();
        d.skip().unwrap();
    }
    let mut words = BTreeMap::new();
    for _ in 0..d.array().unwrap().unwrap() {
        d.array().unwrap();
        d.skip().unwrap();
        d.skip().unwrap();
        let name = d.str().unwrap();
        let chunk = payload(&files[&format!("index/{name}.pf_index")]);
        let mut c = minicbor::Decoder::new(&chunk);
        c.array().unwrap();
        for _ in 0..c.array().unwrap().unwrap() {
            c.array().unwrap();
            let word = c.str().unwrap().to_owned();
            let start = c.position();
            c.skip().unwrap();
            c.skip().unwrap();
            words.insert(word, chunk[start..c.position()].to_vec());
        }
    }
    (fragments, words)
}

/// `cairn serve`'s index: after a save it splits only the saved page and
/// writes only its fragment, the chunks holding its changed words and the
/// metadata; and what it serves then is the index of the site as saved,
/// word for word, as if it had started again.
#[test]
fn a_save_writes_only_what_changed_and_searches_as_a_new_index() {
    use cairn::search::LiveIndex;
    let records = large_site();
    let ranked = |records: &[Record]| -> Vec<(usize, Record)> {
        records.iter().cloned().enumerate().collect()
    };
    let mut live = LiveIndex::new("en");
    let served = Collected::default();
    live.update(&ranked(&records), &served).unwrap();
    let mut served = served.0.into_inner().unwrap();
    let chunk_count = served.keys().filter(|p| p.ends_with(".pf_index")).count();
    assert!(chunk_count >= 3, "only {chunk_count} chunks");

    // One word of one page changes, in place.
    let mut saved = records.clone();
    let Piece::Text(body) = &mut saved[42].text[4] else {
        panic!("the body is the fifth piece: {:?}", saved[42].text);
    };
    let last = body.rfind(' ').unwrap();
    body.replace_range(last + 1.., "Zephyrword");
    let written = Collected::default();
    live.update(&[(42, saved[42].clone())], &written).unwrap();
    let written = written.0.into_inner().unwrap();
    let count = |suffix: &str| written.keys().filter(|p| p.ends_with(suffix)).count();
    assert_eq!(count(".pf_fragment"), 1, "{:?}", written.keys());
    assert!(
        (1..=2).contains(&count(".pf_index")),
        "{} of {chunk_count} chunks written again",
        count(".pf_index")
    );
    assert_eq!(count(".pf_meta"), 1);
    served.extend(written);
    // As the server does: the files of earlier indexes are let go of.
    let before = served.len();
    let current: BTreeSet<String> = live.files().map(str::to_owned).collect();
    served.retain(|path, _| current.contains(path));
    assert_eq!(
        served.keys().cloned().collect::<BTreeSet<_>>(),
        current,
        "every file of the index now was written"
    );
    assert!(
        before - served.len() >= 2,
        "the old metadata and fragment are let go of"
    );
    let ends = |suffix: &str| served.keys().filter(|p| p.ends_with(suffix)).count();
    assert_eq!((ends(".pf_meta"), ends(".pf_index")), (1, chunk_count));

    let fresh = Collected::default();
    LiveIndex::new("en")
        .update(&ranked(&saved), &fresh)
        .unwrap();
    let fresh = fresh.0.into_inner().unwrap();
    let (served_fragments, served_words) = decoded(&served);
    let (fresh_fragments, fresh_words) = decoded(&fresh);
    assert!(served_words.contains_key("zephyrword"));
    assert!(served_fragments == fresh_fragments, "the fragments differ");
    assert_eq!(
        served_words.keys().collect::<Vec<_>>(),
        fresh_words.keys().collect::<Vec<_>>()
    );
    for (word, entry) in &fresh_words {
        assert!(served_words[word] == *entry, "{word}: its entry differs");
    }

    // A second save: the word only that page had is gone, and a word no
    // page had arrives.
    let Piece::Text(body) = &mut saved[42].text[4] else {
        unreachable!()
    };
    *body = body.replace("Zephyrword", "Aardvarkword");
    let written = Collected::default();
    live.update(&[(42, saved[42].clone())], &written).unwrap();
    served.extend(written.0.into_inner().unwrap());
    let current: BTreeSet<String> = live.files().map(str::to_owned).collect();
    served.retain(|path, _| current.contains(path));
    assert_eq!(served.len(), current.len());
    let fresh = Collected::default();
    LiveIndex::new("en")
        .update(&ranked(&saved), &fresh)
        .unwrap();
    let (served_fragments, served_words) = decoded(&served);
    let (fresh_fragments, fresh_words) = decoded(&fresh.0.into_inner().unwrap());
    assert!(!served_words.contains_key("zephyrword"));
    assert!(served_words.contains_key("aardvarkword"));
    assert!(served_fragments == fresh_fragments, "the fragments differ");
    assert!(served_words == fresh_words, "the words differ");
}

/// Markdown bodies rendered by Cairn: the text Cairn keeps for search must
/// index as Pagefind indexes the HTML of the same body.
#[test]
fn a_body_indexes_as_pagefind_indexes_its_html() {
    use cairn::content::frontmatter::Document;
    use cairn::markdown::MarkdownRenderer;
    use cairn::model::links::LinkIndex;

    let bodies = [
        "Plain text. A second sentence\nover two lines.\n\nAnother paragraph",
        "## Open actions\n\n- Renew the PSPO\n- Ring the MASH about case-review.v2\n\n\
         1. First, ordered\n2. Second\n\n### Who to call {#call}\n\nTom's *emphasised* and **strong** \
         words, `inline code`, ~~struck~~ text; \"quoted\" & <escaped>\n",
        "> [!warning] Data protection\n> Do not email case files.\n\n> A plain quote\n> over lines\n\n\
         ```rust\nfn main() { println!(\"hi\"); }\n```\n\n---\n\n| Agency | Term |\n|---|---|\n| Police | nominal |\n| Council | service user |\n",
        "Line one  \nline two after a hard break\n\n- [ ] open task\n- [x] done task\n\n\
         ![a diagram](diagram.png) after the image.\n\nA footnote[^note] and another[^a].\n\n\
         [^a]: The second.\n[^note]: The note itself.\n",
        "<div class=\"box\" id=\"raw-box\">Raw <b>HTML</b> block</div>\n\nText with <span id=\"inline-id\">inline\
         </span> HTML and <script>hidden()</script> a script.\n\n## Café crème — naïve\n\nÄrzte ✅ end",
        "See [[Missing page|the missing page]], [a link](https://example.org/x) and <https://example.org/auto>.\n\n\
         Term\n: A definition\n\n#### Deep heading\n\n###### Deepest\n\n<details><summary>More</summary>\n\nHidden text\n\n</details>\n",
    ];
    let links = LinkIndex::new();
    let renderer = MarkdownRenderer::new(
        &links,
        std::collections::HashMap::new(),
        None,
        cairn::project::config::RawHtml::Allow,
        cairn::diagnostics::Severity::Warning,
    )
    .with_search_text();
    let mut records = Vec::new();
    let mut html_pages = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let doc = Document {
            rel: format!("notes/b{i}.md"),
            file: format!("notes/b{i}.md"),
            path: format!("content/notes/b{i}.md").into(),
            kind: cairn::project::kinds::Kind::Note,
            is_index: false,
            meta: Default::default(),
            fields: Default::default(),
            front_matter: String::new(),
            body: (*body).to_owned(),
            body_line: 1,
            title_heading: false,
            modified: None,
        };
        let url = format!("notes/b{i}.html");
        let rendered = renderer.render(&doc, &url);
        let title = format!("Body {i}");
        html_pages.push((
            url.clone(),
            format!(
                "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head><body>{}</body></html>",
                rendered.html
            ),
        ));
        records.push(Record {
            url,
            meta: BTreeMap::from([("title".to_owned(), title)]),
            filters: BTreeMap::new(),
            text: rendered.search_text.unpack(),
        });
    }
    let given: Vec<Given> = html_pages
        .iter()
        .map(|(url, html)| Given::Html(url, html))
        .collect();
    let theirs: BTreeMap<String, Vec<u8>> = pagefind_files("en", &given)
        .into_iter()
        .filter(|(name, _)| is_index_file(name))
        .collect();
    let ours: BTreeMap<String, Vec<u8>> = cairn_files("en", &records)
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let fragments = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .iter()
            .filter(|(name, _)| name.ends_with(".pf_fragment"))
            .map(|(_, bytes)| String::from_utf8(payload(bytes)).unwrap())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    assert_eq!(
        fragments(&ours),
        fragments(&theirs),
        "the pages' text, as search shows it"
    );
    let names = |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(names(&ours), names(&theirs), "the index files");
}
