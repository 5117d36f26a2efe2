// Search for Cairn's default theme: the box in the header (results as you
// type, "/" to reach it from anywhere) and the search page
// (search/?q=words&kind=Handover, which can be bookmarked and shared).
//
// Served over http(s), it queries the full-text index that Cairn builds with
// Pagefind (_cairn/pagefind/), downloading only the parts of the index a query
// needs. Opened from disk (file://), where browsers refuse to load that
// index, it searches titles, aliases, tags and summaries from
// _cairn/titles.js instead, and says so.
(function () {
  "use strict";

  var rootMeta = document.querySelector('meta[name="cairn-root"]');
  var root = new URL(rootMeta ? rootMeta.getAttribute("content") : "", location.href);
  var FILTERS = [
    ["kind", "Kind"],
    ["agency", "Agency"],
    ["tag", "Tag"]
  ];

  // ---- Engines: both answer search(query, filters, limit) with
  // {total, results: [{href, title, kind, excerpt: Node[]}]}.

  var engine = null;
  function getEngine() {
    if (!engine) {
      engine = location.protocol === "file:" ? titlesEngine() : pagefindEngine().catch(titlesEngine);
    }
    return engine;
  }

  function pagefindEngine() {
    return import(new URL("_cairn/pagefind/pagefind.js", root).href).then(function (pagefind) {
      // Result URLs start with the site's path, wherever it is served. No
      // web worker: searching a site's index takes milliseconds, and not
      // loading the worker's script saves 43 kB on every first search.
      pagefind.options({ excerptLength: 24, baseUrl: root.pathname, noWorker: true });
      pagefind.init();
      return {
        full: true,
        filters: function () {
          return pagefind.filters();
        },
        search: function (query, filters, limit) {
          var chosen = {};
          Object.keys(filters).forEach(function (name) {
            if (filters[name].length) chosen[name] = { any: filters[name] };
          });
          // Debounced: while someone types, only the last query is run
          // (the others answer null), so no index chunks or fragments are
          // downloaded for half-typed words.
          return pagefind.debouncedSearch(query || null, { filters: chosen }, 120).then(function (found) {
            if (!found) return null;
            return Promise.all(found.results.slice(0, limit).map(function (r) {
              return r.data();
            })).then(function (pages) {
              return {
                total: found.results.length,
                results: pages.map(function (page) {
                  return {
                    href: new URL(page.url, root).href,
                    title: page.meta.title || page.url,
                    kind: (page.filters.kind || [""])[0],
                    excerpt: marked(page.excerpt)
                  };
                })
              };
            });
          });
        }
      };
    });
  }

  function titlesEngine() {
    return new Promise(function (resolve, reject) {
      window.cairnTitles = function (entries) {
        resolve(titleSearch(entries));
      };
      var script = document.createElement("script");
      script.src = new URL("_cairn/titles.js", root).href;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function titleSearch(entries) {
    var prepared = entries.map(function (e) {
      return {
        entry: e,
        title: fold(e.t),
        aliases: fold(e.a.join(" | ")),
        tags: fold(e.g.join(" | ")),
        rest: fold([e.s, e.k, e.y.join(" ")].join(" | "))
      };
    });
    function keep(e, filters) {
      return (!filters.kind.length || filters.kind.indexOf(e.k) >= 0) &&
        (!filters.agency.length || e.y.some(function (a) { return filters.agency.indexOf(a) >= 0; })) &&
        (!filters.tag.length || e.g.some(function (t) { return filters.tag.indexOf(t) >= 0; }));
    }
    return {
      full: false,
      filters: function () {
        var counts = { kind: {}, agency: {}, tag: {} };
        function count(name, value) {
          counts[name][value] = (counts[name][value] || 0) + 1;
        }
        entries.forEach(function (e) {
          count("kind", e.k);
          e.y.forEach(function (a) { count("agency", a); });
          e.g.forEach(function (t) { count("tag", t); });
        });
        return Promise.resolve(counts);
      },
      search: function (query, filters, limit) {
        var words = fold(query).split(/\s+/).filter(Boolean);
        var hits = [];
        prepared.forEach(function (p) {
          if (!keep(p.entry, filters)) return;
          var score = 0;
          for (var i = 0; i < words.length; i++) {
            var w = words[i];
            var s = p.title === w ? 100 : p.title.indexOf(w) === 0 ? 50 :
              p.title.indexOf(w) >= 0 ? 20 : p.aliases.indexOf(w) >= 0 ? 15 :
              p.tags.indexOf(w) >= 0 ? 5 : p.rest.indexOf(w) >= 0 ? 1 : 0;
            if (!s) return;
            score += s;
          }
          hits.push({ score: score, entry: p.entry });
        });
        hits.sort(function (a, b) {
          return b.score - a.score || a.entry.t.localeCompare(b.entry.t);
        });
        return Promise.resolve({
          total: hits.length,
          results: hits.slice(0, limit).map(function (h) {
            var e = h.entry;
            var also = e.a.length ? "Also known as " + e.a.join(", ") + ". " : "";
            return {
              href: new URL(e.p, root).href,
              title: e.t,
              kind: e.k,
              excerpt: highlighted(also + e.s, words)
            };
          })
        });
      }
    };
  }

  // An excerpt from Pagefind: text with <mark> around matches. It is parsed
  // into an inert template and only its text and marks are kept.
  function marked(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var nodes = [];
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  // Plain text with the query's words marked.
  function highlighted(text, words) {
    var folded = fold(text);
    var nodes = [];
    var at = 0;
    while (words.length) {
      var next = -1;
      var length = 0;
      words.forEach(function (w) {
        var i = folded.indexOf(w, at);
        if (i >= 0 && (next < 0 || i < next)) {
          next = i;
          length = w.length;
        }
      });
      if (next < 0) break;
      nodes.push(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      nodes.push(mark);
      at = next + length;
    }
    nodes.push(document.createTextNode(text.slice(at)));
    return nodes;
  }

  // ---- Showing results.

  function resultItem(result, withExcerpt) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = result.href;
    a.className = "search-result-title";
    a.textContent = result.title;
    li.appendChild(a);
    if (result.kind) {
      var badge = document.createElement("span");
      badge.className = "kind-badge";
      badge.textContent = result.kind;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
    if (withExcerpt && result.excerpt.length) {
      var p = document.createElement("p");
      p.className = "search-excerpt";
      result.excerpt.forEach(function (n) { p.appendChild(n); });
      li.appendChild(p);
    }
    return li;
  }

  function counted(n, query) {
    if (!n) return "No pages match “" + query + "”.";
    return n + (n === 1 ? " page matches" : " pages match") + (query ? " “" + query + "”." : ".");
  }

  function noFilters() {
    return { kind: [], agency: [], tag: [] };
  }

  // ---- The box in the header.

  function headerBox(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector(".search-popup");
    var status = form.querySelector("[role=status]");
    var asked = 0;

    function links() {
      return Array.prototype.slice.call(panel.querySelectorAll("a"));
    }
    function close() {
      panel.hidden = true;
    }
    // Each result shown costs its page's fragment (about 2 kB) to
    // download; the link under them opens all of them.
    var SHOWN_AS_YOU_TYPE = 6;
    function run() {
      var query = input.value.trim();
      var ticket = ++asked;
      if (!query) {
        close();
        status.textContent = "";
        return;
      }
      getEngine().then(function (e) {
        return e.search(query, noFilters(), SHOWN_AS_YOU_TYPE).then(function (found) {
          if (!found || ticket !== asked) return;
          panel.textContent = "";
          var list = document.createElement("ul");
          found.results.forEach(function (r) { list.appendChild(resultItem(r, true)); });
          panel.appendChild(list);
          var all = document.createElement("a");
          all.className = "search-all";
          // The search page, wherever the site's search box sends queries.
          var page = new URL(form.action);
          page.search = "q=" + encodeURIComponent(query);
          all.href = page.href;
          all.textContent = found.total > found.results.length
            ? "All " + found.total + " results"
            : "Open the search page";
          panel.appendChild(all);
          if (!e.full) {
            var note = document.createElement("p");
            note.className = "search-note";
            note.textContent = "Titles, aliases, tags and summaries only: full-text search needs the site on a web server.";
            panel.appendChild(note);
          }
          status.textContent = counted(found.total, query);
          panel.hidden = false;
        });
      }).catch(function () {
        status.textContent = "Search is not available: its index could not be loaded.";
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      getEngine();
      if (input.value.trim() && panel.childNodes.length) panel.hidden = false;
    });
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
        input.focus();
      } else if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        panel.hidden = false;
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else all[at - 1].focus();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var t = event.target;
      if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  // ---- The search page.

  function searchPage(form) {
    var input = form.querySelector("input[type=search]");
    var filterBox = document.getElementById("search-filters");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var params = new URLSearchParams(location.search);
    var chosen = noFilters();
    FILTERS.forEach(function (f) { chosen[f[0]] = params.getAll(f[0]); });
    input.value = params.get("q") || "";
    var limit = 20;
    var asked = 0;

    function remember() {
      var next = new URLSearchParams();
      if (input.value.trim()) next.set("q", input.value.trim());
      FILTERS.forEach(function (f) {
        chosen[f[0]].forEach(function (v) { next.append(f[0], v); });
      });
      var query = next.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++asked;
      var filtering = FILTERS.some(function (f) { return chosen[f[0]].length; });
      if (!query && !filtering) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "Type a name, an acronym, a project or a few words.";
        return;
      }
      status.textContent = "Searching…";
      getEngine().then(function (e) {
        return e.search(query, chosen, limit).then(function (found) {
          if (!found || ticket !== asked) return;
          list.textContent = "";
          found.results.forEach(function (r) { list.appendChild(resultItem(r, true)); });
          status.textContent = counted(found.total, query) +
            (e.full ? "" : " (Titles, aliases, tags and summaries only: full-text search needs the site on a web server.)");
          more.hidden = found.total <= found.results.length;
        });
      }).catch(function () {
        status.textContent = "Search is not available: its index could not be loaded.";
      });
    }

    function showFilters(counts) {
      FILTERS.forEach(function (f) {
        var values = Object.keys(counts[f[0]] || {}).sort(function (a, b) {
          return a.localeCompare(b);
        });
        if (!values.length) return;
        var set = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = f[1];
        set.appendChild(legend);
        values.forEach(function (value, i) {
          var id = "filter-" + f[0] + "-" + i;
          var box = document.createElement("input");
          box.type = "checkbox";
          box.id = id;
          box.name = f[0];
          box.value = value;
          box.checked = chosen[f[0]].indexOf(value) >= 0;
          var label = document.createElement("label");
          label.htmlFor = id;
          label.textContent = value + " (" + counts[f[0]][value] + ")";
          var row = document.createElement("span");
          row.className = "search-filter";
          row.appendChild(box);
          row.appendChild(label);
          set.appendChild(row);
        });
        filterBox.appendChild(set);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember();
      run();
    });
    input.addEventListener("input", function () {
      limit = 20;
      remember();
      run();
    });
    filterBox.addEventListener("change", function (event) {
      var box = event.target;
      var values = chosen[box.name];
      if (box.checked) values.push(box.value);
      else values.splice(values.indexOf(box.value), 1);
      limit = 20;
      remember();
      run();
    });
    more.addEventListener("click", function () {
      limit += 20;
      run();
    });
    getEngine().then(function (e) {
      return e.filters().then(showFilters);
    }).catch(function () { /* reported by run() */ });
    run();
  }

  document.querySelectorAll("[data-cairn-search]").forEach(headerBox);
  var page = document.querySelector("[data-cairn-search-page]");
  if (page) searchPage(page);
})();
