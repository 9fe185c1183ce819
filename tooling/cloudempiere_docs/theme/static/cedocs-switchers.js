/* Version and language switchers, version banner.
 *
 * The page is at <root>/<language>/<version>/<page>.html. versions.json at <root> is read
 * when the page is viewed, so pages built long ago still list new releases and show the
 * right banner. Switching keeps the current page when it exists in the target (checked
 * with a HEAD request) and falls back to the target's start page.
 *
 * Opened from files (the offline HTML zip), a page can read no other file: the options
 * rendered at build time stay, switching opens the page on the online site
 * (data-cedocs-site) and the banner links there too. The promise of versions.json is
 * shared as window.cedocsVersions (cedocs-formats.js shows download sizes from it).
 */
(function () {
  "use strict";
  var box = document.querySelector(".cedocs-switchers");
  if (!box) return;
  var root = box.getAttribute("data-cedocs-root");
  var page = box.getAttribute("data-cedocs-page");
  var current = box.getAttribute("data-cedocs-version");
  var language = box.getAttribute("data-cedocs-language");
  var texts = JSON.parse(box.getAttribute("data-cedocs-texts") || "{}");
  var versionSelect = box.querySelector(".cedocs-version-select");
  var languageSelect = box.querySelector(".cedocs-language-select");
  var site = box.getAttribute("data-cedocs-site") || "";
  var offline = location.protocol === "file:";

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return key in values ? values[key] : m;
    });
  }

  function exists(url) {
    return fetch(url, { method: "HEAD", cache: "no-store" })
      .then(function (r) { return r.ok; })
      .catch(function () { return false; });
  }

  function go(lang, version) {
    if (offline) {
      if (site) window.location.href = site + lang + "/" + version + "/" + page + ".html";
      return;
    }
    var base = root + lang + "/" + version + "/";
    var target = base + page + ".html";
    exists(target).then(function (ok) {
      window.location.href = ok ? target + window.location.hash : base + "index.html";
    });
  }

  versionSelect.addEventListener("change", function () { go(language, versionSelect.value); });
  languageSelect.addEventListener("change", function () { go(languageSelect.value, current); });

  function label(v) {
    if (v.status === "development") return fill(texts.development, { version: v.name });
    if (v.status === "latest") return fill(texts.latest, { version: v.name });
    return v.name;
  }

  function updateBanner(data) {
    var banner = document.querySelector("[data-cedocs-banner]");
    if (!banner) return;
    var mine = data.versions.filter(function (v) { return v.name === current; })[0];
    var status = mine ? mine.status : "outdated";
    var text = status === "outdated" ? texts.outdated : status === "development" ? texts.unreleased : "";
    banner.classList.toggle("cedocs-hidden", !text);
    if (!text) return;
    banner.querySelector(".cedocs-banner-text").textContent = fill(text, { version: current });
    var link = banner.querySelector(".cedocs-banner-link");
    link.textContent = fill(texts.to_latest, { latest: data.latest });
    var target = root + language + "/" + data.latest + "/" + page + ".html";
    return exists(target).then(function (ok) {
      link.setAttribute("href", ok ? target : root + language + "/" + data.latest + "/index.html");
    });
  }

  if (offline) {
    var banner = document.querySelector("[data-cedocs-banner] .cedocs-banner-link");
    if (banner && site) banner.setAttribute("href", site + language + "/latest/index.html");
    box.setAttribute("data-cedocs-ready", "");
    return;
  }

  window.cedocsVersions = fetch(root + "versions.json", { cache: "no-cache" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  window.cedocsVersions
    .then(function (data) {
      versionSelect.textContent = "";
      data.versions.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v.name;
        option.textContent = label(v);
        option.selected = v.name === current;
        versionSelect.appendChild(option);
      });
      return updateBanner(data);
    })
    .catch(function () { /* keep the build-time options and banner */ })
    .then(function () { box.setAttribute("data-cedocs-ready", ""); }); // for tests and tools
})();
