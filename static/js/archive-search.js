// The offline search of the static archive (portal/archive.py, `manage.py export_static`): it filters the
// prebuilt index (window.GKA_ARCHIVE_INDEX, from zoekindex.js beside the page) by the words typed, with no
// server and nothing from elsewhere. A page matches when it holds every word; case and accents do not matter.
(function () {
  "use strict";

  var MAX_SHOWN = 50;

  function normalised(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return normalised(text).split(/[^0-9a-z\u00c0-\uffff]+/).filter(Boolean);
  }

  function search(index, query) {
    var wanted = words(query);
    if (!wanted.length) {
      return [];
    }
    var hits = [];
    index.forEach(function (entry) {
      var title = normalised(entry.titel);
      var all = wanted.every(function (word) {
        return entry.zoektekst.indexOf(word) !== -1 || title.indexOf(word) !== -1;
      });
      if (all) {
        var inTitle = wanted.filter(function (word) { return title.indexOf(word) !== -1; }).length;
        hits.push({ entry: entry, score: inTitle });
      }
    });
    // Words in the title first; otherwise the index's own order (interventions, then by title).
    return hits
      .map(function (hit, position) { hit.position = position; return hit; })
      .sort(function (a, b) { return b.score - a.score || a.position - b.position; })
      .map(function (hit) { return hit.entry; });
  }

  function show(form, section, query, hits) {
    var heading = section.querySelector("h2");
    var list = section.querySelector("ol");
    var root = form.getAttribute("data-root");
    list.replaceChildren();
    if (!query.trim()) {
      section.hidden = true;
      return;
    }
    var count = hits.length;
    heading.textContent = count + (count === 1 ? " resultaat" : " resultaten") + " voor \u201c" + query.trim() + "\u201d";
    hits.slice(0, MAX_SHOWN).forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "hit";
      var kind = document.createElement("p");
      kind.className = "hit-kind";
      kind.textContent = entry.soort;
      var title = document.createElement("h3");
      title.className = "hit-title";
      var link = document.createElement("a");
      link.href = root + entry.adres;
      link.textContent = entry.titel;
      title.appendChild(link);
      item.append(kind, title);
      if (entry.tekst) {
        var text = document.createElement("p");
        text.className = "hit-snippet";
        text.textContent = entry.tekst;
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    if (count > MAX_SHOWN) {
      var more = document.createElement("li");
      more.textContent = "De eerste " + MAX_SHOWN + " staan hierboven. Voeg een woord toe om verder te zoeken.";
      list.appendChild(more);
    }
    if (!count) {
      var none = document.createElement("li");
      none.textContent = "Niets gevonden. Probeer een ander of korter woord.";
      list.appendChild(none);
    }
    section.hidden = false;
  }

  function start() {
    var form = document.getElementById("archive-search");
    var section = document.getElementById("archive-results");
    var index = window.GKA_ARCHIVE_INDEX;
    if (!form || !section || !Array.isArray(index)) {
      return;
    }
    document.getElementById("archive-search-nojs").hidden = true;
    var input = form.querySelector("input[name=q]");
    // The header's search form on every page sends its words here as ?q=.
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    show(form, section, query, search(index, query));
    input.addEventListener("input", function () {
      show(form, section, input.value, search(index, input.value));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(form, section, input.value, search(index, input.value));
      section.querySelector("h2").focus();
    });
  }

  start();
})();
