/* Filter box of long references (settings, known issues): progressive enhancement.
 *
 * The page shows every entry; this script, loaded only on pages with a filter
 * (cloudempiere_docs.toolkit.filter), turns each hidden placeholder [data-cedocs-filter]
 * into a text box and one list per facet named in it. A list offers the values the
 * entries show (.cedocs-facet-<facet>, several values as .cedocs-facet-value inside it).
 * Entries (.cedocs-entry) that do not match are hidden, and groups (.cedocs-filter-group)
 * left without a visible entry too. Nothing is fetched: it works from file:// as well.
 */
(function () {
  "use strict";

  function parse(text) {
    try { return JSON.parse(text || "{}") || {}; } catch (e) { return {}; }
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }

  function normal(value) {
    return String(value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // "12.1" before "12.10", "Tax" before "Web UI": numbers compared as numbers.
  function compare(a, b) {
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
  }

  function valuesOf(entry, facet) {
    var holder = entry.querySelector(".cedocs-facet-" + facet);
    if (!holder) return [];
    var parts = holder.querySelectorAll(".cedocs-facet-value");
    var list = parts.length ? Array.prototype.map.call(parts, function (p) { return p.textContent; })
                            : String(holder.textContent).split(",");
    return list.map(function (v) { return v.trim(); }).filter(Boolean);
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function setUp(box, number) {
    var scope = box.closest(".cedocs-filter-scope") || box.parentNode;
    var entries = Array.prototype.slice.call(scope.querySelectorAll(".cedocs-entry"));
    if (!entries.length) return;
    var texts = parse(box.getAttribute("data-cedocs-filter-texts"));
    var facets = String(box.getAttribute("data-cedocs-filter") || "").split(/\s+/).filter(function (f) {
      return /^[a-z][a-z0-9-]*$/.test(f);
    });
    var data = entries.map(function (entry) {
      var values = {};
      facets.forEach(function (f) { values[f] = valuesOf(entry, f); });
      return { entry: entry, text: normal(entry.textContent), values: values };
    });

    var form = element("form", "cedocs-filter-form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var id = "cedocs-filter-" + number;
    var textLabel = element("label", "cedocs-filter-field");
    textLabel.appendChild(element("span", "cedocs-filter-label", texts.filter || "Filter"));
    var input = element("input", "cedocs-filter-input");
    input.type = "search";
    input.id = id + "-text";
    input.autocomplete = "off";
    textLabel.appendChild(input);
    form.appendChild(textLabel);

    var selects = {};
    facets.forEach(function (facet) {
      var seen = {};
      data.forEach(function (d) { d.values[facet].forEach(function (v) { seen[v] = true; }); });
      var options = Object.keys(seen).sort(compare);
      if (options.length < 2) return; // nothing to choose between
      var label = element("label", "cedocs-filter-field");
      label.appendChild(element("span", "cedocs-filter-label", texts[facet] || facet));
      var select = element("select", "cedocs-filter-select");
      select.id = id + "-" + facet;
      select.appendChild(element("option", "", texts.all || "All")).value = "";
      options.forEach(function (value) { select.appendChild(element("option", "", value)).value = value; });
      label.appendChild(select);
      form.appendChild(label);
      selects[facet] = select;
    });

    var reset = element("button", "cedocs-filter-reset", texts.reset || "Show all");
    reset.type = "button";
    form.appendChild(reset);
    var status = element("p", "cedocs-filter-status");
    status.setAttribute("role", "status");
    form.appendChild(status);

    function apply() {
      var words = normal(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      data.forEach(function (d) {
        var ok = words.every(function (w) { return d.text.indexOf(w) >= 0; });
        Object.keys(selects).forEach(function (facet) {
          var wanted = selects[facet].value;
          if (ok && wanted) ok = d.values[facet].indexOf(wanted) >= 0;
        });
        d.entry.hidden = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(scope.querySelectorAll(".cedocs-filter-group"), function (group) {
        group.hidden = !group.querySelector(".cedocs-entry:not([hidden])");
      });
      var filtered = shown < data.length;
      status.textContent = !shown ? (texts.none || "") : filtered ? fill(texts.count, { shown: shown, total: data.length }) : "";
      reset.hidden = !filtered;
    }

    input.addEventListener("input", apply);
    Object.keys(selects).forEach(function (facet) { selects[facet].addEventListener("change", apply); });
    reset.addEventListener("click", function () {
      input.value = "";
      Object.keys(selects).forEach(function (facet) { selects[facet].value = ""; });
      apply();
      input.focus();
    });
    box.appendChild(form);
    box.hidden = false;
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-cedocs-filter]"), function (box, number) {
    try { setUp(box, number + 1); } catch (e) { /* the entries stay visible, unfiltered */ }
  });
})();
