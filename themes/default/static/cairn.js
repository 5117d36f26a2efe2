// Cairn's default theme works without JavaScript. This script only adds
// reading progress on the induction path, remembered in this browser
// (localStorage): nothing is sent anywhere.
(function () {
  "use strict";
  var KEY = "cairn.induction.read";

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function save(read) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(read));
    } catch (e) {
      /* Storage may be disabled: progress is then not remembered. */
    }
  }

  function showProgress() {
    var read = load();
    var items = document.querySelectorAll("[data-induction-item]");
    var done = 0;
    items.forEach(function (item) {
      var isRead = !!read[item.getAttribute("data-induction-item")];
      item.classList.toggle("read", isRead);
      if (isRead) done += 1;
    });
    var progress = document.getElementById("induction-progress");
    if (progress && items.length) {
      progress.textContent = done + " of " + items.length + " read.";
      progress.hidden = false;
    }
  }

  document.querySelectorAll("[data-induction-page]").forEach(function (box) {
    var page = box.getAttribute("data-induction-page");
    var input = box.querySelector("input[type=checkbox]");
    input.checked = !!load()[page];
    input.addEventListener("change", function () {
      var read = load();
      if (input.checked) read[page] = true;
      else delete read[page];
      save(read);
    });
    box.hidden = false;
  });
  showProgress();
})();
