/* Search page of the published site.
 *
 * Queries Pagefind's bundle of this version and language (<version>/pagefind/, written by
 * cloudempiere_docs.site.search), so results never mix versions or languages. Pagefind
 * folds diacritics: "faktury" finds "faktúry". When the bundle is missing (a site that
 * was not indexed) the page loads Sphinx's own search instead, as it does at once in a
 * copy opened from files (the offline HTML zip), where browsers refuse to load modules
 * and to fetch pages for result summaries.
 * Everything the reader typed or the index returned reaches the page as text only.
 */
(function () {
  "use strict";
  var MAX_QUERY = 200; // longer input is cut: no page holds a phrase that long
  var MAX_RESULTS = 30;
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

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    var url = new URL(data.url, root);
    link.href = url.origin === location.origin ? url.href : root.href;
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(link);
    li.appendChild(excerpt(data.excerpt));
    return li;
  }

  function show(items, total) {
    results.textContent = "";
    status.textContent = total ? fill(texts.textFound, { count: total }) : texts.textNone;
    if (!items.length) return;
    var list = document.createElement("ul");
    list.className = "search cedocs-search-results";
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
    return pagefind.search(query)
      .then(function (found) {
        var hits = (found && found.results) || [];
        total = hits.length;
        return Promise.all(hits.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }));
      })
      .catch(function () { total = 0; return []; })
      .then(function (items) { if (mine === latest) show(items, total); });
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
