/* Version and language switchers, version banner.
 *
 * The page is at <root>/<language>/<version>/<page>.html. Its switchers are real links,
 * computed when the page was built (they work without this script). The site assembly
 * writes the page map (_static/cedocs-pagemap.js, window.cedocsPageMap: which pages
 * exist in which version and language, and which were renamed) into every tree; from it
 * this script
 *   - lists versions released after the page was built, and drops versions gone from the
 *     site, with their current labels and the banner of the page's version;
 *   - keeps the address form being read: a page read through <language>/latest/ switches
 *     language to <other>/latest/, one read as <language>/13/ to <other>/13/;
 *   - keeps the anchor of the section being read (not when a version lacks the page and
 *     the link opens that version's start page).
 * No request is made (no fetch, no HEAD): it works the same over http and from file://.
 * A missing or damaged map leaves the build-time links as they are.
 *
 * The offline HTML archive holds one version in one language; its map says it stands
 * alone ({standalone: true}, site/pagemap.py). There every link that leaves the tree
 * (other versions and languages, the banner, comparisons, the writers' book) goes to
 * the same place on the online site (data-cedocs-site), and switching language keeps
 * the version of the archive.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-cedocs-switchers]");
  if (!box) return;
  // Docnames and URL segments from the map are checked before they go into a link.
  var DOC = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
  var SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
  var root = box.getAttribute("data-cedocs-root") || "";
  var page = box.getAttribute("data-cedocs-page") || "";
  var current = box.getAttribute("data-cedocs-version") || "";
  var language = box.getAttribute("data-cedocs-language") || "";
  var site = box.getAttribute("data-cedocs-site") || "";
  var texts = parse(box.getAttribute("data-cedocs-texts"));

  function parse(text) {
    try { return JSON.parse(text || "{}") || {}; } catch (e) { return {}; }
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, key) {
      return key in values ? values[key] : m;
    });
  }

  function label(v) {
    if (v.status === "development") return fill(texts.development, { version: v.name });
    if (v.status === "latest") return fill(texts.latest, { version: v.name });
    return v.name;
  }

  // The version segment of the address being read ("latest" through the alias).
  function segmentHere() {
    try {
      var base = new URL(root || "./", location.href).pathname;
      var path = location.pathname;
      if (path.indexOf(base) !== 0) return current;
      var parts = path.slice(base.length).split("/").map(decodeURIComponent);
      if (parts.length > 2 && parts[0] === language && SEGMENT.test(parts[1])) return parts[1];
    } catch (e) { /* an unusual address: keep the version the page was built as */ }
    return current;
  }

  // A map that does not even list this page's own version is not this site's: ignore it.
  function validMap(map) {
    if (!map || typeof map !== "object" || !Array.isArray(map.versions)) return null;
    if (!map.pages || typeof map.pages !== "object") return null;
    var listed = map.versions.some(function (v) { return v && v.name === current; });
    return listed ? map : null;
  }

  var raw = window.cedocsPageMap;
  var standalone = !!(raw && typeof raw === "object" && raw.standalone === true);
  var here = standalone ? current : segmentHere();
  var map = standalone ? null : validMap(raw);

  function docs(version, lang) {
    var entry = Object.prototype.hasOwnProperty.call(map.pages, version) ? map.pages[version] : null;
    if (entry && !Array.isArray(entry) && typeof entry === "object") entry = entry[lang];
    return Array.isArray(entry) ? entry.filter(function (d) { return typeof d === "string" && DOC.test(d); }) : null;
  }

  // The same rules as cloudempiere_docs.counterparts.counterpart().
  function counterpart(name, pages) {
    if (pages.indexOf(name) >= 0) return name;
    var moved = map.moved && typeof map.moved === "object" ? map.moved : {};
    var renamed = Object.prototype.hasOwnProperty.call(moved, name) ? moved[name] : null;
    if (typeof renamed === "string" && pages.indexOf(renamed) >= 0) return renamed;
    var olds = Object.keys(moved).sort();
    for (var i = 0; i < olds.length; i++) {
      if (moved[olds[i]] === name && pages.indexOf(olds[i]) >= 0) return olds[i];
    }
    return null;
  }

  function href(lang, segment, doc) {
    return root + lang + "/" + segment + "/" + doc + ".html";
  }

  function versionSegment(v) {
    if (v.name === current) return here;
    return v.name === map.latest && v.status !== "development" ? "latest" : v.name;
  }

  function linkFor(list, attribute, value) {
    var links = list.querySelectorAll("a[" + attribute + "]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute(attribute) === value) return links[i];
    }
    return null;
  }

  function setLink(a, url, missing, version) {
    a.setAttribute("href", url);
    var note = a.querySelector(".cedocs-switcher-note");
    if (missing) {
      a.setAttribute("data-cedocs-start-page", "");
      a.setAttribute("title", fill(texts.start_page_hint, { version: version }));
      if (!note) {
        note = document.createElement("span");
        note.className = "cedocs-switcher-note";
        a.appendChild(document.createTextNode(" "));
        a.appendChild(note);
      }
      note.textContent = "(" + (texts.start_page || "") + ")";
    } else {
      a.removeAttribute("data-cedocs-start-page");
      a.removeAttribute("title");
      if (note) {
        if (note.previousSibling && note.previousSibling.nodeType === 3) a.removeChild(note.previousSibling);
        a.removeChild(note);
      }
    }
  }

  function refreshVersions(generated) {
    var switcher = box.querySelector('[data-cedocs-switcher="version"]');
    var list = switcher && switcher.querySelector("ul");
    if (!list) return;
    var seen = [];
    map.versions.forEach(function (v) {
      if (!v || typeof v.name !== "string" || !SEGMENT.test(v.name)) return;
      seen.push(v.name);
      var a = linkFor(list, "data-cedocs-version", v.name);
      if (!a) {
        var li = document.createElement("li");
        a = document.createElement("a");
        a.setAttribute("data-cedocs-version", v.name);
        li.appendChild(a);
      }
      list.appendChild(a.parentNode); // in the map's order, newest first
      var pages = docs(v.name, language);
      var target = v.name === current || generated ? page : pages ? counterpart(page, pages) : undefined;
      if (target === undefined && a.getAttribute("href")) {
        // The map has no pages for this version: keep the link the build computed.
      } else {
        setLink(a, href(language, versionSegment(v), target || "index"), !target, v.name);
      }
      var note = a.querySelector(".cedocs-switcher-note");
      a.textContent = label(v);
      if (note) { a.appendChild(document.createTextNode(" ")); a.appendChild(note); }
      if (v.name === current) {
        a.setAttribute("aria-current", "page");
        var shown = switcher.querySelector(".cedocs-switcher-current");
        if (shown) shown.textContent = label(v);
      }
    });
    var links = list.querySelectorAll("a[data-cedocs-version]");
    for (var i = 0; i < links.length; i++) {
      if (seen.indexOf(links[i].getAttribute("data-cedocs-version")) < 0) list.removeChild(links[i].parentNode);
    }
  }

  function refreshLanguages(generated) {
    var list = box.querySelector('[data-cedocs-switcher="language"] ul');
    if (!list) return;
    var links = list.querySelectorAll("a[data-cedocs-language]");
    for (var i = 0; i < links.length; i++) {
      var lang = links[i].getAttribute("data-cedocs-language");
      var pages = docs(current, lang);
      var target = generated || !pages || pages.indexOf(page) >= 0 ? page : null;
      setLink(links[i], href(lang, here, target || "index"), !target, current);
    }
  }

  function refreshBanner() {
    var banner = document.querySelector("[data-cedocs-banner]");
    if (!banner) return;
    var mine = map.versions.filter(function (v) { return v && v.name === current; })[0];
    var status = mine ? mine.status : "outdated";
    var text = status === "outdated" ? texts.outdated : status === "development" ? texts.unreleased : "";
    banner.classList.toggle("cedocs-hidden", !text);
    if (!text || typeof map.latest !== "string" || !SEGMENT.test(map.latest)) return;
    banner.querySelector(".cedocs-banner-text").textContent = fill(text, { version: current });
    var link = banner.querySelector(".cedocs-banner-link");
    link.textContent = fill(texts.to_latest, { latest: map.latest });
    var pages = docs(map.latest, language);
    var target = pages ? counterpart(page, pages) : null;
    link.setAttribute("href", href(language, "latest", target || "index"));
  }

  // The offline archive: a link that leaves its folder (written for the site, where the
  // other versions and languages are next to this one) goes to the same address online,
  // or back into the folder when that address is in this tree. Links inside stay as they
  // are. Where a link leads is worked out on this page's online address and, for the
  // folder, on a stand-in one ("x:" below): no file is read.
  function pointOnline() {
    var up = page.split("/").length - 1;
    var local = new Array(up + 1).join("../");
    var tree = new URL(language + "/" + current + "/", site).href;
    var online = new URL(page + ".html", tree).href;
    var folder = "http://x/archive/";
    var here = new URL(page + ".html", folder).href;
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (a.hasAttribute("data-cedocs-online")) { // downloads: never in the archive
        a.setAttribute("href", a.getAttribute("data-cedocs-online"));
        continue;
      }
      var value = a.getAttribute("href");
      if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(value)) continue; // absolute, or this page
      if (new URL(value, here).href.indexOf(folder) === 0) continue; // inside the folder
      var url = new URL(value, online).href;
      a.setAttribute("href", url.indexOf(tree) === 0 ? local + url.slice(tree.length) : url);
    }
  }

  // In the archive the version being read is its own, never the `latest` alias.
  function refreshOffline() {
    var links = box.querySelectorAll("a[data-cedocs-language], a[data-cedocs-version]");
    for (var i = 0; i < links.length; i++) {
      var lang = links[i].getAttribute("data-cedocs-language");
      if (lang) links[i].setAttribute("href", href(lang, current, page));
      else if (links[i].getAttribute("data-cedocs-version") === current) links[i].setAttribute("href", href(language, current, page));
    }
  }

  // Keep the anchor of the section being read when following a switcher link.
  box.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[data-cedocs-version], a[data-cedocs-language]");
    if (!a || !location.hash || a.hasAttribute("data-cedocs-start-page")) return;
    a.hash = location.hash;
  });

  // One open switcher at a time; Escape closes it.
  var panels = box.querySelectorAll("details");
  Array.prototype.forEach.call(panels, function (panel) {
    panel.addEventListener("toggle", function () {
      if (!panel.open) return;
      Array.prototype.forEach.call(panels, function (other) { if (other !== panel) other.open = false; });
    });
  });
  box.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = box.querySelector("details[open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });

  try {
    if (standalone && /^https?:\/\//.test(site)) {
      refreshOffline();
      pointOnline();
    } else if (map) {
      var own = docs(current, language);
      var generated = !own || own.indexOf(page) < 0; // search, genindex: in every version
      refreshVersions(generated);
      refreshLanguages(generated);
      refreshBanner();
    }
  } catch (e) {
    /* a damaged map: the build-time links and banner stay */
  } finally {
    box.setAttribute("data-cedocs-ready", standalone ? "standalone" : map ? "map" : "build"); // for tests and tools
  }
})();
