/* Search page of the published site.
 *
 * Definitions first: a query that is the exact name of a reference entry (a setting key,
 * a defect ID, a window, form or tax name, in the language of the page), or a prefix of
 * four characters or more of a key or ID, lists that entry with its anchor before any
 * page, as Sphinx's object search does (cedocs-definitions.js, written by the build:
 * cloudempiere_docs.ext.definitions). Case, diacritics, "_" and punctuation do not matter.
 *
 * Then pages: Pagefind's bundle of this version and language (<version>/pagefind/, written
 * by cloudempiere_docs.site.search), so results never mix versions or languages, each
 * with the sections that matched. Pagefind folds diacritics: "faktury" finds "faktúry".
 * When the bundle is missing (a site that was not indexed) the page loads Sphinx's own
 * search instead, as it does at once in a copy opened from files (the offline HTML zip,
 * or the site opened from the file system), where browsers refuse to load modules and
 * to fetch pages for result summaries.
 * Everything the reader typed or the index returned reaches the page as text only.
 */
(function () {
  "use strict";
  var MAX_QUERY = 200; // longer input is cut: no page holds a phrase that long
  var MAX_RESULTS = 30;
  var MAX_DEFINITIONS = 5;
  var MAX_SECTIONS = 3;
  var results = document.getElementById("search-results");
  var status = document.getElementById("cedocs-search-status");
  var form = document.querySelector(".cedocs-search-form");
  if (!results || !status || !form) return;
  var root = new URL(document.documentElement.getAttribute("data-content_root") || "./", location.href);
  var texts = results.dataset;
  var inputs = document.querySelectorAll('input[name="q"]');
  var latest = 0; // only the newest search may render

  function clean(value) {
    return String(value || "").slice(0, MAX_QUERY).trim();
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return key in values ? values[key] : m;
    });
  }

  // Pagefind's excerpt is escaped text with <mark> around matches: keep only those two.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "context";
    var parsed = new DOMParser().parseFromString(String(html), "text/html"); // inert document
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function href(url) {
    var target = new URL(String(url || ""), root);
    return target.origin === location.origin ? target.href : root.href;
  }

  // A Pagefind result: the page, its excerpt, and the sections of it that matched.
  function item(data) {
    var li = document.createElement("li");
    li.className = "cedocs-search-page";
    var link = document.createElement("a");
    link.href = href(data.url);
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(link);
    li.appendChild(excerpt(data.excerpt));
    var sections = (Array.isArray(data.sub_results) ? data.sub_results : []).filter(function (sub) {
      return sub && typeof sub.url === "string" && sub.url.indexOf("#") > 0 && sub.title && sub.title !== link.textContent;
    }).slice(0, MAX_SECTIONS);
    if (sections.length) {
      var list = document.createElement("ul");
      list.className = "cedocs-search-sections";
      sections.forEach(function (sub) {
        var entry = document.createElement("li");
        var a = document.createElement("a");
        a.href = href(sub.url);
        a.textContent = String(sub.title);
        entry.appendChild(a);
        list.appendChild(entry);
      });
      li.appendChild(list);
    }
    return li;
  }

  // ------------------------------------------------------------------ definitions

  function normal(value) {
    return String(value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  var index = (function () {
    var data = window.cedocsDefinitions;
    if (!data || !Array.isArray(data.entries)) return [];
    var identifiers = Array.isArray(data.identifiers) ? data.identifiers : [];
    return data.entries.filter(function (e) {
      return e && Array.isArray(e.names) && typeof e.url === "string" && typeof e.title === "string";
    }).map(function (e) {
      return { entry: e, names: e.names.map(normal), identifier: identifiers.indexOf(e.type) >= 0 };
    });
  })();

  // Typed like a key or an ID ("ZK_PAGING", "CLD-16"): one word with "_", "-" or a digit.
  var IDENTIFIER = /^[A-Za-z0-9_.-]*[_\-0-9][A-Za-z0-9_.-]*$/;

  function definitions(query) {
    var q = normal(query);
    if (!q) return [];
    var prefix = q.length >= 4 && IDENTIFIER.test(String(query).trim());
    var found = [];
    index.forEach(function (item, position) {
      var score = 0;
      item.names.forEach(function (name, n) {
        if (name === q) score = Math.max(score, 2);
        else if (prefix && item.identifier && n === 0 && name.indexOf(q) === 0) score = Math.max(score, 1);
      });
      if (score) found.push({ entry: item.entry, score: score, length: item.names[0].length, position: position });
    });
    found.sort(function (a, b) { return b.score - a.score || a.length - b.length || a.position - b.position; });
    return found.slice(0, MAX_DEFINITIONS).map(function (f) { return f.entry; });
  }

  function definition(entry) {
    var li = document.createElement("li");
    li.className = "cedocs-search-definition";
    var link = document.createElement("a");
    link.href = href(entry.url);
    link.textContent = entry.title;
    li.appendChild(link);
    var kind = document.createElement("span");
    kind.className = "cedocs-search-kind";
    kind.textContent = String(entry.kind || "");
    li.appendChild(document.createTextNode(" "));
    li.appendChild(kind);
    if (entry.summary) {
      var p = document.createElement("p");
      p.className = "context";
      p.textContent = String(entry.summary);
      li.appendChild(p);
    }
    return li;
  }

  function show(items, total, defined) {
    results.textContent = "";
    status.textContent = total || defined.length ? fill(texts.textFound, { count: total }) : texts.textNone;
    if (!items.length && !defined.length) return;
    var list = document.createElement("ul");
    list.className = "search cedocs-search-results";
    defined.forEach(function (entry) { list.appendChild(definition(entry)); });
    items.forEach(function (data) { list.appendChild(item(data)); });
    results.appendChild(list);
  }

  function run(pagefind, query) {
    var mine = ++latest;
    if (!query) {
      results.textContent = "";
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = texts.textSearching;
    var total = 0;
    var defined = definitions(query);
    return pagefind.search(query)
      .then(function (found) {
        var hits = (found && found.results) || [];
        total = hits.length;
        return Promise.all(hits.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }));
      })
      .catch(function () { total = 0; return []; })
      .then(function (items) { if (mine === latest) show(items, total, defined); });
  }

  function pagefindSearch(pagefind) {
    results.setAttribute("data-cedocs-engine", "pagefind");
    var query = clean(new URLSearchParams(location.search).get("q"));
    inputs.forEach(function (el) { el.value = query; });
    var box = form.querySelector('input[name="q"]');
    var timer = 0;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = clean(box.value);
        var url = new URL(location.href);
        if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
        history.replaceState(null, "", url.href);
        run(pagefind, q);
      }, 200);
    });
    return run(pagefind, query);
  }

  function script(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = reject;
      document.body.appendChild(el);
    });
  }

  // Sphinx's search (searchtools.js reads ?q= itself once loaded; searchindex.js feeds it).
  function sphinxSearch() {
    results.setAttribute("data-cedocs-engine", "sphinx");
    // A global const of documentation_options.js, not a property of window.
    if (location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
      DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false; // summaries are fetched pages
    }
    status.textContent = "";
    return ["_static/language_data.js", "_static/searchtools.js", "searchindex.js"].reduce(function (chain, path) {
      return chain.then(function () { return script(new URL(path, root).href); });
    }, Promise.resolve());
  }

  if (location.protocol === "file:") {
    sphinxSearch();
    return;
  }

  import(new URL("pagefind/pagefind.js", root).href)
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () { return pagefind; });
    })
    .then(pagefindSearch, sphinxSearch);
})();
