(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var sev = document.getElementById("f-sev");
  var rule = document.getElementById("f-rule");
  var area = document.getElementById("f-area");
  var count = document.getElementById("f-count");
  var matrix = document.getElementById("matrix");
  function has(el, name, v) {
    return !v || (" " + (el.getAttribute(name) || "") + " ").indexOf(" " + v + " ") >= 0;
  }
  function apply() {
    var s = sev.value, r = rule.value, a = area.value, shown = 0;
    document.querySelectorAll("li.finding").forEach(function (li) {
      var ok = has(li, "data-sev", s) && has(li, "data-rule", r) && has(li, "data-areas", a);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("details.file").forEach(function (d) {
      d.hidden = !d.querySelector("li.finding:not([hidden])");
    });
    if (matrix) {
      matrix.querySelectorAll("tbody tr").forEach(function (tr) {
        tr.hidden = !has(tr, "data-areas", a);
      });
      var col = rule.selectedOptions.length ? rule.selectedOptions[0].getAttribute("data-col") : null;
      matrix.querySelectorAll(".hl").forEach(function (c) { c.classList.remove("hl"); });
      if (col) {
        matrix.querySelectorAll("tr").forEach(function (tr) {
          var c = tr.children[Number(col)];
          if (c) { c.classList.add("hl"); }
        });
      }
    }
    count.textContent = shown === 1 ? "1 finding shown" : shown + " findings shown";
  }
  [sev, rule, area].forEach(function (e) { e.addEventListener("change", apply); });
  document.getElementById("f-open").addEventListener("click", function () {
    document.querySelectorAll("details.file:not([hidden])").forEach(function (d) { d.open = true; });
  });
  document.getElementById("f-close").addEventListener("click", function () {
    document.querySelectorAll("details.file").forEach(function (d) { d.open = false; });
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    var d = el.closest("details");
    if (d && !d.open) { d.open = true; el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  apply();
})();
