// Hover previews for Cairn's default theme: pointing at a link to another
// page of the knowledge base, or reaching it with the keyboard, shows that
// page's title, kind, summary and first lines after a short delay, without
// leaving the page. Escape closes it.
//
// Previews are small scripts (_cairn/previews/<nnn>.js), each holding the
// previews of the pages whose addresses hash to it, loaded when first
// needed, so previews work from a web server and from disk alike, and no
// whole page is downloaded. Touch is left alone (phones, tablets):
// a tap follows the link, with no preview in the way.
(function () {
  "use strict";

  var rootMeta = document.querySelector('meta[name="cairn-root"]');
  var root = new URL(rootMeta ? rootMeta.getAttribute("content") : "", location.href);
  var here = location.href.split("#")[0];
  var SHOW_AFTER = 350;
  var HIDE_AFTER = 250;
  var SCRIPTS = 512;
  var loaded = {};
  var waiting = {};
  var scripts = {};

  window.cairnPreview = function (path, data) {
    loaded[path] = data;
    (waiting[path] || []).forEach(function (done) { done(data); });
    delete waiting[path];
  };

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // The script holding a page's preview: the 32-bit FNV-1a hash of its
  // path's UTF-8 bytes, modulo SCRIPTS, in three hexadecimal digits (as
  // Cairn names them).
  function scriptOf(path) {
    var bytes = new TextEncoder().encode(path);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return ("00" + (hash % SCRIPTS).toString(16)).slice(-3);
  }

  function load(path, done) {
    if (has(loaded, path)) return done(loaded[path]);
    var file = scriptOf(path);
    if (scripts[file] === "done") return done(null);
    (waiting[path] = waiting[path] || []).push(done);
    if (scripts[file]) return;
    scripts[file] = "loading";
    var script = document.createElement("script");
    script.src = new URL("_cairn/previews/" + file + ".js", root).href;
    // Pages the script did not hold (or all, if it failed) have no preview.
    script.onload = script.onerror = function () {
      scripts[file] = "done";
      Object.keys(waiting).forEach(function (other) {
        if (scriptOf(other) === file) window.cairnPreview(other, null);
      });
    };
    document.head.appendChild(script);
  }

  // The page a link leads to, as a path from the site root, if it is
  // another page of this site.
  function target(link) {
    var href = link.href.split("#")[0];
    if (!href || href === here || href.indexOf(root.href) !== 0) return null;
    var path = decodeURIComponent(href.slice(root.href.length));
    return /\.html$/.test(path) && !/(^|\/)index\.html$/.test(path) ? path : null;
  }

  var box = document.createElement("div");
  box.id = "cairn-preview";
  box.className = "preview";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  // Inside <main>, beside the links it describes (a landmark, for screen
  // readers); nothing around it is positioned, so it is placed on the page.
  (document.querySelector("main") || document.body).appendChild(box);

  var current = null;
  var showTimer = 0;
  var hideTimer = 0;

  function line(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text;
    return el;
  }

  function fill(data) {
    box.textContent = "";
    var head = document.createElement("p");
    head.className = "preview-head";
    head.appendChild(line("span", "kind-badge", data.kind));
    if (data.overdue) head.appendChild(line("span", "badge badge-overdue", "Review overdue"));
    box.appendChild(head);
    box.appendChild(line("p", "preview-title", data.title));
    if (data.summary) box.appendChild(line("p", "preview-summary", data.summary));
    if (data.first) box.appendChild(line("p", "preview-first", data.first));
    var meta = [data.author, data.updated ? "updated " + data.updated : ""].filter(Boolean).join(" · ");
    if (meta) box.appendChild(line("p", "preview-meta", meta));
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(384, document.documentElement.clientWidth - 16);
    box.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    box.style.top = (r.bottom + window.scrollY + 6) + "px";
    var below = window.innerHeight - r.bottom;
    if (below < box.offsetHeight + 12 && r.top > box.offsetHeight + 12) {
      box.style.top = (r.top + window.scrollY - box.offsetHeight - 6) + "px";
    }
  }

  function show(link) {
    var path = target(link);
    if (!path) return;
    load(path, function (data) {
      if (!data || current !== link) return;
      fill(data);
      box.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", box.id);
    });
  }

  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    box.hidden = true;
  }

  // When the last pointer was a finger, focus comes from a tap.
  var touched = false;
  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch";
  }, true);

  function enter(event) {
    if (event.pointerType === "touch" || (event.type === "focusin" && touched)) return;
    var link = event.target.closest && event.target.closest("main a[href]");
    if (!link) return;
    clearTimeout(hideTimer);
    if (link === current) return;
    hide();
    current = link;
    showTimer = setTimeout(function () { show(link); }, SHOW_AFTER);
  }

  function leave(event) {
    var link = event.target.closest && event.target.closest("main a[href]");
    if (!link || link !== current) return;
    if (event.relatedTarget && (link.contains(event.relatedTarget) || box.contains(event.relatedTarget))) return;
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_AFTER);
  }

  document.addEventListener("pointerover", enter);
  document.addEventListener("focusin", enter);
  document.addEventListener("pointerout", leave);
  document.addEventListener("focusout", leave);
  box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  box.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, HIDE_AFTER); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !box.hidden) hide();
  });
})();
