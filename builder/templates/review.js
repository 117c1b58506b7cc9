/* Review pages of quote-builder: link speaker mentions to their quotes on hover, filter the index,
   and check in the browser that every quote is drawn highlighted and attributed (the counts go to
   data-* attributes of the body, for tests, and to the status line). No dependencies. */
(function () {
  "use strict";

  function pieces(q) {
    return document.querySelectorAll('[data-q~="' + q + '"]');
  }

  function light(el, on) {
    (el.getAttribute("data-q") || "").split(" ").forEach(function (q) {
      if (q) { pieces(q).forEach(function (p) { p.classList.toggle("hl", on); }); }
    });
  }

  document.querySelectorAll("[data-q]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { light(el, true); });
    el.addEventListener("mouseleave", function () { light(el, false); });
  });

  // A quote counts as highlighted when one of its pieces has a box on screen and a background
  // colour, and as attributed when its speaker label names someone.
  var status = document.getElementById("status");
  if (status) {
    var expected = Number(document.body.getAttribute("data-expected-quotes"));
    var drawn = {}, attributed = {};
    document.querySelectorAll("mark.q").forEach(function (m) {
      var box = m.getBoundingClientRect(), bg = getComputedStyle(m).backgroundColor;
      if (box.width > 0 && box.height > 0 && bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") {
        drawn[m.getAttribute("data-q")] = true;
      }
    });
    document.querySelectorAll("sup.who[data-q]:not(.none)").forEach(function (w) {
      if (w.getBoundingClientRect().width > 0) { attributed[w.getAttribute("data-q")] = true; }
    });
    var nDrawn = Object.keys(drawn).length, nAttr = Object.keys(attributed).length;
    document.body.setAttribute("data-rendered-quotes", String(nDrawn));
    document.body.setAttribute("data-attributed-quotes", String(nAttr));
    status.textContent = nDrawn + " of " + expected + " quotes highlighted, " + nAttr + " attributed to a speaker";
    status.classList.add(nDrawn === expected ? "ok" : "bad");
  }

  // Index: filter rows by text and, after `review --diff`, to the articles that changed.
  var search = document.getElementById("filter"), onlyChanged = document.getElementById("only-changed");
  function filter() {
    var needle = search ? search.value.toLowerCase() : "";
    document.querySelectorAll("tbody tr[data-text]").forEach(function (row) {
      var hide = (needle && row.getAttribute("data-text").indexOf(needle) < 0) ||
                 (onlyChanged && onlyChanged.checked && row.getAttribute("data-changed") !== "1");
      row.classList.toggle("hidden", Boolean(hide));
    });
  }
  if (search) { search.addEventListener("input", filter); }
  if (onlyChanged) { onlyChanged.addEventListener("change", filter); }
  filter();
})();
