/* Downloads and "View as Markdown" (cloudempiere_docs.formats).
 *
 * - Sizes of the downloads come from the site's page map (window.cedocsPageMap.sizes,
 *   written when the site is assembled: site/pagemap.py, the same sizes versions.json
 *   lists); without it the links simply show no size. No request is made for them.
 * - A copy of the site opened from files (the HTML zip) cannot reach the downloads,
 *   other versions or other pages' text: links marked data-cedocs-online go to the online
 *   site instead, and the copy button stays hidden (the "View as Markdown" link works).
 * - The copy button fetches this page's Markdown and puts it on the clipboard; where the
 *   clipboard is not available it says so in its status line and never throws.
 */
(function () {
  "use strict";
  var offline = location.protocol === "file:";

  if (offline) {
    document.querySelectorAll("a[data-cedocs-online]").forEach(function (link) {
      link.setAttribute("href", link.getAttribute("data-cedocs-online"));
    });
  }

  function formatSize(bytes, lang) {
    var units = ["B", "kB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
    var digits = value < 10 && unit > 0 ? 1 : 0;
    var number;
    try {
      number = new Intl.NumberFormat(lang || undefined, { maximumFractionDigits: digits }).format(value);
    } catch (e) {
      number = value.toFixed(digits);
    }
    return number + "\u00a0" + units[unit];
  }

  function showSizes(sizes) {
    var lang = document.documentElement.getAttribute("lang");
    document.querySelectorAll("[data-cedocs-size]").forEach(function (el) {
      var key = el.getAttribute("data-cedocs-size");
      var size = Object.prototype.hasOwnProperty.call(sizes, key) ? sizes[key] : null;
      if (typeof size === "number" && isFinite(size) && size >= 0) el.textContent = " (" + formatSize(size, lang) + ")";
    });
  }

  var map = window.cedocsPageMap;
  if (map && typeof map === "object" && map.sizes && typeof map.sizes === "object") showSizes(map.sizes);

  var actions = document.querySelector(".cedocs-page-actions");
  var button = actions && actions.querySelector(".cedocs-copy-markdown");
  if (!button || offline || typeof fetch !== "function") return;
  var status = actions.querySelector(".cedocs-copy-status");
  var texts = {};
  try { texts = JSON.parse(actions.getAttribute("data-cedocs-texts") || "{}"); } catch (e) { texts = {}; }

  function say(text) {
    status.textContent = "";
    // A new text node each time, so screen readers announce a repeated message too.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () {
        return copyWithSelection(text);
      });
    }
    return Promise.resolve(copyWithSelection(text));
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    fetch(button.getAttribute("data-cedocs-markdown"), { cache: "no-cache" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(copy)
      .then(function (ok) { say(ok ? texts.copied : texts.failed); }, function () { say(texts.failed); })
      .then(function () { button.disabled = false; });
  });
})();
