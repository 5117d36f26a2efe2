// Cairn's preview server adds this script to every page it serves (never to
// a published build). It listens for the server's events: after a good
// rebuild it reloads the page (or only its stylesheets); after a failed one
// it shows the build's problems over the page until the next good build.
// The browser reconnects by itself when the server restarts.
(function () {
  "use strict";
  var OVERLAY_ID = "cairn-build-errors";

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showOverlay(diagnostics) {
    removeOverlay();
    var box = document.createElement("section");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "The last change does not build");
    box.style.cssText =
      "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;padding:1rem 1.25rem;" +
      "background:#fff;color:#1a1a1a;border:3px solid #b00020;border-radius:6px;" +
      "box-shadow:0 4px 24px rgba(0,0,0,.35);font:15px/1.45 system-ui,sans-serif";
    var heading = document.createElement("h2");
    heading.textContent = "The last change does not build";
    heading.style.cssText = "margin:0 0 .5rem;color:#b00020;font-size:1.25rem";
    var note = document.createElement("p");
    note.textContent =
      "This page shows the last version that built. Fix the problems below and save: " +
      "the page reloads by itself.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "position:absolute;top:.75rem;right:.75rem";
    close.addEventListener("click", removeOverlay);
    box.appendChild(close);
    box.appendChild(heading);
    box.appendChild(note);
    diagnostics.forEach(function (d) {
      var pre = document.createElement("pre");
      pre.className = "cairn-diagnostic cairn-" + d.severity;
      pre.textContent = d.text;
      pre.style.cssText =
        "white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border-left:4px solid " +
        (d.severity === "error" ? "#b00020" : "#8a6d00") + ";font:13px/1.4 ui-monospace,monospace";
      box.appendChild(pre);
    });
    document.body.appendChild(box);
    close.focus();
  }

  function reloadStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("cairn-reload", String(Date.now()));
      link.href = url.toString();
    });
  }

  function parse(data) {
    try {
      return JSON.parse(data) || [];
    } catch (e) {
      return [{ severity: "error", text: String(data) }];
    }
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__cairn/events");
  // The server greets every connection. A second greeting means it was
  // restarted (and the browser reconnected): what it serves may differ.
  var greeted = false;
  events.addEventListener("hello", function () {
    if (greeted) window.location.reload();
    greeted = true;
    // Says the page is listening: for people debugging, and for tests.
    document.documentElement.setAttribute("data-cairn-live", "listening");
  });
  events.addEventListener("reload", function (event) {
    removeOverlay();
    if (event.data === "css") reloadStylesheets();
    else window.location.reload();
  });
  events.addEventListener("build-error", function (event) {
    showOverlay(parse(event.data));
  });
})();
